-- Schema version 10: the evidence library (issue 20). Studies are public bibliographic records
-- (no patient data); the project's own TLDR, summary and tags sit beside the imported facts.
--  - id: 10 lower-case base32 characters derived from the study's first identifier (PMID, else
--    DOI, else normalised title), so one study has the same id in every store.
--  - seq: a stable integer key for the full-text index (external content rowid).
--  - title_key: the normalised title (lower-case letters and digits, single spaces) used to
--    recognise a study imported again without identifiers.
--  - keywords_text / mesh_text: the study's keywords and MeSH terms joined with "; " (the
--    study_terms rows are the structured copy), so the full-text index can read them.
CREATE TABLE studies (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 10),
  pmid TEXT UNIQUE CHECK (pmid IS NULL OR (length(pmid) BETWEEN 1 AND 12 AND pmid NOT GLOB '*[^0-9]*')),
  doi TEXT UNIQUE CHECK (doi IS NULL OR (doi LIKE '10.%/%' AND length(doi) <= 300)),
  pmcid TEXT UNIQUE CHECK (pmcid IS NULL OR (pmcid LIKE 'PMC%' AND length(pmcid) <= 20)),
  title TEXT NOT NULL CHECK (length(CAST(title AS BLOB)) BETWEEN 1 AND 2000),
  title_key TEXT NOT NULL,
  journal TEXT NOT NULL DEFAULT '',
  year INTEGER CHECK (year IS NULL OR year BETWEEN 1800 AND 2200),
  month INTEGER CHECK (month IS NULL OR month BETWEEN 1 AND 12),
  abstract TEXT NOT NULL DEFAULT '',
  keywords_text TEXT NOT NULL DEFAULT '',
  mesh_text TEXT NOT NULL DEFAULT '',
  tldr TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  study_type TEXT CHECK (study_type IS NULL OR study_type IN ('case_report', 'case_series',
    'cohort', 'trial', 'review', 'meta_analysis', 'guideline', 'definition', 'instrument',
    'other')),
  volume TEXT NOT NULL DEFAULT '',
  issue TEXT NOT NULL DEFAULT '',
  pages TEXT NOT NULL DEFAULT '',
  image_sha256 TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  added_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX studies_title_key ON studies(title_key);
CREATE INDEX studies_year ON studies(year);

-- Authors in their order on the paper; a collective name ("BRAVE-AA Investigators") is a
-- family name with an empty given name.
CREATE TABLE study_authors (
  study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  family TEXT NOT NULL,
  given TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (study_id, position)
);

-- Keywords, MeSH descriptors and the project's tags (condition, treatment), one row each.
-- Terms are stored as written; term_key is lower-case for matching.
CREATE TABLE study_terms (
  study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('keyword', 'mesh', 'condition', 'treatment')),
  term TEXT NOT NULL,
  term_key TEXT NOT NULL,
  PRIMARY KEY (study_id, kind, term_key)
);
CREATE INDEX study_terms_key ON study_terms(kind, term_key);

-- The reference list of a study: every work it cites, by identifier and/or title, and the
-- library study it resolves to (NULL while that work is not in the library; resolved when it is
-- imported later). "Research cited in this study (k / n)" counts resolved rows over all rows.
CREATE TABLE study_references (
  study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  cited_pmid TEXT,
  cited_doi TEXT,
  cited_title TEXT NOT NULL DEFAULT '',
  cited_id TEXT REFERENCES studies(id) ON DELETE SET NULL,
  PRIMARY KEY (study_id, position)
);
CREATE INDEX study_references_cited ON study_references(cited_id);
CREATE INDEX study_references_pmid ON study_references(cited_pmid);
CREATE INDEX study_references_doi ON study_references(cited_doi);

-- Full text over title, TLDR, summary, abstract, keywords and MeSH (SQLite FTS5, BM25 ranking),
-- kept in step with studies by triggers. Porter stemming; prefix indexes for 2 and 3 letters.
CREATE VIRTUAL TABLE studies_fts USING fts5(
  title, tldr, summary, abstract, keywords_text, mesh_text,
  content='studies', content_rowid='seq',
  tokenize='porter unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER studies_fts_insert AFTER INSERT ON studies BEGIN
  INSERT INTO studies_fts(rowid, title, tldr, summary, abstract, keywords_text, mesh_text)
  VALUES (new.seq, new.title, new.tldr, new.summary, new.abstract, new.keywords_text, new.mesh_text);
END;
CREATE TRIGGER studies_fts_delete AFTER DELETE ON studies BEGIN
  INSERT INTO studies_fts(studies_fts, rowid, title, tldr, summary, abstract, keywords_text, mesh_text)
  VALUES ('delete', old.seq, old.title, old.tldr, old.summary, old.abstract, old.keywords_text, old.mesh_text);
END;
CREATE TRIGGER studies_fts_update AFTER UPDATE ON studies BEGIN
  INSERT INTO studies_fts(studies_fts, rowid, title, tldr, summary, abstract, keywords_text, mesh_text)
  VALUES ('delete', old.seq, old.title, old.tldr, old.summary, old.abstract, old.keywords_text, old.mesh_text);
  INSERT INTO studies_fts(rowid, title, tldr, summary, abstract, keywords_text, mesh_text)
  VALUES (new.seq, new.title, new.tldr, new.summary, new.abstract, new.keywords_text, new.mesh_text);
END;
