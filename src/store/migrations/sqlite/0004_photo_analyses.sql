-- Schema version 4: the scalp analysis of each uploaded photo (docs/web.md). One row per patient
-- and photo: queued as 'pending' when the photo is taken in, 'done' with its masks (PNG blobs,
-- full photo size, 0/255) and figures (result_json) when the analysis ran, 'failed' with a reason a
-- patient can act on. user_*_mask_sha256 hold the patient's own correction, which replaces the
-- automatic mask in every figure. Pending rows are the analysis queue: a server that stops
-- leaves them pending and the next start runs them.
CREATE TABLE photo_analyses (
  patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  photo_sha256 TEXT NOT NULL,
  view_name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
  error TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  scalp_mask_sha256 TEXT NOT NULL,
  loss_mask_sha256 TEXT NOT NULL,
  user_scalp_mask_sha256 TEXT NOT NULL,
  user_loss_mask_sha256 TEXT NOT NULL,
  result_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (patient_id, photo_sha256)
);
CREATE INDEX photo_analyses_status ON photo_analyses(status);
