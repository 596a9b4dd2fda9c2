//! Crash test: under a stream of submissions and approvals, the server (SQLite, the
//! embedded default) is killed with SIGKILL at random moments, 20 times, and restarted
//! on the same data directory. Afterwards every acknowledged submission is there and
//! nothing is half done: every approved enrolment has its relationships, no relationship
//! exists without an approved application, no contribution is assessed twice.

use crate::common;

use common::world::id;
use serde_json::{json, Value};
use shebao_server::db::Store;
use std::collections::BTreeSet;
use std::process::Child;
use std::time::{Duration, Instant};

const KILLS: usize = 20;

fn start(data_dir: &std::path::Path) -> (Child, String) {
    let data_dir = data_dir.as_os_str();
    common::spawn_server_process([
        "--demo".as_ref(),
        "--demo-persons".as_ref(),
        "50".as_ref(),
        "--data-dir".as_ref(),
        data_dir,
    ])
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

async fn login(http: &reqwest::Client, url: &str, user: &str, password: &str) -> String {
    let answer = common::json_of(
        http.post(format!("{url}/api/v1/session"))
            .json(&json!({"username": user, "password": password})),
    )
    .await;
    answer["csrf_token"]
        .as_str()
        .expect("logged in")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_twenty_times_it_loses_nothing_it_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, mut url) = start(dir.path());
    // Sessions live in the database, so they survive every restart.
    let employer = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let reviewer = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let employer_csrf = login(&employer, &url, "employer", "Demo-Employer-2026").await;
    let reviewer_csrf = login(&reviewer, &url, "reviewer", "Demo-Reviewer-2026").await;
    let month = {
        let t = common::json_of(employer.get(format!("{url}/api/v1/time"))).await;
        t["handling_month"].as_str().unwrap().to_string()
    };

    let mut rng = Lcg(20261127);
    let mut acknowledged: BTreeSet<String> = BTreeSet::new();
    let mut approved: BTreeSet<String> = BTreeSet::new();
    let mut sequence = 0u32;
    for kill in 0..KILLS {
        // Load for a random while, then SIGKILL mid-stream.
        let deadline = Instant::now() + Duration::from_millis(150 + rng.next(350));
        let mut in_flight = Vec::new();
        while Instant::now() < deadline {
            sequence += 1;
            let citizen_id = id(&format!(
                "110105199{}{:02}{:02}{:03}",
                sequence % 10,
                1 + sequence % 12,
                1 + sequence % 28,
                100 + sequence % 900
            ));
            let form = json!({
                "citizen_id": citizen_id, "name": "测试", "mobile": "13812345678", "hukou_district": "330211",
                "hukou_type": "urban", "employment_start": format!("{month}-01"), "monthly_wage": "8000",
                "pension_start": month, "unemployment_start": month, "checked_month": month,
            });
            let request = employer
                .post(format!("{url}/api/v1/employer/enrolments"))
                .header("x-csrf-token", &employer_csrf)
                .header("idempotency-key", format!("crash-{sequence}"))
                .json(&form)
                .timeout(Duration::from_secs(5))
                .send();
            in_flight.push(tokio::spawn(request));
            if in_flight.len() >= 8 {
                for handle in in_flight.drain(..) {
                    if let Ok(Ok(response)) = handle.await {
                        if response.status() == 201 {
                            if let Ok(body) = response.json::<Value>().await {
                                acknowledged.insert(
                                    body["application_number"].as_str().unwrap().to_string(),
                                );
                            }
                        }
                    }
                }
                // Approve one acknowledged application now and then.
                if let Some(number) = acknowledged
                    .iter()
                    .find(|n| !approved.contains(*n))
                    .cloned()
                {
                    let answer = reviewer
                        .post(format!(
                            "{url}/api/v1/reviewer/applications/{number}/decision"
                        ))
                        .header("x-csrf-token", &reviewer_csrf)
                        .json(&json!({"action": "approve"}))
                        .timeout(Duration::from_secs(5))
                        .send()
                        .await;
                    if matches!(answer, Ok(ref r) if r.status() == 200) {
                        approved.insert(number);
                    }
                }
            }
        }
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        for handle in in_flight {
            // Answers that arrived before the kill count as acknowledged.
            if let Ok(Ok(response)) = handle.await {
                if response.status() == 201 {
                    if let Ok(body) = response.json::<Value>().await {
                        acknowledged
                            .insert(body["application_number"].as_str().unwrap().to_string());
                    }
                }
            }
        }
        let restarted = start(dir.path());
        child = restarted.0;
        url = restarted.1;
        let _ = kill;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        acknowledged.len() > 40,
        "the load was too light to mean anything: {}",
        acknowledged.len()
    );
    assert!(!approved.is_empty());

    let store = Store::open_sqlite(&dir.path().join("shebao.db"), 1).unwrap();
    let (numbers, broken) = store
        .read(|tx| {
            let numbers: BTreeSet<String> =
                tx.query("SELECT number FROM applications", &[])?.iter().map(|r| r.text(0)).collect::<Result<_, _>>()?;
            let checks = [
                // An approved enrolment without its three relationships.
                "SELECT COUNT(*) FROM applications a WHERE a.kind = 'enrol' AND a.state = 'approved'
                 AND (SELECT COUNT(*) FROM relationships r WHERE r.application_id = a.id) <> 3",
                // A relationship whose application is not approved.
                "SELECT COUNT(*) FROM relationships r JOIN applications a ON a.id = r.application_id WHERE a.state <> 'approved'",
                // A submitted application without its first event, or a decided one without two.
                "SELECT COUNT(*) FROM applications a WHERE (SELECT COUNT(*) FROM application_events e WHERE e.application_id = a.id)
                 <> CASE WHEN a.state = 'submitted' THEN 1 ELSE 2 END",
                // A month assessed twice for one relationship.
                "SELECT COUNT(*) FROM (SELECT relationship_id, month FROM contributions GROUP BY relationship_id, month HAVING COUNT(*) > 1) AS d",
                // An acknowledged answer whose application is missing.
                "SELECT COUNT(*) FROM idempotency i WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE i.body LIKE '%' || a.number || '%')",
            ];
            let mut broken = Vec::new();
            for sql in checks {
                broken.push(tx.query_row(sql, &[])?.i64(0)?);
            }
            Ok::<_, shebao_server::db::DbError>((numbers, broken))
        })
        .await
        .unwrap();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|n| !numbers.contains(*n))
        .collect();
    assert!(
        lost.is_empty(),
        "acknowledged but lost after {KILLS} kills: {lost:?}"
    );
    assert_eq!(
        broken,
        vec![0, 0, 0, 0, 0],
        "half-done work after {KILLS} kills"
    );
    println!(
        "crash test: {KILLS} kills, {} submissions acknowledged, {} approved, all present and whole",
        acknowledged.len(),
        approved.len()
    );
}
