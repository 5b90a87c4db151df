-- Migration: a group member's role (组长, 副组长, 联络员, 组员) changes in the console through the
-- official-change lifecycle (functions/changes/rules.ts: group_member), and a publish can hold a
-- change it cannot apply with the reason, as it holds an import. Nothing is dropped.

-- A draft remembers the version it was made from, like every other editable record (0010).
ALTER TABLE deputy_group_members ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
CREATE TRIGGER deputy_group_members_bump_row_version AFTER UPDATE ON deputy_group_members
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE deputy_group_members SET row_version = OLD.row_version + 1
  WHERE group_id = NEW.group_id AND deputy_id = NEW.deputy_id;
END;

-- The lifecycle names a record by one key column; a membership's key is (group_id, deputy_id).
-- This column is that pair as one text ("<group id>.<deputy id>": ids never hold a dot, so two
-- pairs never give the same text), computed, so it can never disagree with the pair (0028, 0029).
ALTER TABLE deputy_group_members ADD COLUMN id TEXT GENERATED ALWAYS AS (group_id || '.' || deputy_id) VIRTUAL;
CREATE UNIQUE INDEX deputy_group_members_by_id ON deputy_group_members (id);

-- Why a publish left a ready change open (a group's second leader: the one-leader index would have
-- refused the whole publish), in zh-CN for the publish page. Set by the publish that held it; the
-- next publish that applies the change leaves it as the record of what happened before.
ALTER TABLE official_changes ADD COLUMN held_reason TEXT CHECK (held_reason IS NULL OR length(held_reason) <= 500);
