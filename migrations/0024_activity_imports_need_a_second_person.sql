-- Migration: duty activities carry an official figure too. Their days decide whether a deputy
-- meets the yearly floor between sessions (one city: 15 days) and the warnings an assessment gives,
-- and a console change of days already needs a second person (functions/changes/rules.ts
-- duty_activity), so an activities import now needs one as well, like the roster, the suggestions
-- ledger and duty reports. SQLite cannot change a CHECK in place: staff_import_files is rebuilt
-- as in 0023 with the kind list extended, its rows copied (an activities import already submitted
-- now waits for a second person), and its indexes and triggers made again.

CREATE TABLE staff_import_files_new (
  id TEXT PRIMARY KEY CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
  -- Who uploaded and checked the file; the submitter.
  staff_id TEXT NOT NULL REFERENCES staff_users (id),
  kind TEXT NOT NULL CHECK (kind IN ('roster', 'activities', 'suggestions', 'reception_days', 'duty_reports')),
  format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
  mode TEXT NOT NULL DEFAULT 'merge' CHECK (mode IN ('merge', 'replace')),
  file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  content BLOB CHECK (content IS NULL OR length(content) BETWEEN 1 AND 1500000),
  r2_key TEXT CHECK (r2_key IS NULL OR (r2_key GLOB 'imports/*' AND length(r2_key) <= 60)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  -- checked: a dry run passed (swept after a day); submitted: waits for a publish (and, where
  -- needs_confirmation, for a second person first); confirmed: ready. A published or withdrawn import
  -- is deleted (its trace is the audit log and the change log).
  state TEXT NOT NULL DEFAULT 'checked' CHECK (state IN ('checked', 'submitted', 'confirmed')),
  needs_confirmation INTEGER CHECK (needs_confirmation IS NULL OR needs_confirmation IN (0, 1)),
  submitted_at TEXT,
  -- The dry run's figures at submission, and how many removals the submitter ticked to confirm.
  inserted INTEGER CHECK (inserted IS NULL OR inserted >= 0),
  updated INTEGER CHECK (updated IS NULL OR updated >= 0),
  removed INTEGER CHECK (removed IS NULL OR removed >= 0),
  unchanged INTEGER CHECK (unchanged IS NULL OR unchanged >= 0),
  -- A few of the dry run's field changes (old -> new), for the publish page.
  changes_json TEXT CHECK (changes_json IS NULL OR (json_valid(changes_json) AND json_type(changes_json) IS 'array')),
  confirmed_by TEXT REFERENCES staff_users (id),
  confirmed_at TEXT,
  -- Why the last publish left it out (it no longer plans cleanly), in zh-CN.
  held_reason TEXT CHECK (held_reason IS NULL OR length(held_reason) <= 1000),
  held_at TEXT,
  CHECK ((content IS NULL) <> (r2_key IS NULL)),
  CHECK ((state = 'checked') = (submitted_at IS NULL)),
  CHECK ((state = 'checked') = (needs_confirmation IS NULL)),
  CHECK (state = 'checked' OR (inserted IS NOT NULL AND updated IS NOT NULL AND removed IS NOT NULL AND unchanged IS NOT NULL)),
  -- Four eyes, as official_changes: the person who confirms is never the person who submitted.
  CHECK (confirmed_by IS NULL OR confirmed_by IS NOT staff_id),
  CHECK ((confirmed_by IS NULL) = (confirmed_at IS NULL)),
  CHECK ((state = 'confirmed') = (confirmed_by IS NOT NULL)),
  CHECK (state IS NOT 'confirmed' OR needs_confirmation = 1),
  -- Which kinds carry official figures is decided here too (lifecycle.ts KINDS_NEEDING_CONFIRMATION).
  CHECK (state = 'checked' OR needs_confirmation = (kind IN ('roster', 'suggestions', 'duty_reports', 'activities'))),
  CHECK ((held_reason IS NULL) = (held_at IS NULL))
) STRICT;
INSERT INTO staff_import_files_new (
    id, staff_id, kind, format, mode, file_name, sha256, content, r2_key, created_at, state,
    needs_confirmation, submitted_at, inserted, updated, removed, unchanged, changes_json, confirmed_by,
    confirmed_at, held_reason, held_at)
  SELECT id, staff_id, kind, format, mode, file_name, sha256, content, r2_key, created_at, state,
    CASE WHEN kind = 'activities' AND state = 'submitted' THEN 1 ELSE needs_confirmation END,
    submitted_at, inserted, updated, removed, unchanged, changes_json, confirmed_by, confirmed_at,
    held_reason, held_at
  FROM staff_import_files;
DROP TABLE staff_import_files;
ALTER TABLE staff_import_files_new RENAME TO staff_import_files;
CREATE INDEX staff_import_files_by_time ON staff_import_files (created_at) WHERE state = 'checked';
CREATE INDEX staff_import_files_pending ON staff_import_files (state, submitted_at) WHERE state <> 'checked';

-- What was submitted is what gets published: the file and its figures never change after submission.
CREATE TRIGGER staff_import_files_submission_fixed
BEFORE UPDATE OF id, staff_id, kind, format, mode, file_name, sha256, content, r2_key, needs_confirmation, submitted_at,
  inserted, updated, removed, unchanged, changes_json ON staff_import_files
WHEN OLD.state <> 'checked'
BEGIN
  SELECT RAISE(ABORT, 'import_submission_fixed');
END;

-- The state only moves forward: checked -> submitted -> confirmed.
CREATE TRIGGER staff_import_files_state_moves_on BEFORE UPDATE OF state ON staff_import_files
WHEN NOT (
  NEW.state IS OLD.state
  OR (OLD.state = 'checked' AND NEW.state = 'submitted')
  OR (OLD.state = 'submitted' AND NEW.state = 'confirmed')
)
BEGIN
  SELECT RAISE(ABORT, 'import_state');
END;

-- A confirmation, once written, stays; and only an active staff member confirms.
CREATE TRIGGER staff_import_files_confirmation_fixed BEFORE UPDATE OF confirmed_by, confirmed_at ON staff_import_files
WHEN OLD.confirmed_by IS NOT NULL AND (NEW.confirmed_by IS NOT OLD.confirmed_by OR NEW.confirmed_at IS NOT OLD.confirmed_at)
BEGIN
  SELECT RAISE(ABORT, 'import_submission_fixed');
END;
CREATE TRIGGER staff_import_files_confirmer_active BEFORE UPDATE OF confirmed_by ON staff_import_files
WHEN NEW.confirmed_by IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM staff_users WHERE id = NEW.confirmed_by AND is_active = 1)
BEGIN
  SELECT RAISE(ABORT, 'import_confirmer');
END;
