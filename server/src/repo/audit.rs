//! The audit log: who did what, when, from where, with what result. Append-only: this
//! module only inserts, and nothing else writes the table.
//!
//! Every row carries the hash of the one before it: `hash = SHA-256(prev_hash ‖ the
//! row's canonical encoding)` ([`chain_hash`]), from a genesis of 32 zero bytes. The
//! head of the chain (`audit_head`: the last `seq` and its hash) lives in the database
//! and is moved in the same transaction as the row, so appends are serialised by its
//! row lock on PostgreSQL (held from the append to the commit, so callers append as the
//! last thing a transaction does) and by the one writer on SQLite, and a rolled-back
//! savepoint or transaction takes its rows and the head's move with it.
//! `shebao-server audit verify` ([`crate::audit_verify`]) walks the chain.

use super::ids::AccountId;
use crate::client_address::ClientAddress;
use crate::db::{DbError, FromRow, Row, Tx};
use crate::params;
use sha2::{Digest, Sha256};

/// Who did it and from where: the account (if any) and the source address (the client's
/// address, see [`crate::client_address`], or [`SYSTEM`] for the server's own jobs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Who {
    pub account_id: Option<AccountId>,
    pub source: String,
}

/// The source of what the server does by itself (the automatic reviewer, migrations).
pub const SYSTEM: &str = "system";

impl Who {
    pub fn new(account_id: Option<AccountId>, source: ClientAddress) -> Who {
        Who {
            account_id,
            source: source.to_string(),
        }
    }

    /// Somebody not logged in, at `source`.
    pub fn anonymous(source: ClientAddress) -> Who {
        Who::new(None, source)
    }

    /// The server itself.
    /// An operator's command on the server's command line (`shebao-server account …`).
    pub fn command_line() -> Who {
        Who {
            account_id: None,
            source: "command line".into(),
        }
    }

    pub fn system() -> Who {
        Who {
            account_id: None,
            source: SYSTEM.to_string(),
        }
    }
}

/// The chain's first `prev_hash`.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One row's chained fields, as hashed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub at_ms: i64,
    pub account_id: Option<AccountId>,
    pub source: String,
    pub action: String,
    pub target: String,
    pub result: String,
}

/// `SHA-256(prev ‖ encoding)`, lower-case hex. The encoding is unambiguous: the 32
/// bytes of `prev`, then `seq` and `at_ms` as 8-byte big-endian, the account as a 0
/// byte (none) or a 1 byte and 8 bytes, and each text as its 4-byte big-endian length
/// and UTF-8 bytes. A `prev` that is not 64 hex digits is hashed as its text (so a
/// tampered `prev_hash` still gives a hash, which then does not match).
pub fn chain_hash(prev: &str, entry: &Entry) -> String {
    let mut h = Sha256::new();
    match hex::decode(prev) {
        Ok(bytes) if bytes.len() == 32 => h.update(&bytes),
        _ => h.update(prev.as_bytes()),
    }
    h.update(entry.seq.to_be_bytes());
    h.update(entry.at_ms.to_be_bytes());
    match entry.account_id {
        None => h.update([0u8]),
        Some(AccountId(id)) => {
            h.update([1u8]);
            h.update(id.to_be_bytes());
        }
    }
    for text in [&entry.source, &entry.action, &entry.target, &entry.result] {
        h.update((text.len() as u32).to_be_bytes());
        h.update(text.as_bytes());
    }
    hex::encode(h.finalize())
}

/// The chain's head: the last row's `seq` and `hash` (0 and [`GENESIS`] for none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

crate::from_row!(Head { seq, hash });

/// A row of the audit log as stored: its chained fields (`entry`, whose `seq` is 0 for
/// a row not yet in the chain) and the hashes it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub id: i64,
    pub entry: Entry,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

crate::from_row!(Entry {
    seq,
    at_ms,
    account_id,
    source,
    action,
    target,
    result,
});

impl FromRow for Stored {
    fn from_row(row: &Row) -> Result<Stored, DbError> {
        let (id, prev_hash, hash) = (row.get("id")?, row.get("prev_hash")?, row.get("hash")?);
        let entry = Entry::from_row(row)?;
        Ok(Stored {
            id,
            entry,
            prev_hash,
            hash,
        })
    }
}

/// A stored row's columns (`seq` 0 for a row not in the chain).
const STORED: &str = "id, COALESCE(seq, 0) AS seq, at_ms, account_id, source, action, target, result, prev_hash, hash";

