-- Migration: one lifecycle for official changes (drafted -> confirmed by a second person where the
-- rule asks -> published). The live tables stay the published state the public reads; a staff edit
-- is an official_changes row until a publish applies it (functions/changes/).
--
-- row_version on every editable record: a draft remembers the version it was made from, and the
-- apply step increments it, so a second save on a stale version is refused instead of overwriting.

ALTER TABLE areas ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE terms ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE sessions ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE electoral_units ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE deputies ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE stations ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE reception_days ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE duty_reports ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE handling_units ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE suggestions ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE commitments ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE project_candidates ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE project_milestones ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE project_evaluations ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);

-- Any other write (imports, the rounds console, the suggestion workflow) also moves the version on,
-- so a draft made before it is stale. The lifecycle's apply step sets the version itself (to
-- base_version + 1); these triggers then see it changed and stay out of the way.
CREATE TRIGGER areas_bump_row_version AFTER UPDATE ON areas
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE areas SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER terms_bump_row_version AFTER UPDATE ON terms
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE terms SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER sessions_bump_row_version AFTER UPDATE ON sessions
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE sessions SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER electoral_units_bump_row_version AFTER UPDATE ON electoral_units
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE electoral_units SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER deputies_bump_row_version AFTER UPDATE ON deputies
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE deputies SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER stations_bump_row_version AFTER UPDATE ON stations
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE stations SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER reception_days_bump_row_version AFTER UPDATE ON reception_days
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE reception_days SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER duty_reports_bump_row_version AFTER UPDATE ON duty_reports
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE duty_reports SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER handling_units_bump_row_version AFTER UPDATE ON handling_units
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE handling_units SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER suggestions_bump_row_version AFTER UPDATE ON suggestions
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE suggestions SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER commitments_bump_row_version AFTER UPDATE ON commitments
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE commitments SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER project_candidates_bump_row_version AFTER UPDATE ON project_candidates
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE project_candidates SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER project_milestones_bump_row_version AFTER UPDATE ON project_milestones
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE project_milestones SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER project_evaluations_bump_row_version AFTER UPDATE ON project_evaluations
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE project_evaluations SET row_version = OLD.row_version + 1 WHERE candidate_id = NEW.candidate_id;
END;

-- One proposed change to one official record. Its content never changes after drafting; only its
-- state moves on: drafted -> confirmed -> published, or drafted/confirmed -> withdrawn.
CREATE TABLE official_changes (
  id INTEGER PRIMARY KEY,
  -- Registered entity types (functions/changes/rules.ts), e.g. station, reception_day, deputy.
  entity_type TEXT NOT NULL CHECK (entity_type GLOB '[a-z]*' AND entity_type NOT GLOB '*[^a-z_]*' AND length(entity_type) <= 40),
  entity_id TEXT NOT NULL CHECK (length(entity_id) BETWEEN 1 AND 80),
  action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  -- The changed fields only: their published values when drafted, and the proposed values.
  before_json TEXT CHECK (before_json IS NULL OR (json_valid(before_json) AND json_type(before_json) IS 'object')),
  after_json TEXT CHECK (after_json IS NULL OR (json_valid(after_json) AND json_type(after_json) IS 'object')),
  -- The record's row_version the draft was made from (none for a record that does not exist yet).
  base_version INTEGER CHECK (base_version IS NULL OR base_version >= 1),
  reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
  -- Where the official figure comes from, e.g. the tally sheet number.
  reference TEXT NOT NULL DEFAULT '' CHECK (length(reference) <= 120),
  needs_confirmation INTEGER NOT NULL CHECK (needs_confirmation IN (0, 1)),
  state TEXT NOT NULL DEFAULT 'drafted' CHECK (state IN ('drafted', 'confirmed', 'published', 'withdrawn')),
  drafted_by TEXT NOT NULL REFERENCES staff_users (id),
  drafted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  confirmed_by TEXT REFERENCES staff_users (id),
  confirmed_at TEXT,
  withdrawn_by TEXT REFERENCES staff_users (id),
  withdrawn_at TEXT,
  published_in INTEGER REFERENCES publishes (id),
  published_at TEXT,
  CHECK ((action = 'create') = (base_version IS NULL)),
  CHECK ((action = 'delete') = (after_json IS NULL)),
  CHECK (action = 'create' OR before_json IS NOT NULL),
  -- Four eyes: the person who confirms is never the person who drafted.
  CHECK (confirmed_by IS NULL OR confirmed_by IS NOT drafted_by),
  CHECK ((confirmed_by IS NULL) = (confirmed_at IS NULL)),
  CHECK ((withdrawn_by IS NULL) = (withdrawn_at IS NULL)),
  CHECK ((published_in IS NULL) = (published_at IS NULL)),
  CHECK ((state = 'published') = (published_in IS NOT NULL)),
  CHECK ((state = 'withdrawn') = (withdrawn_by IS NOT NULL)),
  CHECK (state IS NOT 'confirmed' OR confirmed_by IS NOT NULL),
  CHECK (needs_confirmation = 1 OR confirmed_by IS NULL),
  CHECK (state IS NOT 'published' OR needs_confirmation = 0 OR confirmed_by IS NOT NULL)
) STRICT;
-- At most one open change per record: a second editor must see the first one's draft.
CREATE UNIQUE INDEX official_changes_one_open ON official_changes (entity_type, entity_id)
  WHERE state IN ('drafted', 'confirmed');
