-- Migration: create staff users and roles, the append-only audit log, the public change log
-- of edits to official records, and publishes.

CREATE TABLE staff_users (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) <= 80),
  email TEXT NOT NULL UNIQUE CHECK (email LIKE '%_@_%'),
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 40),
  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'handler', 'station_staff')),
  station_id TEXT REFERENCES stations (id),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  -- Station staff see only their own station's opinions.
  CHECK ((role = 'station_staff') = (station_id IS NOT NULL))
) STRICT;

-- Who did what, when, with the record before and after. Never updated or deleted.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 120),
  action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 60),
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json))
) STRICT;
CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Public record of edits to official records: what changed and when (no staff identity).
CREATE TABLE change_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  entity_type TEXT NOT NULL CHECK (entity_type IN ('deputy', 'suggestion', 'commitment', 'duty_report', 'station', 'project_candidate')),
  entity_id TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX change_log_by_entity ON change_log (entity_type, entity_id, at);
CREATE INDEX change_log_by_time ON change_log (at);

CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN
  SELECT RAISE(ABORT, 'change_log is append-only');
END;

-- Edits to official records write the public change log themselves, so no code path can forget.
CREATE TRIGGER deputies_log_status AFTER UPDATE OF status ON deputies
WHEN OLD.status IS NOT NEW.status
BEGIN
  INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value)
  VALUES ('deputy', NEW.id, 'status', OLD.status, NEW.status);
END;
CREATE TRIGGER deputies_log_unit_position AFTER UPDATE OF unit_position ON deputies
WHEN OLD.unit_position IS NOT NEW.unit_position
BEGIN
  INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value)
  VALUES ('deputy', NEW.id, 'unit_position', OLD.unit_position, NEW.unit_position);
END;
CREATE TRIGGER suggestions_log_result AFTER UPDATE OF status, result_class, satisfaction ON suggestions
WHEN OLD.status IS NOT NEW.status OR OLD.result_class IS NOT NEW.result_class OR OLD.satisfaction IS NOT NEW.satisfaction
BEGIN
  INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value)
  SELECT 'suggestion', NEW.id, 'status', OLD.status, NEW.status WHERE OLD.status IS NOT NEW.status;
  INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value)
  SELECT 'suggestion', NEW.id, 'result_class', OLD.result_class, NEW.result_class WHERE OLD.result_class IS NOT NEW.result_class;
  INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value)
  SELECT 'suggestion', NEW.id, 'satisfaction', OLD.satisfaction, NEW.satisfaction WHERE OLD.satisfaction IS NOT NEW.satisfaction;
END;
CREATE TRIGGER commitments_log_status AFTER UPDATE OF status ON commitments
WHEN OLD.status IS NOT NEW.status
BEGIN
  INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value)
  VALUES ('commitment', NEW.id, 'status', OLD.status, NEW.status);
END;

-- Each publish (rebuild and deploy) of the static site; the snapshot version names the open data.
CREATE TABLE publishes (
  id INTEGER PRIMARY KEY,
  requested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  requested_by TEXT NOT NULL,
  version TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'built', 'failed')),
  summary TEXT NOT NULL DEFAULT ''
) STRICT;
