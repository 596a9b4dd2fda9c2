-- Accounts managed on the command line (`shebao-server account …`): an account made or
-- reset by an operator must set its own password at its next login before anything
-- else; a disabled account cannot log in and its sessions end. Booleans are 0/1.

ALTER TABLE accounts ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN disabled BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN password_changed_ms BIGINT NOT NULL DEFAULT 0;