CREATE INDEX official_changes_by_state ON official_changes (state, id);
CREATE INDEX official_changes_by_entity ON official_changes (entity_type, entity_id, id);
CREATE INDEX official_changes_by_publish ON official_changes (published_in) WHERE published_in IS NOT NULL;

CREATE TRIGGER official_changes_content_fixed
BEFORE UPDATE OF id, entity_type, entity_id, action, before_json, after_json, base_version, reason, reference,
  needs_confirmation, drafted_by, drafted_at ON official_changes
BEGIN
  SELECT RAISE(ABORT, 'official_change_fixed');
END;

CREATE TRIGGER official_changes_state_moves_on BEFORE UPDATE OF state ON official_changes
WHEN NOT (
  (OLD.state = 'drafted' AND NEW.state IN ('confirmed', 'published', 'withdrawn'))
  OR (OLD.state = 'confirmed' AND NEW.state IN ('published', 'withdrawn'))
)
BEGIN
  SELECT RAISE(ABORT, 'official_change_state');
END;

-- A confirmation or withdrawal stamp, once written, stays.
CREATE TRIGGER official_changes_stamps_fixed BEFORE UPDATE OF confirmed_by, confirmed_at, withdrawn_by, withdrawn_at, published_in, published_at ON official_changes
WHEN (OLD.confirmed_by IS NOT NULL AND (NEW.confirmed_by IS NOT OLD.confirmed_by OR NEW.confirmed_at IS NOT OLD.confirmed_at))
  OR (OLD.withdrawn_by IS NOT NULL AND (NEW.withdrawn_by IS NOT OLD.withdrawn_by OR NEW.withdrawn_at IS NOT OLD.withdrawn_at))
  OR (OLD.published_in IS NOT NULL AND (NEW.published_in IS NOT OLD.published_in OR NEW.published_at IS NOT OLD.published_at))
BEGIN
  SELECT RAISE(ABORT, 'official_change_fixed');
END;

-- Only an active staff member confirms.
CREATE TRIGGER official_changes_confirmer_active BEFORE UPDATE OF confirmed_by ON official_changes
WHEN NEW.confirmed_by IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM staff_users WHERE id = NEW.confirmed_by AND is_active = 1)
BEGIN
  SELECT RAISE(ABORT, 'official_change_confirmer');
END;

CREATE TRIGGER official_changes_no_delete BEFORE DELETE ON official_changes
BEGIN
  SELECT RAISE(ABORT, 'official_change_fixed');
END;

