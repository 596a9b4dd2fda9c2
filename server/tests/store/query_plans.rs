//! The reads a resident's page and a personal certificate make use an index on SQLite,
//! never a scan of a whole table: at a million persons a scan of `relationships` took
//! minutes per page under load (found by `loadgen --reads --persons 1000000`). The
//! statements are those of `repo::relationships`, `repo::contributions`,
//! `repo::persons` and `auth::sessions`; the plan is SQLite's own `EXPLAIN QUERY PLAN`
//! on the migrated schema.

use crate::common;

use shebao_server::db::{DbError, Tx};
use shebao_server::params;

/// The reads behind `/api/v1/resident/status`, `/contributions`, `/pension-history`
/// and a personal certificate, and the login's clean-up of expired sessions.
const READS: &[&str] = &[
    "SELECT id FROM relationships WHERE person_id = ?1 ORDER BY start_month, id",
    "SELECT id FROM relationships WHERE person_id = ?1 AND state = 'active'",
    "SELECT insurance, COUNT(*) FROM contributions WHERE person_id = ?1 AND paid = 1 GROUP BY insurance",
    "SELECT substr(month, 1, 4), COUNT(*) FROM contributions WHERE person_id = ?1 AND insurance = 'pension' AND paid = 1 GROUP BY substr(month, 1, 4) ORDER BY 1",
    "SELECT month FROM contributions WHERE person_id = ?1 AND month >= '2024-01' AND month <= '2026-12'",
    "SELECT name FROM persons WHERE id = ?1",
    "SELECT name FROM persons WHERE citizen_id = ?1",
    "DELETE FROM sessions WHERE account_id = ?1 AND expires_ms <= 0",
];

fn plan(tx: &mut dyn Tx, sql: &str) -> Result<Vec<String>, DbError> {
    tx.query(&format!("EXPLAIN QUERY PLAN {sql}"), params![1i64])?
        .iter()
        .map(|row| row.text(3))
        .collect()
}

#[tokio::test]
async fn a_residents_reads_never_scan_a_table() {
    let app = common::spawn_app_on(common::Engine::Sqlite).await;
    for sql in READS {
        let statement = sql.to_string();
        let steps = app
            .state
            .store
            .read(move |tx| plan(tx, &statement))
            .await
            .unwrap();
        assert!(
            steps.iter().all(|s| !s.starts_with("SCAN ")),
            "{sql}\nscans a table: {steps:?}"
        );
        assert!(
            steps.iter().any(|s| s.starts_with("SEARCH ")),
            "{sql}\nfinds no index: {steps:?}"
        );
    }
}
