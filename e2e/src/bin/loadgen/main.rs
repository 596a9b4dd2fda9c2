//! Load benchmark: drives the real server on 127.0.0.1 with many concurrent employer
//! sessions submitting enrolments and stops and residents reading their records,
//! bounded in count and time, and prints what it saw.
//!
//! ```sh
//! cargo build --release -p shebao-server -p shebao-e2e
//! target/release/loadgen [--clients 256] [--seconds 10] [--max-requests 200000]
//!                        [--stop-targets 6000] [--database-url postgres://… [--postgres-only]]
//! ```
//!
//! In one run it measures: this machine's raw fsync rate (a write + fsync loop), the
//! server on SQLite with group commit, the same with one transaction per submission
//! (`--sqlite-group-commit 1`), and, given a URL, PostgreSQL. Each server is a fresh
//! process on a fresh data directory (or schema), prepared as `writes` describes (last
//! month's employees, whom this month's stops are for). Writes are durable (fsync on
//! commit). Only same-run ratios mean anything: the fsync rate here swings widely. The
//! clients speak HTTP/1.1 through [`http`], a client light enough to leave the cores to
//! the server.
//!
//! With `--reads` it measures reads at scale instead: one server on SQLite with the
//! demo set of `--persons` persons (seeded once into `--data-dir`, kept between runs),
//! `--residents` resident sessions spread over those persons, and the clients reading
//! each its resident's status, the 36 months a personal certificate prints and the
//! pension history (the reads `certificates::gather` builds a certificate from). It
//! prints the seeding time (when it seeded), reads per second, p50 and p99 per kind of
//! read, and the database file's size. Without `--rate` every client reads as fast as
//! it can (the server's capacity; latency is then mostly queueing: clients ÷ rate);
//! with `--rate R` the clients together offer R reads per second on a fixed schedule,
//! and each latency counts from the moment its read was due, so a slow answer delays
//! no measurement (no coordinated omission).
//!
//! ```sh
//! target/release/loadgen --reads --persons 1000000 [--residents 512] [--clients 256]
//!                        [--seconds 30] [--rate 500] [--data-dir target/loadgen-1000000]
//! ```

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

mod http;
mod writes;

struct Options {
    server: PathBuf,
    clients: usize,
    seconds: u64,
    max_requests: u64,
    database_url: Option<String>,
    reads: bool,
    persons: usize,
    residents: usize,
    data_dir: Option<PathBuf>,
    rate: Option<f64>,
    stop_targets: usize,
    postgres_only: bool,
}

fn options() -> Options {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let mut o = Options {
        server: target.join("release/shebao-server"),
        clients: 256,
        seconds: 10,
        max_requests: 200_000,
        database_url: None,
        reads: false,
        persons: 1_000_000,
        residents: 512,
        data_dir: None,
        rate: None,
        stop_targets: 6000,
        postgres_only: false,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--reads" {
            o.reads = true;
            i += 1;
            continue;
        }
        if args[i] == "--postgres-only" {
            o.postgres_only = true;
            i += 1;
            continue;
        }
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--server" => o.server = PathBuf::from(value),
            "--clients" => o.clients = value.parse().expect("--clients N"),
            "--seconds" => o.seconds = value.parse().expect("--seconds N"),
            "--max-requests" => o.max_requests = value.parse().expect("--max-requests N"),
            "--database-url" => o.database_url = Some(value),
            "--persons" => o.persons = value.parse().expect("--persons N"),
            "--residents" => o.residents = value.parse().expect("--residents N"),
            "--data-dir" => o.data_dir = Some(PathBuf::from(value)),
            "--rate" => o.rate = Some(value.parse().expect("--rate READS_PER_SECOND")),
            "--stop-targets" => o.stop_targets = value.parse().expect("--stop-targets N"),
            other => panic!("unknown option {other}"),
        }
        i += 2;
    }
    o
}

/// Writes of 4 KB each followed by fsync, for two seconds: the disk's commit rate.
fn raw_fsync_rate() -> f64 {
    let dir = tempfile_dir();
    let mut file = std::fs::File::create(dir.join("fsync.bin")).unwrap();
    let block = [7u8; 4096];
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(2) {
        file.write_all(&block).unwrap();
        file.sync_data().unwrap();
        n += 1;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "shebao-loadgen-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server on `data_dir` with a demo set of `persons`, showing each line it
/// prints before its URL to `seen` (the seeding's progress and summary).
fn start_in(
    o: &Options,
    data_dir: &std::path::Path,
    persons: usize,
    extra: &[&str],
    mut seen: impl FnMut(&str),
) -> Server {
    let mut child = Command::new(&o.server)
        // `--metrics`: the count of commits (`writes::commits`), for this machine only.
        .args([
            "--listen",
            "127.0.0.1:0",
            "--demo",
            "--metrics",
            "--demo-persons",
        ])
        .arg(persons.to_string())
        .arg("--data-dir")
        .arg(data_dir)
        // Each simulated agent submits thousands of enrolments a run, far past a real
        // agent's hourly person-lookup budget, which is not what is measured here.
        .args(["--person-lookups-per-hour", "1000000000"])
        // All its clients log in from 127.0.0.1 within the first second.
        .args(["--anonymous-requests-per-minute", "1000000"])
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "start {}: {e} (build it with cargo build --release -p shebao-server)",
                o.server.display()
            )
        });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("the server printed its URL").unwrap();
        if let Some(rest) = line.strip_prefix("Shebao is running at ") {
            break rest.trim().trim_end_matches('/').to_string();
        }
        seen(&line);
    };
    std::thread::spawn(move || for _ in lines {});
    Server { child, url }
}