-- The public change log, rebuilt to take every registered entity type (the site's zod enum is the
-- list it shows) and to name the change and publish behind each row and the role that vouched for
-- it (a role, never a person). Triggers that write it are dropped first and recreated after, so
-- nothing refers to the table while it is replaced; its rows are copied unchanged.
DROP TRIGGER deputies_log_status;
DROP TRIGGER deputies_log_unit_position;
DROP TRIGGER suggestions_log_result;
DROP TRIGGER commitments_log_status;
DROP TRIGGER change_log_no_update;

CREATE TABLE change_log_new (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  entity_type TEXT NOT NULL CHECK (entity_type GLOB '[a-z]*' AND entity_type NOT GLOB '*[^a-z_]*' AND length(entity_type) <= 40),
  entity_id TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  note TEXT NOT NULL DEFAULT '',
  change_id INTEGER REFERENCES official_changes (id),
  publish_id INTEGER REFERENCES publishes (id),
  -- The role that confirmed the change (or drafted it, where no confirmation is needed).
  role TEXT CHECK (role IS NULL OR role IN ('admin', 'editor', 'handler', 'station_staff'))
) STRICT;
INSERT INTO change_log_new (id, at, entity_type, entity_id, field, old_value, new_value, note)
  SELECT id, at, entity_type, entity_id, field, old_value, new_value, note FROM change_log;
DROP TABLE change_log;
ALTER TABLE change_log_new RENAME TO change_log;
CREATE INDEX change_log_by_entity ON change_log (entity_type, entity_id, at);
CREATE INDEX change_log_by_time ON change_log (at);
CREATE INDEX change_log_by_publish ON change_log (publish_id) WHERE publish_id IS NOT NULL;

CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN
  SELECT RAISE(ABORT, 'change_log is append-only');
END;

-- As in 0007, but a lifecycle apply (which moves row_version itself) writes its own, richer rows.
CREATE TRIGGER deputies_log_status AFTER UPDATE OF status ON deputies
WHEN OLD.status IS NOT NEW.status AND NEW.row_version IS OLD.row_version
BEGIN
  INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value)
  VALUES ('deputy', NEW.id, 'status', OLD.status, NEW.status);
END;
CREATE TRIGGER deputies_log_unit_position AFTER UPDATE OF unit_position ON deputies
WHEN OLD.unit_position IS NOT NEW.unit_position AND NEW.row_version IS OLD.row_version
BEGIN
  INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value)
  VALUES ('deputy', NEW.id, 'unit_position', OLD.unit_position, NEW.unit_position);
END;
CREATE TRIGGER suggestions_log_result AFTER UPDATE OF status, result_class, satisfaction ON suggestions
WHEN (OLD.status IS NOT NEW.status OR OLD.result_class IS NOT NEW.result_class OR OLD.satisfaction IS NOT NEW.satisfaction)
  AND NEW.row_version IS OLD.row_version
BEGIN
  INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value)
  SELECT 'suggestion', NEW.id, 'status', OLD.status, NEW.status WHERE OLD.status IS NOT NEW.status;
  INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value)
  SELECT 'suggestion', NEW.id, 'result_class', OLD.result_class, NEW.result_class WHERE OLD.result_class IS NOT NEW.result_class;
  INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value)
  SELECT 'suggestion', NEW.id, 'satisfaction', OLD.satisfaction, NEW.satisfaction WHERE OLD.satisfaction IS NOT NEW.satisfaction;
END;
CREATE TRIGGER commitments_log_status AFTER UPDATE OF status ON commitments
WHEN OLD.status IS NOT NEW.status AND NEW.row_version IS OLD.row_version
BEGIN
  INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value)
  VALUES ('commitment', NEW.id, 'status', OLD.status, NEW.status);
END;

-- Why a reception day was moved or cancelled, shown on the station page and in its calendar feed.
ALTER TABLE reception_days ADD COLUMN status_note TEXT NOT NULL DEFAULT '' CHECK (length(status_note) <= 200);
