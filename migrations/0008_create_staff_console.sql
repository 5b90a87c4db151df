-- Migration: what the staff console keeps besides the records it edits: sessions of the local
-- development sign-in, reply drafts, uploaded files between an import's dry run and its commit,
-- and the staff's choice to show a reply on the public site (only with the sender's consent).

-- Development sign-in only: production signs in through Cloudflare Access on every request and
-- needs no session. The session token itself is never stored, only its hash.
CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
  staff_id TEXT NOT NULL REFERENCES staff_users (id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  expires_at TEXT NOT NULL CHECK (length(expires_at) = 20 AND substr(expires_at, 20) = 'Z' AND strftime('%Y-%m-%dT%H:%M:%S', substr(expires_at, 1, 19)) IS substr(expires_at, 1, 19))
) STRICT, WITHOUT ROWID;
CREATE INDEX staff_sessions_by_expiry ON staff_sessions (expires_at);

-- One draft reply per opinion; the revision lets "publish" name exactly the draft it saw.
CREATE TABLE opinion_reply_drafts (
  opinion_id INTEGER PRIMARY KEY REFERENCES opinions (id),
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
  updated_by TEXT NOT NULL REFERENCES staff_users (id),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

-- An uploaded roster or ledger waits here between the dry run and the commit (then is deleted),
-- so the commit writes exactly the file that was checked.
CREATE TABLE staff_import_files (
  id TEXT PRIMARY KEY CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
  staff_id TEXT NOT NULL REFERENCES staff_users (id),
  kind TEXT NOT NULL CHECK (kind IN ('roster', 'activities', 'suggestions')),
  format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
  file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  content BLOB NOT NULL CHECK (length(content) BETWEEN 1 AND 1500000),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX staff_import_files_by_time ON staff_import_files (created_at);

-- Staff may show a reply on the public site only when the sender agreed (allow_publication).
ALTER TABLE opinions ADD COLUMN reply_is_public INTEGER NOT NULL DEFAULT 0
  CHECK (reply_is_public IN (0, 1) AND (reply_is_public = 0 OR (allow_publication = 1 AND public_reply IS NOT NULL)));
