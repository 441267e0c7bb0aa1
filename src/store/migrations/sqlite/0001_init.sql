-- Schema version 1: users, patients, conditions, courses, administrations, tracking sessions with
-- their data points, adverse events, notes, shares and the append-only audit log.
-- Portable types on purpose: ids, dates and timestamps are TEXT, booleans INTEGER 0/1.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('patient', 'physician', 'admin')),
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE patients (
  id TEXT PRIMARY KEY,
  user_id TEXT REFERENCES users(id),
  display_name TEXT NOT NULL,
  birth_year INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX patients_user ON patients(user_id);
CREATE TABLE conditions (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  snomed_code TEXT NOT NULL,
  icd10_code TEXT NOT NULL,
  icd11_code TEXT NOT NULL,
  subtype TEXT NOT NULL,
  onset TEXT
);
CREATE INDEX conditions_patient ON conditions(patient_id);
CREATE TABLE courses (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  condition_id TEXT REFERENCES conditions(id),
  protocol_id TEXT NOT NULL,
  treatment_class TEXT NOT NULL,
  medication TEXT NOT NULL,
  dosing TEXT NOT NULL,
  reason TEXT NOT NULL,
  off_label INTEGER NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT
);
CREATE INDEX courses_patient ON courses(patient_id);
CREATE TABLE administrations (
  id TEXT PRIMARY KEY,
  course_id TEXT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  given_on TEXT NOT NULL,
  dose_mg REAL NOT NULL,
  injection_site TEXT NOT NULL
);
CREATE INDEX administrations_course ON administrations(course_id);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  course_id TEXT REFERENCES courses(id),
  session_date TEXT NOT NULL,
  week INTEGER,
  itch_nrs INTEGER,
  poem INTEGER,
  dlqi INTEGER,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX sessions_patient ON sessions(patient_id, session_date);
CREATE TABLE session_photos (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  view_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  width_px INTEGER NOT NULL,
  height_px INTEGER NOT NULL,
  PRIMARY KEY (session_id, ordinal)
);
CREATE INDEX session_photos_sha256 ON session_photos(sha256);
CREATE TABLE session_zone_densities (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  zone TEXT NOT NULL,
  hairs_per_cm2 REAL NOT NULL,
  PRIMARY KEY (session_id, ordinal)
);
CREATE TABLE session_salt_regions (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  region TEXT NOT NULL,
  loss_pct REAL NOT NULL,
  PRIMARY KEY (session_id, ordinal)
);
CREATE TABLE session_easi_regions (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  region TEXT NOT NULL,
  area_score INTEGER NOT NULL,
  erythema INTEGER NOT NULL,
  induration INTEGER NOT NULL,
  excoriation INTEGER NOT NULL,
  lichenification INTEGER NOT NULL,
  PRIMARY KEY (session_id, ordinal)
);
CREATE TABLE adverse_events (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  course_id TEXT REFERENCES courses(id),
  term TEXT NOT NULL,
  meddra_code TEXT NOT NULL,
  ctcae_grade INTEGER NOT NULL CHECK (ctcae_grade BETWEEN 1 AND 5),
  ctcae_version TEXT NOT NULL,
  onset TEXT NOT NULL,
  resolved TEXT,
  action_taken TEXT NOT NULL,
  serious INTEGER NOT NULL
);
CREATE INDEX adverse_events_patient ON adverse_events(patient_id);
CREATE TABLE notes (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  session_id TEXT REFERENCES sessions(id),
  author_user_id TEXT NOT NULL,
  written_at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX notes_patient ON notes(patient_id);
CREATE TABLE shares (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  physician_user_id TEXT NOT NULL REFERENCES users(id),
  granted_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX shares_physician ON shares(physician_user_id, patient_id);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor_user_id TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  patient_id TEXT NOT NULL
);
CREATE INDEX audit_log_patient ON audit_log(patient_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
