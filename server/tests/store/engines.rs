//! The store against the real engines: SQLite in a fresh file and PostgreSQL in a fresh
//! schema. The same code, the same answers.

use crate::common;

use common::{fresh_schema, postgres_url, Engine, ENGINES};
use shebao_server::db::{DbError, Store, Tx};
use shebao_server::params;

fn open(engine: Engine, dir: &std::path::Path) -> Store {
    match engine {
        Engine::Sqlite => Store::open_sqlite(&dir.join("test.db"), 2).unwrap(),
        Engine::Postgres => {
            Store::open_postgres(&postgres_url(), Some(&fresh_schema()), 2, 2).unwrap()
        }
    }
}

/// A fresh store of `engine` (opened off the runtime's threads, as opening blocks) and
/// the directory it lives in, which must outlive it.
async fn open_fresh(engine: Engine) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let store = tokio::task::spawn_blocking(move || open(engine, &path))
        .await
        .unwrap();
    (dir, store)
}

fn insert_employer(tx: &mut dyn Tx, unit: &str) -> Result<i64, DbError> {
    tx.query_row(
        "INSERT INTO employers (name, credit_code, unit_number, district, contact_name, contact_mobile, work_injury_rate_bp)
         VALUES ('测试单位', ?1, ?1, '330211', '王五', '13800138000', 40) RETURNING id",
        params![unit],
    )?
    .i64(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_are_kept_reads_see_them_and_unique_violations_are_named() {
    for engine in ENGINES {
        let (_dir, store) = open_fresh(engine).await;
        let id: i64 = store.write(|tx| insert_employer(tx, "A1")).await.unwrap();
        let name: String = store
            .read(move |tx| {
                tx.query_row("SELECT name FROM employers WHERE id = ?1", params![id])?
                    .text(0)
            })
            .await
            .unwrap();
        assert_eq!(name, "测试单位", "{engine:?}");

        let duplicate = store.write(|tx| insert_employer(tx, "A1")).await;
        assert!(
            matches!(duplicate, Err(DbError::Unique(_))),
            "{engine:?}: {duplicate:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_submission_leaves_nothing_and_does_not_sink_the_others() {
    for engine in ENGINES {
        let (_dir, store) = open_fresh(engine).await;
        // Many writes at once, so SQLite's writer groups them into shared commits; every
        // third one writes a row and then fails, and must leave nothing behind.
        let mut handles = Vec::new();
        for i in 0..60 {
            let store = store.clone();
            handles.push(tokio::spawn(async move {
                store
                    .write(move |tx| {
                        insert_employer(tx, &format!("U{i}"))?;
                        if i % 3 == 0 {
                            return Err(DbError::Other("refused on purpose".into()));
                        }
                        Ok(i)
                    })
                    .await
            }));
        }
        let mut ok = 0;
        for h in handles {
            if h.await.unwrap().is_ok() {
                ok += 1;
            }
        }
        let count: i64 = store
            .read(|tx| {
                tx.query_row("SELECT COUNT(*) FROM employers", params![])?
                    .i64(0)
            })
            .await
            .unwrap();
        assert_eq!(ok, 40, "{engine:?}");
        assert_eq!(
            count, 40,
            "{engine:?}: the failed submissions' rows must be gone"
        );
        assert!(store.commits() >= 1, "{engine:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("again.db");
    {
        let store = Store::open_sqlite(&path, 1).unwrap();
        store.write(|tx| insert_employer(tx, "K1")).await.unwrap();
    }
    let store = Store::open_sqlite(&path, 1).unwrap();
    let n: i64 = store
        .read(|tx| {
            tx.query_row("SELECT COUNT(*) FROM employers", params![])?
                .i64(0)
        })
        .await
        .unwrap();
    assert_eq!(n, 1);
}