/// A citizen ID no demo person has (Beijing prefix, birth 1970–1999), unique per `n`.
fn citizen_id(n: u64) -> String {
    let year = 1970 + (n / (12 * 28 * 999)) % 30;
    let month = 1 + (n / (28 * 999)) % 12;
    let day = 1 + (n / 999) % 28;
    let seq = 1 + n % 999;
    let first17 = format!("110105{year:04}{month:02}{day:02}{seq:03}");
    let check = shebao_core::ids::CitizenId::check_char(first17.as_bytes());
    format!("{first17}{check}")
}

#[tokio::main]
async fn main() {
    let o = options();
    if o.reads {
        return reads::run(&o).await;
    }
    println!(
        "load benchmark: {} clients ({} employer agents submitting, {} residents reading), \
         {} s per run, at most {} requests per run, 127.0.0.1 only",
        o.clients,
        o.clients - o.clients / 8,
        o.clients / 8,
        o.seconds,
        o.max_requests
    );
    println!(
        "{:<30} {:>7.0}/s",
        "raw fsync (4 KB write + fsync)",
        raw_fsync_rate()
    );
    if !o.postgres_only {
        let grouped = writes::run(&o, &[]).await;
        report("SQLite, group commit", &grouped);
        let single = writes::run(&o, &["--sqlite-group-commit", "1"]).await;
        report("SQLite, one transaction each", &single);
        if single.submissions() > 0 {
            println!(
                "group commit / one transaction each: {:.2}×",
                grouped.per_second() / single.per_second()
            );
        }
    }
    if let Some(url) = o.database_url.clone() {
        let schema = format!("load{}", std::process::id());
        let pg = writes::run(&o, &["--database-url", &url, "--database-schema", &schema]).await;
        report("PostgreSQL", &pg);
    }
}

fn report(name: &str, o: &writes::Outcome) {
    let per_commit = if o.commits > 0 {
        o.submissions() as f64 / o.commits as f64
    } else {
        0.0
    };
    println!(
        "{name:<30} {:>7.0}/s  p50 {:>5.1} ms  p99 {:>5.1} ms  {:>6} submissions \
         ({} enrolments, {} stops, {} refused)  {:>5} commits  {:>5.1} per commit",
        o.per_second(),
        o.p50_ms,
        o.p99_ms,
        o.submissions(),
        o.enrolments,
        o.stops,
        o.refused,
        o.commits,
        per_commit
    );
    println!(
        "{:<30} {:>7.0}/s  p50 {:>5.1} ms  p99 {:>5.1} ms  {:>6} reads ({} failed)",
        "  residents reading",
        o.reads as f64 / o.seconds,
        o.read_p50_ms,
        o.read_p99_ms,
        o.reads,
        o.failed_reads
    );
    if let Some(refusal) = &o.first_refusal {
        println!("  first refusal: {refusal}");
    }
}

/// `--reads`: record and certificate-content reads over a large demo set.
mod reads {
    use super::http::{get_json, Connection};
    use super::writes::login;
    use super::{months_before, percentiles, start_in, Options};
    use std::time::{Duration, Instant};

    /// The kinds of read, in the order each client cycles through them.
    const KINDS: [&str; 3] = ["status", "certificate months", "pension history"];

