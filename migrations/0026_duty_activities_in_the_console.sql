-- Migration: the office creates and corrects single duty activities (履职活动) in the console,
-- through the official-change lifecycle (functions/changes/rules.ts: duty_activity). Nothing is
-- dropped.

-- A draft remembers the version it was made from, like every other editable record (0010); an
-- import or a published change moves it on, so a save from an older form is refused.
ALTER TABLE duty_activities ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
CREATE TRIGGER duty_activities_bump_row_version AFTER UPDATE ON duty_activities
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE duty_activities SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
