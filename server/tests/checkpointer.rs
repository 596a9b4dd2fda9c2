//! The SQLite store's background threads (the checkpointer, and the syncer that flushes
//! each group commit) live exactly as long as the store: they are there while the store
//! is open, and gone once it is dropped (a server that opens and closes stores, as the
//! tests do, must not collect threads). Its own test binary, so no other test's store is
//! open meanwhile.

use shebao_server::db::Store;
use std::time::{Duration, Instant};

/// Linux truncates thread names to 15 characters.
const BACKGROUND_THREADS: [&str; 2] = ["sqlite-checkpoi", "sqlite-syncer"];

/// How many threads of this process carry each background thread's name.
fn running() -> Vec<usize> {
    let names: Vec<String> = std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .map(|name| name.trim().to_string())
        .collect();
    BACKGROUND_THREADS
        .iter()
        .map(|thread| names.iter().filter(|name| name == thread).count())
        .collect()
}

/// Waits (at most five seconds) until each background thread runs `count` times;
/// answers how many do.
fn wait_for(count: usize) -> Vec<usize> {
    let deadline = Instant::now() + Duration::from_secs(5);
    while running().iter().any(|n| *n != count) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    running()
}

#[test]
fn the_background_threads_end_with_their_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("shebao.db"), 1).unwrap();
    // (A new thread names itself once it runs, so both sides wait a moment.)
    assert_eq!(
        wait_for(1),
        [1, 1],
        "{BACKGROUND_THREADS:?} while the store is open"
    );
    drop(store);
    assert_eq!(
        wait_for(0),
        [0, 0],
        "{BACKGROUND_THREADS:?} outlived their store"
    );
}
