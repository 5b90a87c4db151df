-- The search index is rebuilt at every publish (functions/search/actions.ts). Until now it was
-- cleared and refilled in place over several batches, so a search during a rebuild (about 20 s for
-- a whole city) could miss records or find nothing. A rebuild now fills this second pair of
-- tables, then swaps the pairs by renaming them in one batch: a search sees the old index or the
-- new one, never a part. After a swap the pairs have traded names (indexes keep the names they
-- were created with); the spare pair is emptied after each swap. Derived data only; nothing is
-- dropped.
CREATE TABLE search_documents_next (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('deputy', 'suggestion', 'report', 'station', 'unit', 'group', 'project', 'area', 'news')),
  record_id TEXT NOT NULL CHECK (length(record_id) BETWEEN 1 AND 80),
  url TEXT NOT NULL CHECK (url GLOB '/*/' AND length(url) <= 200),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 300),
  year INTEGER CHECK (year IS NULL OR year BETWEEN 1949 AND 2200),
  UNIQUE (kind, record_id)
) STRICT;
CREATE INDEX search_documents_next_by_kind_year ON search_documents_next (kind, year);
CREATE VIRTUAL TABLE search_index_next USING fts5 (title, body, tokenize = 'unicode61');