/// Appends a row. Takes the chain's head (on PostgreSQL its row lock, until the
/// transaction ends): call it last in a transaction, after the work it records.
pub fn record(
    tx: &mut dyn Tx,
    at_ms: i64,
    who: &Who,
    action: &str,
    target: &str,
    result: &str,
) -> Result<(), DbError> {
    let head: Head = tx
        .query_opt_as(
            "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash",
            params![],
        )?
        .ok_or_else(|| DbError::Other("the audit log has no head".into()))?;
    let entry = Entry {
        seq: head.seq,
        at_ms,
        account_id: who.account_id,
        source: who.source.clone(),
        action: action.to_string(),
        target: target.to_string(),
        result: result.to_string(),
    };
    let hash = chain_hash(&head.hash, &entry);
    tx.execute(
        "INSERT INTO audit_log (at_ms, account_id, source, action, target, result, seq, prev_hash, hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            at_ms,
            who.account_id,
            entry.source.as_str(),
            action,
            target,
            result,
            entry.seq,
            head.hash.as_str(),
            hash.as_str()
        ],
    )?;
    tx.execute(
        "UPDATE audit_head SET hash = ?1 WHERE id = 1",
        params![hash.as_str()],
    )?;
    Ok(())
}

/// The chain's head as stored.
pub fn head(tx: &mut dyn Tx) -> Result<Head, DbError> {
    tx.query_opt_as("SELECT seq, hash FROM audit_head WHERE id = 1", params![])?
        .ok_or_else(|| DbError::Other("the audit log has no head".into()))
}

/// The rows not in the chain (no `seq`), in id order: none, unless written by
/// something other than the server (or before the chain existed).
pub fn unchained(tx: &mut dyn Tx, limit: i64) -> Result<Vec<Stored>, DbError> {
    let sql = format!("SELECT {STORED} FROM audit_log WHERE seq IS NULL ORDER BY id LIMIT ?1");
    tx.query_as(&sql, params![limit])
}

/// The chained rows with `seq` from `first` to `last`, in seq order, at most `limit`.
pub fn chained(tx: &mut dyn Tx, first: i64, last: i64, limit: i64) -> Result<Vec<Stored>, DbError> {
    let sql = format!(
        "SELECT {STORED} FROM audit_log WHERE seq >= ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3"
    );
    tx.query_as(&sql, params![first, last, limit])
}

/// Chains the rows not yet in the chain (those written before it existed), in id order,
/// after the head. Run once, by the migration that adds the chain.
pub fn chain_unchained(tx: &mut dyn Tx) -> Result<(), DbError> {
    let Head {
        mut seq,
        hash: mut prev,
    } = head(tx)?;
    for row in unchained(tx, i64::MAX)? {
        seq += 1;
        let entry = Entry { seq, ..row.entry };
        let hash = chain_hash(&prev, &entry);
        tx.execute(
            "UPDATE audit_log SET seq = ?1, prev_hash = ?2, hash = ?3 WHERE id = ?4",
            params![seq, prev.as_str(), hash.as_str(), row.id],
        )?;
        prev = hash;
    }
    tx.execute(
        "UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1",
        params![seq, prev.as_str()],
    )?;
    Ok(())
}

/// How many times `account_id` did `action` since `since_ms` (rate limits count here,
/// so they hold across server processes).
pub fn count_since(
    tx: &mut dyn Tx,
    account_id: AccountId,
    action: &str,
    since_ms: i64,
) -> Result<i64, DbError> {
    tx.query_row(
        "SELECT COUNT(*) AS times FROM audit_log WHERE account_id = ?1 AND action = ?2 AND at_ms >= ?3",
        params![account_id, action, since_ms],
    )?
    .get("times")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            seq: 1,
            at_ms: 1_700_000_000_000,
            account_id: Some(AccountId(7)),
            source: "192.0.2.1".into(),
            action: "login".into(),
            target: "agent".into(),
            result: "ok".into(),
        }
    }

    #[test]
    fn every_field_and_the_predecessor_count() {
        let base = chain_hash(GENESIS, &entry());
        assert_eq!(base.len(), 64);
        assert_ne!(base, chain_hash(&base, &entry()), "the predecessor");
        let changes: [fn(&mut Entry); 7] = [
            |e| e.seq = 2,
            |e| e.at_ms += 1,
            |e| e.account_id = None,
            |e| e.source = "192.0.2.2".into(),
            |e| e.action = "logout".into(),
            |e| e.target = "agen".into(),
            |e| e.result = "failed".into(),
        ];
        for change in changes {
            let mut e = entry();
            change(&mut e);
            assert_ne!(chain_hash(GENESIS, &e), base, "{e:?}");
        }
        // Lengths are encoded: moving a character between fields changes the hash.
        let mut moved = entry();
        moved.target = "agento".into();
        moved.result = "k".into();
        assert_ne!(chain_hash(GENESIS, &moved), base);
    }
}
