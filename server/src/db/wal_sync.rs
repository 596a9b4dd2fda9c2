//! Makes SQLite's commits durable on a thread of their own, so the writer can run the
//! next group of submissions while the disk flushes the last one.
//!
//! With `synchronous = FULL`, SQLite's COMMIT writes the group's pages to the WAL and
//! then waits for fsync, and the writer, with every submission queued behind it, waits
//! too: on this machine about a third of each group's cycle. Here the writer runs with
//! `synchronous = NORMAL` (SQLite still syncs around checkpoints and when the WAL
//! starts over, but not at each commit), and this thread does what FULL would have done
//! at the commit: one `fdatasync` of the WAL file, after the commit's frames are
//! written. Only then are the group's results delivered, so, as before, nothing is
//! acknowledged before it is on disk. Commits that queue up while a flush runs share
//! the next one.
//!
//! The difference from FULL is when a commit becomes *visible*: FULL makes it visible
//! after the flush, NORMAL before. So reads wait too: a read's answer is held back
//! until every commit it could have seen is durable ([`Durability::deliver_read`]), and
//! nobody is ever shown something a crash could take back.

use super::engine::{DbError, Deliver};
use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// What the writer and the readers share with the syncer thread.
#[derive(Clone)]
pub struct Durability {
    shared: Arc<Shared>,
    to_syncer: crossbeam_channel::Sender<Message>,
}

struct Shared {
    /// The number of the latest commit the writer has started, raised just *before* its
    /// COMMIT statement (after which readers may see its rows), so that a reader that saw
    /// a commit's rows sees at least its number.
    started: AtomicU64,
    /// Every commit up to this number is on disk.
    durable: AtomicU64,
    /// A flush failed: what the WAL holds can no longer be trusted to reach the disk
    /// (Linux may drop the failed pages), so every later write is refused.
    failed: AtomicBool,
}

enum Message {
    /// Commit `number` ended (`error` if it did not commit); deliver these results once
    /// it is durable.
    Committed {
        number: u64,
        error: Option<DbError>,
        deliveries: Vec<Deliver>,
    },
    /// A read that may have seen commits up to `number`.
    Read { number: u64, deliver: Deliver },
}

impl Durability {
    /// Starts the syncer for the database at `path` (its WAL file must exist: open the
    /// database in WAL mode first). The thread ends once every `Durability` is dropped.
    pub fn start(path: &Path) -> Result<Durability, DbError> {
        let mut wal_path = path.as_os_str().to_owned();
        wal_path.push("-wal");
        let wal =
            File::open(&wal_path).map_err(|e| DbError::engine("opening the WAL to sync it", e))?;
        let shared = Arc::new(Shared {
            started: AtomicU64::new(0),
            durable: AtomicU64::new(0),
            failed: AtomicBool::new(false),
        });
        let (to_syncer, inbox) = crossbeam_channel::unbounded();
        let syncer_shared = shared.clone();
        std::thread::Builder::new()
            .name("sqlite-syncer".into())
            .spawn(move || sync_loop(&wal, &syncer_shared, &inbox))
            .map_err(|e| DbError::engine("starting the syncer thread", e))?;
        Ok(Durability { shared, to_syncer })
    }

    /// The writer, just before its COMMIT statement: answers the commit's number, or
    /// refuses the commit once a flush has failed (what the WAL holds can no longer be
    /// trusted to reach the disk).
    pub fn commit_starts(&self) -> Result<u64, DbError> {
        if self.shared.failed.load(Ordering::SeqCst) {
            return Err(DbError::Other(
                "an earlier commit could not be flushed to disk".into(),
            ));
        }
        Ok(self.shared.started.fetch_add(1, Ordering::SeqCst) + 1)
    }

    /// The writer: commit `number` ended; its results go out once it is on disk.
    pub fn deliver_commit(&self, number: u64, error: Option<DbError>, deliveries: Vec<Deliver>) {
        let message = Message::Committed {
            number,
            error,
            deliveries,
        };
        if let Err(crossbeam_channel::SendError(message)) = self.to_syncer.send(message) {
            message.abandon();
        }
    }

    /// A reader, after its transaction: its answer goes out once every commit it could
    /// have seen is on disk (at once, nearly always).
    pub fn deliver_read(&self, deliver: Deliver) {
        // Loaded after the read: covers every commit whose rows it could have seen.
        let number = self.shared.started.load(Ordering::SeqCst);
        if self.shared.durable.load(Ordering::SeqCst) >= number {
            return deliver(None);
        }
        if let Err(crossbeam_channel::SendError(message)) =
            self.to_syncer.send(Message::Read { number, deliver })
        {
            message.abandon();
        }
    }
}

impl Message {
    /// The syncer is gone (the store is closing): nothing more can be made durable.
    fn abandon(self) {
        match self {
            Message::Committed { deliveries, .. } => deliveries
                .into_iter()
                .for_each(|d| d(Some(DbError::Closed))),
            Message::Read { deliver, .. } => deliver(Some(DbError::Closed)),
        }
    }
}

