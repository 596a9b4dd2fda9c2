//! `shebao-server [store options] audit verify`: walks the audit log's hash chain (see
//! [`crate::repo::audit`]) and reports the first row that does not chain — its id and
//! what differs — with exit status 1, or how many rows chain and the head's hash, with
//! exit status 0. The store is the one the options name: `--data-dir` (SQLite) or
//! `--database-url` (and `--database-schema`) for PostgreSQL; a running server may keep
//! appending meanwhile (rows after the head read at the start are left for next time).
//!
//! The chain shows a row altered, removed or slipped in anywhere before the head. What
//! it cannot show alone is the newest rows removed together with the head moved back by
//! someone who can write the database: keep the printed head (seq and hash) elsewhere
//! and compare, a later head must still chain through it.

use crate::config::Config;
use crate::db::{DbError, Store, Tx};
use crate::repo::audit::{self, chain_hash, Head, GENESIS};

/// `shebao-server audit …`
#[derive(Clone, Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Check that every row of the audit log chains to the one before it; exit 1 at the
    /// first that does not.
    Verify,
}

/// What the walk found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Rows 1..=`rows` of the chain are all there and all chain; `hash` is the head's.
    Chains { rows: i64, hash: String },
    /// The first row that does not chain (`id: None` when the break is after the last
    /// row: the head names rows that are gone).
    Broken {
        id: Option<i64>,
        seq: i64,
        what: String,
    },
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Chains { rows, hash } => write!(
                f,
                "audit log: {rows} rows chain; head seq {rows}, hash {hash}"
            ),
            Verdict::Broken {
                id: Some(id),
                seq,
                what,
            } => write!(f, "audit log: row {id} (seq {seq}) does not chain: {what}"),
            Verdict::Broken {
                id: None,
                seq,
                what,
            } => {
                write!(f, "audit log: the chain breaks at seq {seq}: {what}")
            }
        }
    }
}

/// Rows read per query.
const PAGE: i64 = 5_000;

/// Walks the chain in `tx`.
pub fn verify(tx: &mut dyn Tx) -> Result<Verdict, DbError> {
    let Head {
        seq: head_seq,
        hash: head_hash,
    } = audit::head(tx)?;
    if let Some(row) = audit::unchained(tx, 1)?.first() {
        return Ok(Verdict::Broken {
            id: Some(row.id),
            seq: 0,
            what: "it has no place in the chain (no seq): it was not written by the server".into(),
        });
    }
    let (mut expected, mut prev, mut prev_id) = (1i64, GENESIS.to_string(), None::<i64>);
    while expected <= head_seq {
        let rows = audit::chained(tx, expected, head_seq, PAGE)?;
        if rows.is_empty() {
            break;
        }
        for row in rows {
            let (id, seq) = (row.id, row.entry.seq);
            let before = match prev_id {
                Some(p) => format!("row {p}, seq {}", expected - 1),
                None => "the genesis".to_string(),
            };
            if seq != expected {
                let gap = if seq - 1 > expected {
                    format!("seq {expected}..{} are missing", seq - 1)
                } else {
                    format!("seq {expected} is missing")
                };
                return Ok(Verdict::Broken {
                    id: Some(id),
                    seq,
                    what: format!("{gap} (removed): the row before it is {before}"),
                });
            }
            let stored_prev = row.prev_hash.unwrap_or_default();
            if stored_prev != prev {
                return Ok(Verdict::Broken {
                    id: Some(id),
                    seq,
                    what: format!(
                        "its prev_hash {stored_prev} is not the hash {prev} of {before} \
                         (one of the two was altered, or a row between them removed)"
                    ),
                });
            }
            let entry = row.entry;
            let stored = row.hash.unwrap_or_default();
            let computed = chain_hash(&stored_prev, &entry);
            if stored != computed {
                return Ok(Verdict::Broken {
                    id: Some(id),
                    seq,
                    what: format!(
                        "its fields hash to {computed}, not to its stored hash {stored}: \
                         the row was altered (at_ms {}, account {:?}, source {:?}, action {:?}, \
                         target {:?}, result {:?})",
                        entry.at_ms,
                        entry.account_id.map(|a| a.0),
                        entry.source,
                        entry.action,
                        entry.target,
                        entry.result
                    ),
                });
            }
            prev = stored;
            prev_id = Some(id);
            expected += 1;
        }
    }
    if expected <= head_seq {
        let gap = if head_seq > expected {
            format!("seq {expected}..{head_seq} are missing")
        } else {
            format!("seq {expected} is missing")
        };
        return Ok(Verdict::Broken {
            id: None,
            seq: expected,
            what: format!("{gap} (removed): the head names seq {head_seq}"),
        });
    }
    if prev != head_hash {
        return Ok(Verdict::Broken {
            id: prev_id,
            seq: head_seq,
            what: format!(
                "the head's hash {head_hash} is not the last row's {prev} (the head or the row was altered)"
            ),
        });
    }
    Ok(Verdict::Chains {
        rows: head_seq,
        hash: head_hash,
    })
}

/// Opens the store the options name (never creating one) and verifies it.
pub async fn run(config: &Config, command: &AuditCommand) -> std::process::ExitCode {
    let AuditCommand::Verify = command;
    let config = config.clone();
    let opened = tokio::task::spawn_blocking(move || -> Result<Store, String> {
        match &config.database_url {
            Some(url) => Store::open_postgres(url, config.database_schema.as_deref(), 1, 1)
                .map_err(|e| format!("cannot open PostgreSQL: {e}")),
            None => {
                let path = config.sqlite_path();
                if !path.exists() {
                    return Err(format!("no database at {}", path.display()));
                }
                Store::open_sqlite(&path, 1)
                    .map_err(|e| format!("cannot open {}: {e}", path.display()))
            }
        }
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|opened| opened);
    let store = match opened {
        Ok(store) => store,
        Err(error) => {
            eprintln!("shebao-server: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    match store.read(verify).await {
        Ok(verdict @ Verdict::Chains { .. }) => {
            println!("{verdict}");
            std::process::ExitCode::SUCCESS
        }
        Ok(verdict) => {
            println!("{verdict}");
            std::process::ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("shebao-server: cannot read the audit log: {error}");
            std::process::ExitCode::from(2)
        }
    }
}
