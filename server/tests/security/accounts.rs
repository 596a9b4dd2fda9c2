//! Accounts and their passwords, attacked (OWASP ASVS 2.1, 2.5, 3.3; SPEC "Accounts and
//! security"): no demo accounts unless asked for, and never on a public address by
//! accident; accounts made and reset on the command line must get a password of their
//! own before anything else; weak passwords are refused; disabled accounts are shut out.
//!
//! The real binary runs the `account` subcommands against the store of a real app
//! (`spawn_app_with_store_args`), on SQLite and on PostgreSQL.

use crate::common;

use common::{spawn_app_with_store_args, Engine, TestApp, ENGINES};
use reqwest::StatusCode;
use serde_json::{json, Value};
use shebao_core::ids::UnitNumber;
use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const LOUD_FLAG: &str = "--demo-on-public-address-i-know-the-passwords-are-public";
/// Off loopback the server also needs the address people reach it at.
const PUBLIC_URL: &str = "https://shebao.example.cn";
/// The reviewer's password printed in the README.
const README_REVIEWER_PASSWORD: &str = "Demo-Reviewer-2026";
const STRONG: &str = "Tide-pools at Beilun 7";
const STRONGER: &str = "Lanterns over Yuehu 19";

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shebao-server"))
}

/// Runs `shebao-server <args> <store_args>`, writing `stdin` to it.
fn cli(args: &[&str], store_args: &[String], stdin: Option<&str>) -> Output {
    let mut child = binary()
        .args(args)
        .args(store_args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run shebao-server");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "status {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs an `account` subcommand that must succeed; answers the one-time password it
/// printed, if any.
fn account(args: &[&str], store_args: &[String], stdin: Option<&str>) -> Option<String> {
    let mut all = vec!["account"];
    all.extend_from_slice(args);
    let output = cli(&all, store_args, stdin);
    assert!(
        output.status.success(),
        "shebao-server {} failed:\n{}",
        all.join(" "),
        text(&output)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.trim().strip_prefix("initial password: "))
        .map(|p| p.trim().to_string())
}

struct Browser {
    http: reqwest::Client,
    base: String,
    csrf: String,
}

impl Browser {
    fn new(app: &TestApp) -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap(),
            base: app.address.clone(),
            csrf: String::new(),
        }
    }

    /// POSTs `body` to `path` in this browser, with the session's CSRF token or without.
    async fn post(&self, path: &str, body: &Value, with_csrf: bool) -> reqwest::Response {
        let mut request = self.http.post(format!("{}{path}", self.base)).json(body);
        if with_csrf {
            request = request.header("x-csrf-token", &self.csrf);
        }
        request.send().await.unwrap()
    }

    async fn login(&mut self, username: &str, password: &str) -> (StatusCode, Value) {
        let login = json!({"username": username, "password": password});
        let (status, body) =
            common::status_and_json(self.post("/api/v1/session", &login, false).await).await;
        if status == StatusCode::OK {
            self.csrf = body["csrf_token"].as_str().unwrap().to_string();
        }
        (status, body)
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let url = format!("{}{path}", self.base);
        common::status_and_json(self.http.get(url).send().await.unwrap()).await
    }

    /// Changes the password from `current` to `new`, then reads `path`: both must pass.
    async fn change_password_then_read(&self, current: &str, new: &str, path: &str) {
        assert_eq!(self.change_password(current, new).await.0, StatusCode::OK);
        assert_eq!(self.get(path).await.0, StatusCode::OK, "{path}");
    }

    async fn change_password(&self, current: &str, new: &str) -> (StatusCode, Value) {
        let change = json!({"current_password": current, "new_password": new});
        common::status_and_json(self.post("/api/v1/session/password", &change, true).await).await
    }
}

fn codes(problem: &Value) -> Vec<String> {
    problem["violations"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v["code"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Asserts `answer` is the refusal of an account that must change its password first;
/// `context` says what was asked.
fn assert_held_at_the_password_change((status, problem): (StatusCode, Value), context: &str) {
    assert_eq!(
        (status, codes(&problem)),
        (
            StatusCode::FORBIDDEN,
            vec!["PASSWORD_CHANGE_REQUIRED".to_string()]
        ),
        "{context}"
    );
}

fn unit_number_a() -> String {
    UnitNumber::new("330211", 1).as_str().to_string()
}

/// `account create`s an agent of employer A called `username` (no password given, so
/// the command prints a one-time one, which this answers).
fn create_agent_of_a(username: &str, store: &[String]) -> Option<String> {
    let unit = unit_number_a();
    account(
        &[
            "create",
            "--username",
            username,
            "--role",
            "employer",
            "--employer-unit-number",
            &unit,
        ],
        store,
        None,
    )
}

async fn app_with_world(engine: Engine) -> (TestApp, Vec<String>, common::world::World) {
    let (app, store_args) = spawn_app_with_store_args(engine, &[]).await;
    let world = common::world::seed(&app).await;
    (app, store_args, world)
}

/// Starts the binary on `args` and waits for it to exit (or kills it after `wait`).
fn run_until_exit(args: &[&str], wait: Duration) -> (Option<i32>, String) {
    let mut child = binary()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start shebao-server");
    let deadline = Instant::now() + wait;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let output = child.wait_with_output().unwrap();
            return (
                status.code(),
                format!(
                    "{}{}",
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                ),
            );
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            return (
                None,
                format!(
                    "still running after {wait:?}; said: {}{}",
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                ),
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_seeded_for_a_demo_is_not_served_on_a_public_address() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap();
    let (mut child, _) =
        common::spawn_server_process(["--demo", "--demo-persons", "50", "--data-dir", data_dir]);
    let _ = child.kill();
    let _ = child.wait();

    // Restarted without --demo on a public address: its reviewer still has the README's
    // password, so it is refused.
    let on_a_public_address = [
        "--listen",
        "0.0.0.0:0",
        "--public-url",
        PUBLIC_URL,
        "--data-dir",
        data_dir,
    ];
    let (code, said) = run_until_exit(&on_a_public_address, Duration::from_secs(60));
    assert!(
        code.is_some_and(|c| c != 0),
        "a store with the demo accounts was served on 0.0.0.0: {said}"
    );
    assert!(
        said.contains("reviewer") && said.contains("public"),
        "the refusal does not name the open accounts: {said}"
    );

    // Once the operator has shut them out, it serves.
    let store = vec!["--data-dir".to_string(), data_dir.to_string()];
    for name in ["employer", "employer2", "resident", "flexible", "reviewer"] {
        account(&["disable", "--username", name], &store, None);
    }
    let (mut child, _) = common::start_server_binary(on_a_public_address);
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_demo_an_empty_store_has_no_reviewer_to_log_in_as() {
    for engine in ENGINES {
        let dir = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = vec![
            "--data-dir".into(),
            dir.path().to_str().unwrap().into(),
            "--dist".into(),
            dir.path().join("no-dist").to_str().unwrap().into(),
        ];
        if engine == Engine::Postgres {
            args.extend(common::fresh_postgres_args());
        }
        let (mut child, url) = common::spawn_server_process(&args);
        let answer = reqwest::Client::new()
            .post(format!("{url}/api/v1/session"))
            .json(&json!({"username": "reviewer", "password": README_REVIEWER_PASSWORD}))
            .send()
            .await
            .unwrap();
        let status = answer.status();
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{engine:?}: a server started without --demo on an empty store let anyone log in as `reviewer` with the README's password"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_on_a_public_address_is_refused_unless_loudly_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap();
    for listen in ["0.0.0.0:0", "[::]:0"] {
        let (code, said) = run_until_exit(
            &["--demo", "--listen", listen, "--data-dir", data_dir],
            Duration::from_secs(60),
        );
        assert!(
            code.is_some_and(|c| c != 0),
            "--demo on {listen} did not exit with an error: {said}"
        );
        assert!(
            said.contains("public") && said.contains(LOUD_FLAG),
            "--demo on {listen}: the refusal does not say why and what flag overrides it: {said}"
        );
    }
    // The store was not touched: no demo data was written before the refusal.
    assert!(
        !dir.path().join("shebao.db").exists(),
        "the refused start wrote the store"
    );

    // Asked for loudly, it starts (and tells what it did).
    let (mut child, url) = common::start_server_binary([
        "--demo",
        "--demo-persons",
        "50",
        "--listen",
        "0.0.0.0:0",
        "--public-url",
        PUBLIC_URL,
        LOUD_FLAG,
        "--data-dir",
        data_dir,
    ]);
    let port = url
        .trim()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    let status = reqwest::get(format!("http://127.0.0.1:{port}/health"))
        .await
        .map(|r| r.status());
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status.ok(), Some(StatusCode::OK));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_on_loopback_keeps_the_readme_passwords_with_no_forced_change() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url) = common::spawn_server_process([
        "--demo".as_ref(),
        "--demo-persons".as_ref(),
        "50".as_ref(),
        "--data-dir".as_ref(),
        dir.path().as_os_str(),
    ]);
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let login = http
        .post(format!("{url}/api/v1/session"))
        .json(&json!({"username": "reviewer", "password": README_REVIEWER_PASSWORD}))
        .send()
        .await
        .unwrap();
    let status = login.status();
    let body: Value = login.json().await.unwrap_or(Value::Null);
    let queue = http
        .get(format!("{url}/api/v1/reviewer/queue"))
        .send()
        .await
        .unwrap()
        .status();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["must_change_password"], json!(false), "{body}");
    assert_eq!(queue, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_made_on_the_command_line_must_set_a_strong_password_before_anything_else() {
    for engine in ENGINES {
        let (app, store, _world) = app_with_world(engine).await;
        let initial = create_agent_of_a("agent.li", &store)
            .unwrap_or_else(|| panic!("{engine:?}: `account create` printed no initial password"));
        assert!(initial.chars().count() >= 12, "{initial}");

        let mut browser = Browser::new(&app);
        let (status, info) = browser.login("agent.li", &initial).await;
        assert_eq!(status, StatusCode::OK, "{engine:?}: {info}");
        assert_eq!(
            info["must_change_password"],
            json!(true),
            "{engine:?}: the login answer does not say the password must be changed: {info}"
        );

        // Every other call is refused, reads and writes, with the specific code.
        for path in [
            "/api/v1/employer/applications",
            "/api/v1/employer/applications/SB000000000001",
        ] {
            assert_held_at_the_password_change(
                browser.get(path).await,
                &format!("{engine:?}: GET {path} before the password was changed"),
            );
        }
        let enrol = browser
            .post(
                "/api/v1/employer/person-search",
                &json!({"citizen_id": "11010519491231002X"}),
                true,
            )
            .await;
        assert_held_at_the_password_change(
            common::status_and_json(enrol).await,
            &format!("{engine:?}: a person search before the password was changed"),
        );
        // The session itself can still be read (the page learns it must change).
        let (status, info) = browser.get("/api/v1/session").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(info["must_change_password"], json!(true));

        // Without the CSRF token, no change.
        let forged = browser
            .post(
                "/api/v1/session/password",
                &json!({"current_password": initial, "new_password": STRONG}),
                false,
            )
            .await;
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "{engine:?}: CSRF");

        // Weak passwords are refused with their codes.
        for (weak, code) in [
            ("short-1", "PASSWORD_TOO_SHORT"),
            ("agent.li-is-me-2026", "PASSWORD_HAS_USERNAME"),
            ("AGENT.LI", "PASSWORD_HAS_USERNAME"),
            ("Password1234", "PASSWORD_COMMON"),
            ("qwerty123456", "PASSWORD_COMMON"),
            (README_REVIEWER_PASSWORD, "PASSWORD_COMMON"),
            (initial.as_str(), "PASSWORD_UNCHANGED"),
        ] {
            let (status, problem) = browser.change_password(&initial, weak).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{engine:?}: {weak:?} was accepted: {problem}"
            );
            assert!(
                codes(&problem).contains(&code.to_string()),
                "{engine:?}: {weak:?} refused without {code}: {problem}"
            );
        }
        // A wrong current password changes nothing.
        let (status, problem) = browser.change_password("not-the-password", STRONG).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(codes(&problem), vec!["CURRENT_PASSWORD_WRONG".to_string()]);
        let (status, _) = browser.get("/api/v1/employer/applications").await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // A strong one is taken; then everything works, and only the new password opens it.
        let (status, info) = browser.change_password(&initial, STRONG).await;
        assert_eq!(status, StatusCode::OK, "{engine:?}: {info}");
        assert_eq!(info["must_change_password"], json!(false), "{info}");
        let (status, list) = browser.get("/api/v1/employer/applications").await;
        assert_eq!(status, StatusCode::OK, "{engine:?}: {list}");
        let mut other = Browser::new(&app);
        assert_eq!(
            other.login("agent.li", &initial).await.0,
            StatusCode::UNAUTHORIZED,
            "{engine:?}: the one-time password still works"
        );
        let (status, info) = other.login("agent.li", STRONG).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(info["must_change_password"], json!(false));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_made_on_the_command_line_is_held_at_the_password_change() {
    for engine in ENGINES {
        let (app, store, world) = app_with_world(engine).await;
        let cases: [(&[&str], &str, &str); 2] = [
            (
                &["--role", "reviewer"],
                "reviewer.wu",
                "/api/v1/reviewer/queue",
            ),
            (
                &["--role", "resident", "--citizen-id", &world.resident_id],
                "resident.zhao",
                "/api/v1/resident/status",
            ),
        ];
        for (role_args, username, path) in cases {
            let mut args = vec!["create", "--username", username];
            args.extend_from_slice(role_args);
            let initial = account(&args, &store, None).expect("an initial password");
            let mut browser = Browser::new(&app);
            let (status, info) = browser.login(username, &initial).await;
            assert_eq!(status, StatusCode::OK, "{info}");
            assert_held_at_the_password_change(
                browser.get(path).await,
                &format!(
                    "{engine:?}: {username} read {path} before changing the one-time password"
                ),
            );
            assert_eq!(
                browser.change_password(&initial, STRONG).await.0,
                StatusCode::OK
            );
            assert_eq!(browser.get(path).await.0, StatusCode::OK, "{path}");
        }
        // A user name that is taken, an employer or person that does not exist: refused.
        for args in [
            vec!["create", "--username", "reviewer.wu", "--role", "reviewer"],
            vec![
                "create",
                "--username",
                "agent.nobody",
                "--role",
                "employer",
                "--employer-unit-number",
                "330211999990",
            ],
            vec!["create", "--username", "agent.none", "--role", "employer"],
        ] {
            let mut all = vec!["account"];
            all.extend_from_slice(&args);
            let output = cli(&all, &store, None);
            assert!(
                !output.status.success(),
                "{engine:?}: {args:?} succeeded: {}",
                text(&output)
            );
        }
        // A weak password given on stdin is refused by the same policy.
        let output = cli(
            &[
                "account",
                "create",
                "--username",
                "reviewer.qian",
                "--role",
                "reviewer",
                "--password-stdin",
            ],
            &store,
            Some("Password1234\n"),
        );
        assert!(!output.status.success(), "{}", text(&output));
        assert!(
            text(&output).contains("PASSWORD_COMMON"),
            "{}",
            text(&output)
        );
    }
}

/// Polls `path` until it answers `want` (a running SQLite server keeps sessions it has
/// looked up for a moment; the command line's change reaches it within that moment).
async fn eventually(browser: &Browser, path: &str, want: StatusCode) -> StatusCode {
    let deadline = Instant::now() + Duration::from_secs(8);
    loop {
        let (status, _) = browser.get(path).await;
        if status == want || Instant::now() > deadline {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_account_cannot_log_in_and_its_sessions_end() {
    for engine in ENGINES {
        let (app, store, _world) = app_with_world(engine).await;
        account(
            &[
                "create",
                "--username",
                "reviewer.sun",
                "--role",
                "reviewer",
                "--password-stdin",
            ],
            &store,
            Some(&format!("{STRONG}\n")),
        );
        let mut browser = Browser::new(&app);
        assert_eq!(
            browser.login("reviewer.sun", STRONG).await.0,
            StatusCode::OK
        );
        browser
            .change_password_then_read(STRONG, STRONGER, "/api/v1/reviewer/queue")
            .await;

        account(&["disable", "--username", "reviewer.sun"], &store, None);
        assert_eq!(
            eventually(&browser, "/api/v1/reviewer/queue", StatusCode::UNAUTHORIZED).await,
            StatusCode::UNAUTHORIZED,
            "{engine:?}: the disabled account's session goes on"
        );
        let mut again = Browser::new(&app);
        let (status, refused) = again.login("reviewer.sun", STRONGER).await;
        let (wrong_status, wrong) = Browser::new(&app)
            .login("reviewer.sun", "Not-the-password-0")
            .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{engine:?}: a disabled account logged in: {refused}"
        );
        assert_eq!(
            (status, &refused),
            (wrong_status, &wrong),
            "{engine:?}: a disabled account's refusal differs from a wrong password's"
        );

        account(&["enable", "--username", "reviewer.sun"], &store, None);
        assert_eq!(
            again.login("reviewer.sun", STRONGER).await.0,
            StatusCode::OK,
            "{engine:?}: enabled again"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_password_must_be_changed_again_and_ends_the_sessions() {
    for engine in ENGINES {
        let (app, store, _world) = app_with_world(engine).await;
        let initial = create_agent_of_a("agent.zhou", &store).expect("an initial password");
        let mut browser = Browser::new(&app);
        browser.login("agent.zhou", &initial).await;
        browser
            .change_password_then_read(&initial, STRONG, "/api/v1/employer/applications")
            .await;

        let reset = account(
            &["reset-password", "--username", "agent.zhou"],
            &store,
            None,
        )
        .expect("reset-password prints a one-time password");
        assert_ne!(reset, initial);
        assert_eq!(
            eventually(
                &browser,
                "/api/v1/employer/applications",
                StatusCode::UNAUTHORIZED
            )
            .await,
            StatusCode::UNAUTHORIZED,
            "{engine:?}: a session from before the reset goes on"
        );
        let mut again = Browser::new(&app);
        assert_eq!(
            again.login("agent.zhou", STRONG).await.0,
            StatusCode::UNAUTHORIZED,
            "{engine:?}: the password from before the reset still works"
        );
        let (status, info) = again.login("agent.zhou", &reset).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(info["must_change_password"], json!(true), "{info}");
        assert_held_at_the_password_change(
            again.get("/api/v1/employer/applications").await,
            &format!("{engine:?}: after a reset"),
        );
        again
            .change_password_then_read(&reset, STRONGER, "/api/v1/employer/applications")
            .await;
    }
}
