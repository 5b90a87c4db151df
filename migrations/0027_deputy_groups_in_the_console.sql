-- Migration: the office keeps deputy groups (代表小组) and their members in the console, through the
-- official-change lifecycle (functions/changes/rules.ts: deputy_group). Nothing is dropped.

-- A draft remembers the version it was made from, like every other editable record (0010).
ALTER TABLE deputy_groups ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
CREATE TRIGGER deputy_groups_bump_row_version AFTER UPDATE ON deputy_groups
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE deputy_groups SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
