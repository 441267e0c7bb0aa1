-- Schema version 9: a clinician's decision about a course, typically at one of its protocol's
-- decision weeks: continue it, stop it or change treatment, with the reason. Written by the
-- local admin or a physician the patient shares the record with (never by the patient).
-- The course must be one of the patient's: (course_id, patient_id) refers to courses by a
-- unique (id, patient_id) key, so no row can join one patient to another's course.
-- The reason is 1 to 2000 bytes (UTF-8).
CREATE UNIQUE INDEX courses_id_patient ON courses(id, patient_id);
CREATE TABLE decisions (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  course_id TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  week INTEGER CHECK (week BETWEEN 0 AND 520),
  decision TEXT NOT NULL CHECK (decision IN ('continue', 'stop', 'change_treatment')),
  reason TEXT NOT NULL CHECK (length(CAST(reason AS BLOB)) BETWEEN 1 AND 2000),
  decided_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  FOREIGN KEY (course_id, patient_id) REFERENCES courses(id, patient_id) ON DELETE CASCADE
);
CREATE INDEX decisions_patient ON decisions(patient_id, decided_on);
