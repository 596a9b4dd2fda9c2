-- Shebao's schema. Written once for both engines; tokens in braces are replaced per
-- dialect by src/db/migrations.rs: {ID} is an auto-numbered primary key, {BYTES} binary.
-- Instants are milliseconds since the Unix epoch (UTC); months are 'YYYY-MM' text;
-- money is integer fen; booleans are 0/1.

CREATE TABLE employers (
    id                {ID},
    name              TEXT NOT NULL,
    credit_code       TEXT NOT NULL UNIQUE,
    unit_number       TEXT NOT NULL UNIQUE,
    district          TEXT NOT NULL,
    contact_name      TEXT NOT NULL,
    contact_mobile    TEXT NOT NULL,
    work_injury_rate_bp BIGINT NOT NULL
);

CREATE TABLE persons (
    id                {ID},
    citizen_id        TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    gender            TEXT NOT NULL,
    birth_date        TEXT NOT NULL,
    mobile            TEXT,
    hukou_district    TEXT,
    hukou_type        TEXT,
    created_ms        BIGINT NOT NULL
);

CREATE TABLE accounts (
    id                {ID},
    username          TEXT NOT NULL UNIQUE,
    password_hash     TEXT NOT NULL,
    role              TEXT NOT NULL,          -- employer | resident | reviewer
    employer_id       BIGINT REFERENCES employers(id),
    person_id         BIGINT REFERENCES persons(id),
    failed_logins     BIGINT NOT NULL DEFAULT 0,
    locked_until_ms   BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
    token_hash        TEXT PRIMARY KEY,       -- SHA-256 of the cookie value
    account_id        BIGINT NOT NULL REFERENCES accounts(id),
    csrf_token        TEXT NOT NULL,
    created_ms        BIGINT NOT NULL,
    expires_ms        BIGINT NOT NULL
);

CREATE TABLE applications (
    id                {ID},
    number            TEXT NOT NULL UNIQUE,   -- shown to people, e.g. SB202611000123
    kind              TEXT NOT NULL,          -- enrol | stop | flex_enrol | flex_suspend
    state             TEXT NOT NULL,          -- submitted | approved | rejected | withdrawn
    employer_id       BIGINT REFERENCES employers(id),
    citizen_id        TEXT NOT NULL,
    person_name       TEXT NOT NULL,
    handling_month    TEXT NOT NULL,
    flags             TEXT NOT NULL,          -- comma-separated review flags; empty = clean
    plan              TEXT NOT NULL,          -- the plan core made, as JSON
    submitted_ms      BIGINT NOT NULL,
    decided_ms        BIGINT,
    decision_reason   TEXT,
    account_id        BIGINT NOT NULL REFERENCES accounts(id)
);
CREATE INDEX applications_employer ON applications(employer_id, submitted_ms);
CREATE INDEX applications_state ON applications(state, submitted_ms);
CREATE INDEX applications_citizen ON applications(citizen_id);
-- At most one pending application per person and kind of change: a double click, a
-- retry with another key or a second server process cannot make two.
CREATE UNIQUE INDEX applications_one_pending ON applications(citizen_id, kind) WHERE state = 'submitted';

CREATE TABLE application_events (
    id                {ID},
    application_id    BIGINT NOT NULL REFERENCES applications(id),
    at_ms             BIGINT NOT NULL,
    account_id        BIGINT,                 -- NULL: the automatic reviewer
    from_state        TEXT,
    to_state          TEXT NOT NULL,
    note              TEXT
);
CREATE INDEX application_events_application ON application_events(application_id);

CREATE TABLE relationships (
    id                {ID},
    person_id         BIGINT NOT NULL REFERENCES persons(id),
    employer_id       BIGINT REFERENCES employers(id),   -- NULL: flexible worker
    insurance         TEXT NOT NULL,
    start_month       TEXT NOT NULL,
    end_month         TEXT,                   -- first month not covered
    state             TEXT NOT NULL,          -- active | suspended | terminated
    base_fen          BIGINT NOT NULL,
    application_id    BIGINT REFERENCES applications(id)
);
-- A person has at most one active relationship per insurance.
CREATE UNIQUE INDEX relationships_one_active ON relationships(person_id, insurance) WHERE state = 'active';
CREATE INDEX relationships_employer ON relationships(employer_id, state);

CREATE TABLE contributions (
    relationship_id   BIGINT NOT NULL REFERENCES relationships(id),
    person_id         BIGINT NOT NULL REFERENCES persons(id),
    month             TEXT NOT NULL,
    insurance         TEXT NOT NULL,
    employer_id       BIGINT,
    base_fen          BIGINT NOT NULL,
    employer_fen      BIGINT NOT NULL,
    individual_fen    BIGINT NOT NULL,
    paid              BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (relationship_id, month)      -- never assessed twice
);
CREATE INDEX contributions_person ON contributions(person_id, month);

CREATE TABLE assessment_runs (
    month             TEXT PRIMARY KEY,
    run_ms            BIGINT NOT NULL,
    assessed          BIGINT NOT NULL
);

CREATE TABLE idempotency (
    account_id        BIGINT NOT NULL,
    key               TEXT NOT NULL,
    status            BIGINT NOT NULL,
    body              TEXT NOT NULL,
    created_ms        BIGINT NOT NULL,
    PRIMARY KEY (account_id, key)
);

CREATE TABLE materials (
    id                {ID},
    account_id        BIGINT NOT NULL REFERENCES accounts(id),
    application_id    BIGINT REFERENCES applications(id),
    file_name         TEXT NOT NULL,
    content_type      TEXT NOT NULL,
    size              BIGINT NOT NULL,
    content           {BYTES} NOT NULL,
    uploaded_ms       BIGINT NOT NULL
);

-- Append-only: the code only ever inserts here.
CREATE TABLE audit_log (
    id                {ID},
    at_ms             BIGINT NOT NULL,
    account_id        BIGINT,
    action            TEXT NOT NULL,
    target            TEXT NOT NULL,
    result            TEXT NOT NULL
);
CREATE INDEX audit_log_account ON audit_log(account_id, action, at_ms);
