-- Search in the Worker (functions/search): one document per published record page, and an FTS5
-- index over its title and text split into overlapping Chinese bigrams (人大代表 → 人大 大代 代表),
-- as the CJK analyzers of search engines do; a phrase of bigrams matches the query as a substring.
-- The index is derived data: functions/search/actions.ts rebuilds it from the live tables at publish.
CREATE TABLE search_documents (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('deputy', 'suggestion', 'report', 'station', 'unit', 'group', 'project', 'area', 'news')),
  record_id TEXT NOT NULL CHECK (length(record_id) BETWEEN 1 AND 80),
  url TEXT NOT NULL CHECK (url GLOB '/*/' AND length(url) <= 200),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 300),
  year INTEGER CHECK (year IS NULL OR year BETWEEN 1949 AND 2200),
  UNIQUE (kind, record_id)
) STRICT;
CREATE INDEX search_documents_by_kind_year ON search_documents (kind, year);

-- rowid = search_documents.id. Columns hold the bigram text only (the readable text is above).
CREATE VIRTUAL TABLE search_index USING fts5 (title, body, tokenize = 'unicode61');
