-- Schema version 5: the onboarding profile (docs/web.md). Treatments a patient had before
-- Tricholog (name, when, how it went in their words) and the medications they take now (name,
-- dose, since when). Dates are TEXT YYYY-MM-DD like every other date; recorded_at is the store's
-- UTC timestamp. The display name and birth year stay in patients (updated in place).
CREATE TABLE treatment_history (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  started_on TEXT,
  ended_on TEXT,
  response TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX treatment_history_patient ON treatment_history(patient_id);
CREATE TABLE medications (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  dose TEXT NOT NULL,
  since TEXT,
  recorded_at TEXT NOT NULL
);
CREATE INDEX medications_patient ON medications(patient_id);