fn sync_loop(wal: &File, shared: &Shared, inbox: &crossbeam_channel::Receiver<Message>) {
    let mut waiting_reads: Vec<(u64, Deliver)> = Vec::new();
    while let Ok(first) = inbox.recv() {
        // Everything that arrived meanwhile shares this flush.
        let mut ended: Vec<(Option<DbError>, Vec<Deliver>)> = Vec::new();
        let mut last_commit = None;
        for message in std::iter::once(first).chain(inbox.try_iter()) {
            match message {
                Message::Committed {
                    number,
                    error,
                    deliveries,
                } => {
                    last_commit = Some(number);
                    ended.push((error, deliveries));
                }
                Message::Read { number, deliver } => waiting_reads.push((number, deliver)),
            }
        }
        let mut flush_error = None;
        if let Some(number) = last_commit {
            // Commits arrive in order, so one flush after the last covers them all.
            if ended.iter().any(|(error, _)| error.is_none()) {
                if let Err(e) = wal.sync_data() {
                    tracing::error!("flushing the WAL failed, refusing further writes: {e}");
                    shared.failed.store(true, Ordering::SeqCst);
                    flush_error = Some(DbError::engine("flushing the WAL", e));
                }
            }
            if flush_error.is_none() {
                shared.durable.store(number, Ordering::SeqCst);
            }
        }
        for (error, deliveries) in ended {
            let error = error.or_else(|| flush_error.clone());
            deliveries.into_iter().for_each(|d| d(error.clone()));
        }
        // Reads wait for every commit they could have seen; after a failed flush, those
        // commits will never be durable, so the reads are answered with the failure.
        let durable = shared.durable.load(Ordering::SeqCst);
        let failed = shared.failed.load(Ordering::SeqCst);
        let (ready, still_waiting): (Vec<_>, Vec<_>) = waiting_reads
            .into_iter()
            .partition(|(number, _)| *number <= durable || failed);
        waiting_reads = still_waiting;
        for (number, deliver) in ready {
            deliver((number > durable).then(|| {
                DbError::Other("a commit this read saw could not be flushed to disk".into())
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    /// A syncer over the WAL of a real SQLite database (kept open, so its WAL stays).
    fn syncer() -> (tempfile::TempDir, rusqlite::Connection, Durability) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shebao.db");
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER);")
            .unwrap();
        let durability = Durability::start(&path).unwrap();
        (dir, conn, durability)
    }

    fn answer_to(sender: &mpsc::Sender<Answer>, who: &'static str) -> Deliver {
        let sender = sender.clone();
        Box::new(move |error: Option<DbError>| {
            sender.send((who, error.map(|e| e.to_string()))).unwrap()
        })
    }

    /// Who was answered, and the error they were answered with, in words.
    type Answer = (&'static str, Option<String>);

    /// The next `count` answers (at most five seconds each), by who was answered.
    fn next_answers(answers: &mpsc::Receiver<Answer>, count: usize) -> Vec<Answer> {
        let mut answered: Vec<Answer> = (0..count)
            .map(|_| answers.recv_timeout(Duration::from_secs(5)).unwrap())
            .collect();
        answered.sort_by_key(|(who, _)| *who);
        answered
    }

    #[test]
    fn a_read_that_may_have_seen_a_commit_waits_until_it_is_flushed() {
        let (_dir, _db, durability) = syncer();
        let (sender, answers) = mpsc::channel();
        let commit = durability.commit_starts().unwrap();
        // The read ran after the commit started: it may have seen its rows.
        durability.deliver_read(answer_to(&sender, "read"));
        assert!(
            answers.recv_timeout(Duration::from_millis(200)).is_err(),
            "a read was answered before a commit it could have seen was on disk"
        );
        durability.deliver_commit(commit, None, vec![answer_to(&sender, "write")]);
        let answered = next_answers(&answers, 2);
        assert_eq!(answered, vec![("read", None), ("write", None)]);
    }

    #[test]
    fn a_read_with_every_commit_flushed_is_answered_at_once() {
        let (_dir, _db, durability) = syncer();
        let (sender, answers) = mpsc::channel();
        let commit = durability.commit_starts().unwrap();
        durability.deliver_commit(commit, None, vec![answer_to(&sender, "write")]);
        assert_eq!(
            answers.recv_timeout(Duration::from_secs(5)).unwrap(),
            ("write", None)
        );
        // The syncer has published the commit as durable before answering the write.
        durability.deliver_read(answer_to(&sender, "read"));
        assert_eq!(answers.try_recv().unwrap(), ("read", None));
    }

    #[test]
    fn a_commit_that_failed_answers_its_error_and_holds_nothing_up() {
        let (_dir, _db, durability) = syncer();
        let (sender, answers) = mpsc::channel();
        let commit = durability.commit_starts().unwrap();
        durability.deliver_read(answer_to(&sender, "read"));
        let refused = DbError::Other("disk full".into());
        durability.deliver_commit(
            commit,
            Some(refused.clone()),
            vec![answer_to(&sender, "write")],
        );
        let answered = next_answers(&answers, 2);
        assert_eq!(
            answered,
            vec![("read", None), ("write", Some(refused.to_string()))]
        );
    }
}
