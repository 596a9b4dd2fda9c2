-- The audit log as evidence (ASVS V16): every row names its source address and carries
-- the hash of the row before it, so a row altered or removed in the database shows
-- (`shebao-server audit verify`).
--
-- seq is the row's place in the chain (1, 2, 3 …, no gaps); prev_hash and hash are
-- lower-case hex SHA-256 (see repo::audit::chain_hash). Rows written before this
-- migration get source 'unrecorded' and are chained, in id order, by the code that runs
-- right after this file (migrations.rs → repo::audit::chain_unchained), so the chain
-- covers the whole log from its first row.
ALTER TABLE audit_log ADD COLUMN source TEXT NOT NULL DEFAULT 'unrecorded';
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log(seq);

-- The chain's head: one row, the last seq and its hash. Appending updates it in the
-- same transaction as the new row, which serialises appends (PostgreSQL: its row lock,
-- held to commit; SQLite: the one writer) and rolls back with them (a savepoint undone
-- leaves the head where it was). seq 0 and 64 zeros: the genesis.
CREATE TABLE audit_head (
    id                BIGINT PRIMARY KEY CHECK (id = 1),
    seq               BIGINT NOT NULL,
    hash              TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
