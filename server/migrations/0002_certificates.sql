-- Certificates (社保证明), their captchas and open-on-computer codes, and the counters
-- of public guessing. Same conventions as 0001.

-- Everything issued: the signed content, its signature and the sealed file.
CREATE TABLE certificates (
    id                {ID},
    code              TEXT NOT NULL UNIQUE,   -- the verification code, e.g. K7Q2-M9XD-4HPA-TR3C
    kind              TEXT NOT NULL,          -- employer | personal | pension_history
    person_id         BIGINT REFERENCES persons(id),
    employer_id       BIGINT REFERENCES employers(id),
    issued_ms         BIGINT NOT NULL,
    content           TEXT NOT NULL,          -- canonical JSON: what the signature covers
    signature         TEXT NOT NULL,          -- base64 Ed25519 signature of content
    pdf               {BYTES} NOT NULL,       -- the sealed PDF as issued
    pdf_sha256        TEXT NOT NULL,
    account_id        BIGINT NOT NULL REFERENCES accounts(id)
);
CREATE INDEX certificates_person ON certificates(person_id, issued_ms);
CREATE INDEX certificates_employer ON certificates(employer_id, issued_ms);

-- A captcha is answered once, by the account it was made for, within five minutes.
CREATE TABLE captchas (
    id                TEXT PRIMARY KEY,
    account_id        BIGINT NOT NULL REFERENCES accounts(id),
    answer            TEXT NOT NULL,
    created_ms        BIGINT NOT NULL,
    expires_ms        BIGINT NOT NULL,
    used_ms           BIGINT
);
CREATE INDEX captchas_account ON captchas(account_id, created_ms);

-- Open on computer (电脑端打开): a six-digit code, once, within ten minutes. Rows
-- expired for a day are deleted when new codes are made, so codes can be reused.
CREATE TABLE handoffs (
    code              TEXT PRIMARY KEY,
    certificate_id    BIGINT NOT NULL REFERENCES certificates(id),
    account_id        BIGINT NOT NULL REFERENCES accounts(id),
    created_ms        BIGINT NOT NULL,
    expires_ms        BIGINT NOT NULL,
    used_ms           BIGINT
);

-- Failed public guesses (open-on-computer codes), per client address, for throttling
-- across server processes.
CREATE TABLE guesses (
    scope             TEXT NOT NULL,
    client            TEXT NOT NULL,
    at_ms             BIGINT NOT NULL
);
CREATE INDEX guesses_client ON guesses(scope, client, at_ms);
