-- Schema version 6: session drafts (docs/web.md, the capture wizard). A session being captured
-- is a draft: its date, course, one photo per view (blob hashes; '' for a view not taken yet)
-- and the form answers as JSON. Nothing of it is part of the record until the patient confirms:
-- confirming records the session and its adverse events and deletes the draft in one
-- transaction. Drafts are short-lived working state, left out of backups (EphemeralTables); the
-- photos themselves are kept through their photo_analyses rows.
CREATE TABLE session_drafts (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  course_id TEXT REFERENCES courses(id) ON DELETE SET NULL,
  session_date TEXT NOT NULL,
  photo_top TEXT NOT NULL,
  photo_front TEXT NOT NULL,
  photo_back TEXT NOT NULL,
  photo_left TEXT NOT NULL,
  photo_right TEXT NOT NULL,
  answers_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX session_drafts_patient ON session_drafts(patient_id, updated_at);
