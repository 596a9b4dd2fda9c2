//! The month-end write run: employer agents submitting enrolments and stops, residents
//! reading their records, all at once against one server.
//!
//! A stop needs someone employed since an earlier month, so each run first plays last
//! month: the server starts with its clock a month back, the agents enrol the employees
//! that this month's stops will be for, and the reviewer approves them. Then the server
//! restarts on the same data, with the real clock, and the clients start together: of
//! every eight clients, seven are employer agents (every eighth of their submissions a
//! stop, while there are employees left to stop) submitting as fast as the server
//! answers, and one is a resident reading, ten times a second, in turn their status, the
//! 36 months a personal certificate prints and their pension history.

use super::http::{get_json, Session};
use super::{citizen_id, percentiles, start_in, tempfile_dir, Options};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const AGENTS: [&str; 2] = ["employer", "employer2"];
const EMPLOYER_PASSWORD: &str = "Demo-Employer-2026";
/// Resident sessions reading during the run (`resident-1` … on the demo set).
const RESIDENTS: usize = 32;
/// How often each resident reads: a person looks at a page before the next, so residents
/// read on a schedule (each latency counted from when its read was due, so a slow answer
/// hides no later one), while the agents submit as fast as the server answers.
const READ_INTERVAL: Duration = Duration::from_millis(100);
/// Citizen-ID numbers of last month's employees start here (this month's enrolments
/// count from 0), so the two never collide.
const LAST_MONTH_IDS: u64 = 5_000_000;
/// Back far enough to be in an earlier month on any day of this one.
const A_MONTH_AGO_MS: i64 = 32 * 24 * 60 * 60 * 1000;

pub struct Outcome {
    pub enrolments: u64,
    pub stops: u64,
    pub refused: u64,
    /// The first refusal, for the report (a run with refusals is not a clean run).
    pub first_refusal: Option<String>,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub commits: u64,
    pub reads: u64,
    pub failed_reads: u64,
    pub read_p50_ms: f64,
    pub read_p99_ms: f64,
}

impl Outcome {
    pub fn submissions(&self) -> u64 {
        self.enrolments + self.stops
    }
    pub fn per_second(&self) -> f64 {
        self.submissions() as f64 / self.seconds
    }
}

/// One run on a fresh data directory (and whatever `engine` adds: a schema, the group
/// size).
pub async fn run(o: &Options, engine: &[&str]) -> Outcome {
    let data_dir = tempfile_dir();
    let residents = RESIDENTS.to_string();
    let mut args = engine.to_vec();
    args.extend(["--demo-resident-accounts", &residents]);

    let offset = format!("--clock-offset-ms=-{A_MONTH_AGO_MS}");
    let last_month = start_in(o, &data_dir, 100, &[&args[..], &[&offset]].concat(), |_| {});
    let employees = employ_last_month(&last_month.url, o.stop_targets).await;
    drop(last_month);

    let server = start_in(o, &data_dir, 100, &args, |_| {});
    drive(o, &server.url, employees).await
}

