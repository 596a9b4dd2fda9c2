-- 待原单位减员 (issue 14 part 2): a new employer's enrolment was refused because the
-- person is still insured by an old employer (ACTIVE_ELSEWHERE), and it asks for that
-- old relationship to be stopped. The old employer is kept here to address the request
-- to it; it is never shown to the new one.

CREATE TABLE stop_requests (
    id                      {ID},
    person_id               BIGINT NOT NULL REFERENCES persons(id),
    -- Who asked: the new employer and its agent's account.
    requester_employer_id   BIGINT NOT NULL REFERENCES employers(id),
    requester_account_id    BIGINT NOT NULL REFERENCES accounts(id),
    -- The new employer's refused enrolment form (JSON, as typed), given back pre-filled
    -- once the old relationship has ended.
    enrolment_form          TEXT NOT NULL,
    -- To whom it is addressed: the employer of the person's active relationship when
    -- the request was made.
    old_employer_id         BIGINT NOT NULL REFERENCES employers(id),
    -- open, confirmed, stopped, withdrawn (core::stop_request::RequestState).
    state                   TEXT NOT NULL,
    requested_ms            BIGINT NOT NULL,
    -- The person's confirmation: when, and the last working day ('YYYY-MM-DD').
    confirmed_ms            BIGINT,
    last_working_day        TEXT,
    -- The end: 'employer' (its own 减员 approved) or 'agency' (a reviewer), when, the
    -- stop's reason code and its (pension) stop month, and the reviewer's account.
    stopped_by              TEXT,
    stopped_ms              BIGINT,
    stop_reason             TEXT,
    stop_month              TEXT,
    reviewer_account_id     BIGINT REFERENCES accounts(id),
    withdrawn_ms            BIGINT
);
-- One live request per person and requesting employer (a second click, a second tab or
-- a second server process meets this index).
CREATE UNIQUE INDEX stop_requests_one_live ON stop_requests(person_id, requester_employer_id)
    WHERE state IN ('open', 'confirmed');
-- The old employer's 待办 and the approval of its 减员 find theirs by these.
CREATE INDEX stop_requests_old_employer ON stop_requests(old_employer_id, person_id);
CREATE INDEX stop_requests_requester ON stop_requests(requester_employer_id, id);
