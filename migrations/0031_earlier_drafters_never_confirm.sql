-- Migration: the people who drafted an earlier version of a change never confirm it. A draft saved
-- over an open one (the record's form carries the waiting values, functions/changes/actions.ts
-- draftChange `replacing`) keeps the values it does not change, so a figure one person typed could
-- be re-saved by a second person around an unrelated edit and then "confirmed" by the first: one
-- pair of eyes. Each change now lists the drafters of the versions it replaced, and a CHECK-like
-- trigger refuses any of them as its confirmer, as 0010 refuses the drafter. Nothing is dropped.

-- A JSON array of staff ids (the drafters of every version this change replaced, not its own
-- drafter); NULL for a change that replaced nothing, as every change before this migration.
ALTER TABLE official_changes ADD COLUMN earlier_drafters TEXT
  CHECK (earlier_drafters IS NULL OR (json_valid(earlier_drafters) AND json_type(earlier_drafters) IS 'array'));

-- Part of the change's content, fixed once written (0010 official_changes_content_fixed).
CREATE TRIGGER official_changes_earlier_drafters_fixed BEFORE UPDATE OF earlier_drafters ON official_changes
BEGIN
  SELECT RAISE(ABORT, 'official_change_fixed');
END;

CREATE TRIGGER official_changes_confirmer_not_earlier_drafter BEFORE UPDATE OF confirmed_by ON official_changes
WHEN NEW.confirmed_by IS NOT NULL
  AND EXISTS (SELECT 1 FROM json_each(coalesce(OLD.earlier_drafters, '[]')) WHERE value = NEW.confirmed_by)
BEGIN
  SELECT RAISE(ABORT, 'official_change_confirmer_drafted');
END;
