-- The person-lookup budget (src/lookups.rs): how many persons' insurance status each
-- account has read in each hour (hours since the Unix epoch). One row per account and
-- hour, raised by an upsert, so counting costs the same however many lookups there were.
CREATE TABLE lookup_budget (
    account_id        BIGINT NOT NULL,
    hour              BIGINT NOT NULL,
    used              BIGINT NOT NULL,
    PRIMARY KEY (account_id, hour)
);
