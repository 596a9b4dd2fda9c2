-- Indexes for the reads a resident's page and a personal certificate make, found by the
-- one-million-person read benchmark (loadgen --reads): `relationships_one_active` is
-- partial (active rows only), so "all of one person's relationships" scanned the whole
-- table (4.5 million rows at a million persons, about two minutes per page under load).
CREATE INDEX relationships_person ON relationships(person_id, start_month);
-- Each login deletes the account's expired sessions.
CREATE INDEX sessions_account ON sessions(account_id, expires_ms);
