-- Migration: the office keeps suggestions, their handling replies and the commitment ledger in the
-- console, through the official-change lifecycle (functions/changes/rules.ts: suggestion,
-- suggestion_reply, commitment). Nothing is dropped but one trigger, recreated below.

-- A reply draft remembers the version it was made from, like every other editable record (0010).
ALTER TABLE suggestion_replies ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
CREATE TRIGGER suggestion_replies_bump_row_version AFTER UPDATE ON suggestion_replies
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE suggestion_replies SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;

-- suggestions.result_class is "the latest, kept in step": the class of the lead unit's reply of the
-- highest round. When a reply's class changes (a published correction, an import), the suggestion
-- follows in the same write. Its change-log row comes from suggestions_log_result (0010), so the
-- public sees the suggestion's class move as well as the reply's.
CREATE TRIGGER suggestion_replies_keep_latest_class
AFTER UPDATE OF result_class, round ON suggestion_replies
WHEN OLD.result_class IS NOT NEW.result_class OR OLD.round IS NOT NEW.round
BEGIN
  UPDATE suggestions
  SET result_class = (
      SELECT r.result_class FROM suggestion_replies r
      JOIN suggestion_assignments a
        ON a.suggestion_id = r.suggestion_id AND a.handling_unit_id = r.handling_unit_id AND a.role = 'lead'
      WHERE r.suggestion_id = NEW.suggestion_id
      ORDER BY r.round DESC LIMIT 1),
    updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  WHERE id = NEW.suggestion_id
    AND EXISTS (
      SELECT 1 FROM suggestion_replies r
      JOIN suggestion_assignments a
        ON a.suggestion_id = r.suggestion_id AND a.handling_unit_id = r.handling_unit_id AND a.role = 'lead'
      WHERE r.suggestion_id = NEW.suggestion_id)
    AND result_class IS NOT (
      SELECT r.result_class FROM suggestion_replies r
      JOIN suggestion_assignments a
        ON a.suggestion_id = r.suggestion_id AND a.handling_unit_id = r.handling_unit_id AND a.role = 'lead'
      WHERE r.suggestion_id = NEW.suggestion_id
      ORDER BY r.round DESC LIMIT 1);
END;

-- A suggestion's row_version moves on only when what a person edits changes, not when the derived
-- columns (result_class, satisfaction, updated_at) follow a reply or a rating. Otherwise a reply's
-- class published in the same batch as a correction of its suggestion's title would make the
-- title change stale half-way through the publish, and the whole publish would be refused.
DROP TRIGGER suggestions_bump_row_version;
CREATE TRIGGER suggestions_bump_row_version AFTER UPDATE ON suggestions
WHEN NEW.row_version IS OLD.row_version
  AND (OLD.session_id, OLD.kind, OLD.number, OLD.title, OLD.body, OLD.category, OLD.lead_deputy_id,
       OLD.filed_on, OLD.status, OLD.key_supervision_leader)
   IS NOT (NEW.session_id, NEW.kind, NEW.number, NEW.title, NEW.body, NEW.category, NEW.lead_deputy_id,
       NEW.filed_on, NEW.status, NEW.key_supervision_leader)
BEGIN
  UPDATE suggestions SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
