-- Schema version 8: what the patient said when asked "Since your last session, has your hair
-- changed?" (docs/assessment.md, "Confirmed change"): 'more_hair', 'none' (about the same) or
-- 'less_hair'; NULL when not asked or not sure. A view whose loss jumps the way the patient
-- reported is a change of the scalp, not a photo to confirm. Existing sessions were not asked.
ALTER TABLE sessions ADD COLUMN patient_reported_hair_change TEXT
  CHECK (patient_reported_hair_change IN ('none', 'less_hair', 'more_hair'));
