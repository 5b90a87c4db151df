-- Migration: the open-data history in durable storage instead of the git working tree (which a
-- deploy hook's build throws away). Each published version's manifest and dataset files are kept
-- in R2 under data/<version>/; this table lists the versions with the manifest's summary (its
-- datasets and changes against the version before, without the per-record hashes).

CREATE TABLE data_snapshots (
  version TEXT PRIMARY KEY CHECK (length(version) = 17 AND substr(version, 9, 1) = '-'),
  built_at TEXT NOT NULL,
  publish_version TEXT,
  content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
  summary_json TEXT NOT NULL CHECK (json_valid(summary_json)),
  file_count INTEGER NOT NULL CHECK (file_count >= 1),
  stored_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX data_snapshots_by_time ON data_snapshots (built_at);

CREATE TRIGGER data_snapshots_no_update BEFORE UPDATE ON data_snapshots
BEGIN
  SELECT RAISE(ABORT, 'data_snapshots is append-only');
END;