/// Enrols `count` people (half with each agent) and approves them; answers each agent's
/// new employees' citizen IDs.
async fn employ_last_month(url: &str, count: usize) -> [Vec<String>; 2] {
    let month = handling_month(url).await;
    let agents = [
        Arc::new(login(url, AGENTS[0], EMPLOYER_PASSWORD).await),
        Arc::new(login(url, AGENTS[1], EMPLOYER_PASSWORD).await),
    ];
    let reviewer = Arc::new(login(url, "reviewer", "Demo-Reviewer-2026").await);
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..64 {
        let (agents, reviewer, next, month, url) = (
            agents.clone(),
            reviewer.clone(),
            next.clone(),
            month.clone(),
            url.to_string(),
        );
        workers.push(tokio::spawn(async move {
            let mut agent = [
                agents[0].another_connection(&url).await.unwrap(),
                agents[1].another_connection(&url).await.unwrap(),
            ];
            let mut reviewer = reviewer.another_connection(&url).await.unwrap();
            let mut employed: [Vec<String>; 2] = Default::default();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return employed;
                }
                let id = citizen_id(LAST_MONTH_IDS + i as u64);
                let receipt = agent[i % 2]
                    .submit(
                        "/api/v1/employer/enrolments",
                        &format!("last-month-{i}"),
                        &enrolment(&id, &month),
                    )
                    .await
                    .unwrap();
                assert_eq!(receipt.status, 201, "enrol {id}: {:?}", receipt.json());
                let number = receipt.json()["application_number"]
                    .as_str()
                    .unwrap()
                    .to_string();
                let decision = reviewer
                    .connection
                    .post(
                        &format!("/api/v1/reviewer/applications/{number}/decision"),
                        &[("x-csrf-token", &reviewer.csrf.clone())],
                        &json!({"action": "approve"}),
                    )
                    .await
                    .unwrap();
                assert_eq!(
                    decision.status,
                    200,
                    "approve {number}: {:?}",
                    decision.json()
                );
                employed[i % 2].push(id);
            }
        }));
    }
    let mut employed: [Vec<String>; 2] = Default::default();
    for worker in workers {
        let [a, b] = worker.await.unwrap();
        employed[0].extend(a);
        employed[1].extend(b);
    }
    employed
}

fn enrolment(citizen_id: &str, month: &str) -> Value {
    json!({
        "citizen_id": citizen_id, "name": "负载测试", "mobile": "13812345678",
        "hukou_district": "330211", "hukou_type": "urban", "employment_start": format!("{month}-01"),
        "monthly_wage": "8000", "pension_start": month, "unemployment_start": month, "checked_month": month,
    })
}

fn stop(citizen_id: &str, month: &str) -> Value {
    json!({"citizen_id": citizen_id, "stop_month": month, "reason": "resigned", "checked_month": month})
}

