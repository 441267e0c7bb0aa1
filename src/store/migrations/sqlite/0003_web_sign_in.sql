-- Schema version 3: web sign-in (docs/accounts.md). Web sessions keep only a BLAKE2b hash of
-- each token; times used for expiry and rate limits are seconds since 1970 (the ISO text beside
-- them is for people). sign_in_attempts holds the rate-limit counts, shared by every server
-- process on this database; sign_in_guard is one row whose lock serialises the check-and-count
-- step across processes. These tables are ephemeral: backup and restore leave them out.
CREATE TABLE web_sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  created_at_s BIGINT NOT NULL,
  last_seen_at_s BIGINT NOT NULL,
  expires_at_s BIGINT NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions(user_id);
CREATE INDEX web_sessions_expires ON web_sessions(expires_at_s);
CREATE INDEX web_sessions_last_seen ON web_sessions(last_seen_at_s);
CREATE TABLE sign_in_attempts (
  id TEXT PRIMARY KEY,
  account_key TEXT NOT NULL,
  address_key TEXT NOT NULL,
  at_s BIGINT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'failure', 'success')),
  account_cleared INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sign_in_attempts_account ON sign_in_attempts(account_key, at_s);
CREATE INDEX sign_in_attempts_address ON sign_in_attempts(address_key, at_s);
CREATE INDEX sign_in_attempts_at ON sign_in_attempts(at_s);
CREATE TABLE sign_in_guard (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  attempts BIGINT NOT NULL
);
INSERT INTO sign_in_guard (id, attempts) VALUES (1, 0);
