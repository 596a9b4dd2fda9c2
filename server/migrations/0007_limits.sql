-- Limits. The person-lookup budget (src/lookups.rs): how many persons' insurance status each
-- account has read in each hour (hours since the Unix epoch). One row per account and
-- hour, raised by an upsert, so counting costs the same however many lookups there were.
CREATE TABLE lookup_budget (
    account_id        BIGINT NOT NULL,
    hour              BIGINT NOT NULL,
    used              BIGINT NOT NULL,
    PRIMARY KEY (account_id, hour)
);

-- What the purge job (src/jobs/purge.rs) deletes by age, and the upload quota counts.
CREATE INDEX idempotency_created ON idempotency(created_ms);
CREATE INDEX guesses_at ON guesses(at_ms);
CREATE INDEX materials_pending ON materials(account_id, application_id);
CREATE INDEX sessions_expires ON sessions(expires_ms);

-- Accounts are no longer locked after failed logins (anyone could lock anyone out):
-- guessing is slowed down per address and per user name in `guesses` instead.
ALTER TABLE accounts DROP COLUMN failed_logins;
ALTER TABLE accounts DROP COLUMN locked_until_ms;