pub async fn login(url: &str, username: &str, password: &str) -> Session {
    Session::login(url, username, password)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn handling_month(url: &str) -> String {
    let time = get_json(url, "/api/v1/time").await.unwrap();
    time["handling_month"].as_str().unwrap().to_string()
}

/// The server's count of committed write transactions: `/metrics`, which the server
/// answers to this machine when started with `--metrics` (`start_in` passes it).
async fn commits(url: &str) -> u64 {
    let metrics = get_json(url, "/metrics").await.unwrap();
    metrics["commits"]
        .as_u64()
        .unwrap_or_else(|| panic!("no count of commits in /metrics: {metrics}"))
}

/// What one client saw.
#[derive(Default)]
struct Seen {
    submissions: Vec<f64>,
    enrolments: u64,
    stops: u64,
    refused: u64,
    first_refusal: Option<String>,
    reads: Vec<f64>,
    failed_reads: u64,
}

async fn drive(o: &Options, url: &str, employees: [Vec<String>; 2]) -> Outcome {
    let month = handling_month(url).await;
    // A few sessions per agent, shared by the clients, each client on its own
    // connection (each login costs an argon2 hash; a real employer's agents would not
    // log in 224 times either).
    let mut agents = Vec::new();
    for i in 0..8 {
        agents.push(Arc::new(login(url, AGENTS[i % 2], EMPLOYER_PASSWORD).await));
    }
    let mut residents = Vec::new();
    for i in 1..=RESIDENTS {
        residents.push(login(url, &format!("resident-{i}"), "Demo-Resident-2026").await);
    }
    let certificate_from = super::months_before(&month, 35);
    let reads = Arc::new([
        "/api/v1/resident/status".to_string(),
        format!("/api/v1/resident/contributions?from={certificate_from}&to={month}"),
        "/api/v1/resident/pension-history".to_string(),
    ]);
    let employees = Arc::new(employees);
    let stopped = Arc::new([AtomicUsize::new(0), AtomicUsize::new(0)]);
    let before = commits(url).await;
    let issued = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(o.seconds);
    let max = o.max_requests;
    let start = Instant::now();
    let mut clients = Vec::new();
    let clients_count = o.clients;
    for c in 0..o.clients {
        let issued = issued.clone();
        if c % 8 == 7 && !residents.is_empty() {
            let mut resident = residents.pop().unwrap().connection;
            let reads = reads.clone();
            clients.push(tokio::spawn(async move {
                let mut seen = Seen::default();
                let mut n = 0;
                // Staggered, so the residents do not all read at the same moment.
                let mut due = start + READ_INTERVAL.mul_f64(c as f64 / clients_count as f64);
                while due < deadline && issued.fetch_add(1, Ordering::Relaxed) < max {
                    tokio::time::sleep_until(due.into()).await;
                    let sent = due;
                    due += READ_INTERVAL;
                    let answer = resident.get(&reads[n % reads.len()]).await;
                    seen.reads.push(sent.elapsed().as_secs_f64() * 1000.0);
                    if !matches!(answer, Ok(ref a) if a.status == 200) {
                        seen.failed_reads += 1;
                    }
                    n += 1;
                }
                seen
            }));
            continue;
        }
        // agents[i] is AGENTS[i % 2], so this client is AGENTS[c % 2].
        let agent = c % 2;
        let mut session = agents[c % agents.len()]
            .another_connection(url)
            .await
            .unwrap();
        let (month, employees, stopped) = (month.clone(), employees.clone(), stopped.clone());
        clients.push(tokio::spawn(async move {
            let mut seen = Seen::default();
            while Instant::now() < deadline {
                let n = issued.fetch_add(1, Ordering::Relaxed);
                if n >= max {
                    break;
                }
                let leaver = (n % 8 == 7)
                    .then(|| employees[agent].get(stopped[agent].fetch_add(1, Ordering::Relaxed)))
                    .flatten();
                let (path, form) = match leaver {
                    Some(id) => ("/api/v1/employer/stops", stop(id, &month)),
                    None => (
                        "/api/v1/employer/enrolments",
                        enrolment(&citizen_id(n), &month),
                    ),
                };
                let sent = Instant::now();
                let answer = session.submit(path, &format!("load-{n}"), &form).await;
                seen.submissions.push(sent.elapsed().as_secs_f64() * 1000.0);
                match answer {
                    Ok(a) if a.status == 201 && leaver.is_some() => seen.stops += 1,
                    Ok(a) if a.status == 201 => seen.enrolments += 1,
                    other => {
                        seen.refused += 1;
                        seen.first_refusal.get_or_insert_with(|| match other {
                            Ok(a) => format!("{} {}", a.status, String::from_utf8_lossy(&a.body)),
                            Err(e) => e.to_string(),
                        });
                    }
                }
            }
            seen
        }));
    }
    let mut all = Seen::default();
    for client in clients {
        let seen = client.await.unwrap();
        all.submissions.extend(seen.submissions);
        all.reads.extend(seen.reads);
        all.enrolments += seen.enrolments;
        all.stops += seen.stops;
        all.refused += seen.refused;
        all.failed_reads += seen.failed_reads;
        if all.first_refusal.is_none() {
            all.first_refusal = seen.first_refusal;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let after = commits(url).await;
    let (p50_ms, p99_ms) = percentiles(&mut all.submissions);
    let (read_p50_ms, read_p99_ms) = percentiles(&mut all.reads);
    Outcome {
        enrolments: all.enrolments,
        stops: all.stops,
        refused: all.refused,
        first_refusal: all.first_refusal,
        seconds,
        p50_ms,
        p99_ms,
        commits: after - before,
        reads: all.reads.len() as u64,
        failed_reads: all.failed_reads,
        read_p50_ms,
        read_p99_ms,
    }
}
