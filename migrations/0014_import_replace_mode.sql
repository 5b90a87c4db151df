-- Migration: imports of reception days and duty reports, and the "replace this year's records"
-- mode. staff_import_files only holds files between a dry run and its commit (deleted after a day),
-- so it is rebuilt with the wider kind list and the mode; its rows are copied unchanged. Files
-- too large for a D1 value (the all-years activities export, the suggestions ledger) wait in R2
-- (imports/<id>) instead of the content column.

CREATE TABLE staff_import_files_new (
  id TEXT PRIMARY KEY CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
  staff_id TEXT NOT NULL REFERENCES staff_users (id),
  kind TEXT NOT NULL CHECK (kind IN ('roster', 'activities', 'suggestions', 'reception_days', 'duty_reports')),
  format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
  -- merge: add and update only; replace: also remove the scope's records the file no longer has.
  mode TEXT NOT NULL DEFAULT 'merge' CHECK (mode IN ('merge', 'replace')),
  file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  content BLOB CHECK (content IS NULL OR length(content) BETWEEN 1 AND 1500000),
  r2_key TEXT CHECK (r2_key IS NULL OR (r2_key GLOB 'imports/*' AND length(r2_key) <= 60)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CHECK ((content IS NULL) <> (r2_key IS NULL))
) STRICT;
INSERT INTO staff_import_files_new (id, staff_id, kind, format, file_name, sha256, content, created_at)
  SELECT id, staff_id, kind, format, file_name, sha256, content, created_at FROM staff_import_files;
DROP TABLE staff_import_files;
ALTER TABLE staff_import_files_new RENAME TO staff_import_files;
CREATE INDEX staff_import_files_by_time ON staff_import_files (created_at);
