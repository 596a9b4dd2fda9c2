-- Open-on-computer codes, redone (security review): a code is 8 letters of a 32-letter
-- alphabet (40 bits); only its SHA-256 is kept; a certificate has at most one live code
-- (a new one replaces it); a code is deleted when used, replaced, expired or killed by
-- wrong guesses near it. The six-digit codes of 0002 are dropped with their table: they
-- lived ten minutes, and their rows only reserved guessable keys.
DROP TABLE handoffs;
CREATE TABLE handoffs (
    code_sha256       TEXT PRIMARY KEY,       -- hex SHA-256 of the code as `ABCD-EFGH`
    prefix            TEXT NOT NULL,          -- its first two letters (10 of its 40 bits)
    certificate_id    BIGINT NOT NULL UNIQUE REFERENCES certificates(id),
    account_id        BIGINT NOT NULL REFERENCES accounts(id),
    created_ms        BIGINT NOT NULL,
    expires_ms        BIGINT NOT NULL,
    wrong             BIGINT NOT NULL DEFAULT 0 -- wrong codes typed with the same prefix
);
CREATE INDEX handoffs_prefix ON handoffs(prefix, expires_ms);
CREATE INDEX handoffs_expiry ON handoffs(expires_ms);