    pub async fn run(o: &Options) {
        let data_dir = o.data_dir.clone().unwrap_or_else(|| {
            o.server
                .parent()
                .and_then(|p| p.parent())
                .unwrap()
                .join(format!("loadgen-{}", o.persons))
        });
        std::fs::create_dir_all(&data_dir).unwrap();
        let fresh = !data_dir.join("shebao.db").exists();
        println!(
            "read benchmark: {} persons ({}), {} resident sessions, {} clients, {} s, data in {}",
            o.persons,
            if fresh {
                "seeding now"
            } else {
                "seeded before"
            },
            o.residents,
            o.clients,
            o.seconds,
            data_dir.display()
        );
        let started = Instant::now();
        let residents = o.residents.to_string();
        let server = start_in(
            o,
            &data_dir,
            o.persons,
            &["--demo-resident-accounts", &residents],
            |line| println!("  server: {line}"),
        );
        println!(
            "server ready in {:.1} s{}",
            started.elapsed().as_secs_f64(),
            if fresh { " (including seeding)" } else { "" }
        );
        let url = server.url.clone();

        let handling = get_json(&url, "/api/v1/time").await.unwrap();
        let handling = handling["handling_month"].as_str().unwrap().to_string();
        let certificate_from = months_before(&handling, 35);

        // Log in every resident, a few at a time (each login is an argon2 hash).
        let logins = Instant::now();
        let mut sessions = Vec::new();
        for chunk in (1..=o.residents).collect::<Vec<_>>().chunks(16) {
            let batch: Vec<_> = chunk
                .iter()
                .map(|&i| {
                    let url = url.clone();
                    tokio::spawn(async move {
                        login(&url, &format!("resident-{i}"), "Demo-Resident-2026").await
                    })
                })
                .collect();
            for task in batch {
                let session = task.await.unwrap();
                sessions.push(session.connection.cookie().unwrap_or_default().to_string());
            }
        }
        println!(
            "{} residents logged in in {:.1} s",
            sessions.len(),
            logins.elapsed().as_secs_f64()
        );

        let deadline = Instant::now() + Duration::from_secs(o.seconds);
        let start = Instant::now();
        let mut tasks = Vec::new();
        for c in 0..o.clients {
            let paths = [
                "/api/v1/resident/status".to_string(),
                format!("/api/v1/resident/contributions?from={certificate_from}&to={handling}"),
                "/api/v1/resident/pension-history".to_string(),
            ];
            let (sessions, url) = (sessions.clone(), url.clone());
            let max = o.max_requests;
            // With a rate: this client's reads are due every `interval`, starting at a
            // staggered offset so the clients do not all fire at once.
            let interval = o
                .rate
                .map(|r| Duration::from_secs_f64(o.clients as f64 / r));
            let first_due =
                start + interval.map_or(Duration::ZERO, |i| i.mul_f64(c as f64 / o.clients as f64));
            tasks.push(tokio::spawn(async move {
                let mut connection = Connection::open(&url).await.unwrap();
                let mut latencies: [Vec<f64>; 3] = Default::default();
                let mut failed = 0u64;
                let mut n = 0usize;
                let mut due = first_due;
                while Instant::now() < deadline && (n as u64) < max {
                    // Each client moves over the residents, so reads spread over persons.
                    connection.use_cookie(&sessions[(c + n * 7) % sessions.len()]);
                    let kind = n % KINDS.len();
                    let sent = match interval {
                        Some(interval) => {
                            tokio::time::sleep_until(due.into()).await;
                            let was_due = due;
                            due += interval;
                            was_due
                        }
                        None => Instant::now(),
                    };
                    if sent >= deadline {
                        break;
                    }
                    let answer = connection.get(&paths[kind]).await;
                    let ok = matches!(answer, Ok(ref a) if a.status == 200);
                    latencies[kind].push(sent.elapsed().as_secs_f64() * 1000.0);
                    if !ok {
                        failed += 1;
                    }
                    n += 1;
                }
                (latencies, failed)
            }));
        }
        let mut latencies: [Vec<f64>; 3] = Default::default();
        let mut failed = 0;
        for task in tasks {
            let (l, f) = task.await.unwrap();
            for (all, mine) in latencies.iter_mut().zip(l) {
                all.extend(mine);
            }
            failed += f;
        }
        let seconds = start.elapsed().as_secs_f64();
        let total: usize = latencies.iter().map(Vec::len).sum();
        println!(
            "reads: {:.0}/s ({total} in {seconds:.1} s, {failed} failed){}",
            total as f64 / seconds,
            o.rate
                .map(|r| format!(", offered {r:.0}/s"))
                .unwrap_or_else(|| ", as fast as the clients go".into())
        );
        let mut everything = Vec::new();
        for (kind, mut l) in KINDS.iter().zip(latencies) {
            everything.extend_from_slice(&l);
            let (p50, p99) = percentiles(&mut l);
            println!(
                "  {kind:<18} p50 {p50:>6.1} ms  p99 {p99:>6.1} ms  ({} reads)",
                l.len()
            );
        }
        let (p50, p99) = percentiles(&mut everything);
        println!(
            "  {:<18} p50 {p50:>6.1} ms  p99 {p99:>6.1} ms  (target p99 ≤ 20 ms)",
            "all reads"
        );
        drop(server);
        let size = |name: &str| {
            std::fs::metadata(data_dir.join(name))
                .map(|m| m.len())
                .unwrap_or(0)
        };
        let (db, wal) = (size("shebao.db"), size("shebao.db-wal"));
        println!(
            "database file: {:.1} MiB (shebao.db {} bytes, WAL {} bytes)",
            (db + wal) as f64 / (1024.0 * 1024.0),
            db,
            wal
        );
    }
}

pub fn percentiles(latencies: &mut [f64]) -> (f64, f64) {
    latencies.sort_by(|a, b| a.total_cmp(b));
    let at = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    (at(0.50), at(0.99))
}

/// `YYYY-MM` `n` months before `month` (`YYYY-MM`).
pub fn months_before(month: &str, n: i32) -> String {
    let (y, m) = month.split_once('-').unwrap();
    let index = y.parse::<i32>().unwrap() * 12 + m.parse::<i32>().unwrap() - 1 - n;
    format!("{:04}-{:02}", index / 12, index % 12 + 1)
}
