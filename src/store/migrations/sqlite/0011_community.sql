-- Schema version 11: the community (issue 20): posts by members (the accounts of the tracker),
-- their links to studies, photos from the poster's own sessions, upvotes, threaded comments,
-- reports and moderators. Community data belongs to no patient record; src/evidence/community.h
-- authorises and audits every call.

-- Moderators besides the admins (who always moderate), granted by an admin.
CREATE TABLE moderators (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  granted_by TEXT NOT NULL,
  granted_at TEXT NOT NULL
);

-- A post. seq is the full-text index's integer key (external content rowid). Photos need the
-- poster's consent, stored with its time (post_photos refers to (id, photo_consent) = (id, 1)).
-- seed_upvotes: votes counted from before this store (demo seeding), added to post_votes.
-- Hidden by a moderator: reason, moderator and time all set, or none.
CREATE TABLE posts (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  author_user_id TEXT NOT NULL REFERENCES users(id),
  category TEXT NOT NULL CHECK (category IN ('treatment', 'progress', 'research', 'chat',
    'is_this_regrowth')),
  title TEXT NOT NULL CHECK (length(CAST(title AS BLOB)) BETWEEN 1 AND 200),
  body TEXT NOT NULL CHECK (length(CAST(body AS BLOB)) BETWEEN 1 AND 20000),
  created_at TEXT NOT NULL,
  edited_at TEXT,
  photo_consent INTEGER NOT NULL DEFAULT 0 CHECK (photo_consent IN (0, 1)),
  photo_consented_at TEXT,
  seed_upvotes INTEGER NOT NULL DEFAULT 0 CHECK (seed_upvotes >= 0),
  hidden_reason TEXT CHECK (hidden_reason IS NULL OR length(CAST(hidden_reason AS BLOB)) BETWEEN 1 AND 500),
  hidden_by TEXT,
  hidden_at TEXT,
  CHECK ((photo_consent = 1) = (photo_consented_at IS NOT NULL)),
  CHECK ((hidden_reason IS NULL) = (hidden_at IS NULL) AND (hidden_by IS NULL) = (hidden_at IS NULL)),
  UNIQUE (id, photo_consent)
);
CREATE INDEX posts_created ON posts(created_at);
CREATE INDEX posts_category ON posts(category, created_at);
CREATE INDEX posts_author ON posts(author_user_id, created_at);

-- A post's links to studies: 'discuss' when it was created from the study's "Discuss this
-- study" button, 'author' when its author picked the study.
CREATE TABLE post_studies (
  post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  linked_from TEXT NOT NULL CHECK (linked_from IN ('discuss', 'author')),
  linked_at TEXT NOT NULL,
  PRIMARY KEY (post_id, study_id)
);
CREATE INDEX post_studies_study ON post_studies(study_id);

-- Photos (blob hashes) of a post, from the poster's own sessions, in the poster's order. Only a
-- post with consent can have any: (post_id, consented) must be a post's (id, photo_consent).
CREATE TABLE post_photos (
  post_id TEXT NOT NULL,
  ordinal INTEGER NOT NULL CHECK (ordinal >= 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  consented INTEGER NOT NULL DEFAULT 1 CHECK (consented = 1),
  PRIMARY KEY (post_id, ordinal),
  UNIQUE (post_id, sha256),
  FOREIGN KEY (post_id, consented) REFERENCES posts(id, photo_consent) ON DELETE CASCADE
);
CREATE INDEX post_photos_sha ON post_photos(sha256);

-- One upvote per account and post (the primary key enforces it).
CREATE TABLE post_votes (
  post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  voted_at TEXT NOT NULL,
  PRIMARY KEY (post_id, user_id)
);

-- Threaded comments. A reply's (parent_id, post_id, parent_depth) is its parent's
-- (id, post_id, depth), so a reply sits under a comment of the same post, one level deeper, and
-- no deeper than 6; a top-level comment has no parent and depth 1.
CREATE TABLE post_comments (
  id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  parent_id TEXT,
  parent_depth INTEGER,
  depth INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 6),
  author_user_id TEXT NOT NULL REFERENCES users(id),
  body TEXT NOT NULL CHECK (length(CAST(body AS BLOB)) BETWEEN 1 AND 10000),
  created_at TEXT NOT NULL,
  edited_at TEXT,
  hidden_reason TEXT CHECK (hidden_reason IS NULL OR length(CAST(hidden_reason AS BLOB)) BETWEEN 1 AND 500),
  hidden_by TEXT,
  hidden_at TEXT,
  CHECK ((parent_id IS NULL AND parent_depth IS NULL AND depth = 1) OR
         (parent_id IS NOT NULL AND parent_depth IS NOT NULL AND depth = parent_depth + 1)),
  CHECK ((hidden_reason IS NULL) = (hidden_at IS NULL) AND (hidden_by IS NULL) = (hidden_at IS NULL)),
  UNIQUE (id, post_id),
  UNIQUE (id, post_id, depth),
  FOREIGN KEY (parent_id, post_id, parent_depth) REFERENCES post_comments(id, post_id, depth)
    ON DELETE CASCADE
);
CREATE INDEX post_comments_post ON post_comments(post_id, created_at);

-- Reports of a post, or of one of its comments, by any member; moderators hide or dismiss.
CREATE TABLE post_reports (
  id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  comment_id TEXT,
  reporter_user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  reason TEXT NOT NULL CHECK (length(CAST(reason AS BLOB)) BETWEEN 1 AND 500),
  created_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'hidden', 'dismissed')),
  resolved_by TEXT,
  resolved_at TEXT,
  CHECK ((status = 'open') = (resolved_at IS NULL) AND (resolved_by IS NULL) = (resolved_at IS NULL)),
  FOREIGN KEY (comment_id, post_id) REFERENCES post_comments(id, post_id) ON DELETE CASCADE
);
CREATE INDEX post_reports_status ON post_reports(status, created_at);

-- Full text over the title and body (SQLite FTS5, BM25), kept in step with posts by triggers;
-- related posts find their candidates here. Porter stemming, as studies_fts.
CREATE VIRTUAL TABLE posts_fts USING fts5(
  title, body, content='posts', content_rowid='seq',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts(rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
  INSERT INTO posts_fts(posts_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
END;
CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, body ON posts BEGIN
  INSERT INTO posts_fts(posts_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
  INSERT INTO posts_fts(rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
