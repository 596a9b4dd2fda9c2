//! The SQLite store's checkpointer thread lives exactly as long as the store: it is
//! there while the store is open, and gone once the store is dropped (a server that
//! opens and closes stores, as the tests do, must not collect threads). Its own test
//! binary, so no other test's store is open meanwhile.

use shebao_server::db::Store;
use std::time::{Duration, Instant};

/// Threads of this process whose name is the checkpointer's (Linux truncates names to
/// 15 characters).
fn checkpointers() -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|name| name.trim() == "sqlite-checkpoi")
        .count()
}

/// Waits (at most five seconds) until `count` checkpointers run; answers how many do.
fn wait_for(count: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(5);
    while checkpointers() != count && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    checkpointers()
}

#[test]
fn the_checkpointer_ends_with_its_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("shebao.db"), 1).unwrap();
    // (A new thread names itself once it runs, so both sides wait a moment.)
    assert_eq!(wait_for(1), 1, "no checkpointer while the store is open");
    drop(store);
    assert_eq!(wait_for(0), 0, "the checkpointer outlived its store");
}
