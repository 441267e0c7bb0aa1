-- Schema version 2: the vellus share of hairs per session (an early regrowth signal, kept apart
-- from SALT, which counts terminal hair only; clinical.md §1.1, §1.12) and injection-site
-- reactions recorded with the session.
ALTER TABLE sessions ADD COLUMN vellus_fraction REAL;
CREATE TABLE session_injection_site_reactions (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  site TEXT NOT NULL,
  reaction TEXT NOT NULL,
  ctcae_grade INTEGER CHECK (ctcae_grade BETWEEN 1 AND 5),
  PRIMARY KEY (session_id, ordinal)
);
