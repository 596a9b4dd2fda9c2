-- 开办企业 (issue 14 part 1): a new unit and its first employees, filed by a resident as
-- one application (`applications.kind = 'opening'`, its plan the unit, the contact and
-- the employees). This table is what the application alone cannot say.

CREATE TABLE openings (
    application_id    BIGINT PRIMARY KEY REFERENCES applications(id),
    credit_code       TEXT NOT NULL,
    -- 1 while the application is submitted, 0 once decided or withdrawn: an index
    -- cannot read the application's state, so the decision clears this in its
    -- transaction.
    pending           BIGINT NOT NULL DEFAULT 1,
    -- Set by the approval: the employer it created and its contact's agent account.
    employer_id       BIGINT REFERENCES employers(id),
    agent_account_id  BIGINT REFERENCES accounts(id)
);
-- At most one pending filing per credit code: two founders (or two tabs, or two server
-- processes) cannot both have one waiting for the same unit.
CREATE UNIQUE INDEX openings_one_pending_credit_code ON openings(credit_code) WHERE pending = 1;

-- The last unit number's sequence handed out per district (UnitNumber::issue), raised
-- by an upsert in the approval's transaction.
CREATE TABLE unit_number_sequences (
    district          TEXT PRIMARY KEY,
    last_seq          BIGINT NOT NULL
);
