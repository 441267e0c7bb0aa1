-- Schema version 7: how each SALT view's loss figure was settled (docs/assessment.md,
-- "Confirmed change"). 'automatic' is the engine's mask as measured; 'user_corrected' when the
-- patient or physician corrected the loss mask; 'user_accepted' when they checked the photo and
-- said it is right; 'retaken' when the figure comes from a photo taken again. A view whose loss
-- jumps alone between sessions is "to confirm" until it is anything but 'automatic' or the
-- next session repeats the jump. Existing rows were measured automatically.
ALTER TABLE session_salt_regions ADD COLUMN confirmation TEXT NOT NULL DEFAULT 'automatic';
