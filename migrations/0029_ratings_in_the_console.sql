-- Migration: the office records and corrects a deputy's satisfaction rating of a handling round
-- (满意度测评) in the console, through the official-change lifecycle (functions/changes/rules.ts:
-- suggestion_rating), and opens the next round's reply there (重新办理). Nothing is dropped.

-- A draft remembers the version it was made from, like every other editable record (0010).
ALTER TABLE suggestion_ratings ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
CREATE TRIGGER suggestion_ratings_bump_row_version AFTER UPDATE ON suggestion_ratings
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE suggestion_ratings SET row_version = OLD.row_version + 1
  WHERE suggestion_id = NEW.suggestion_id AND round = NEW.round;
END;

-- The lifecycle names a record by one key column; a rating's key is (suggestion_id, round). This
-- column is that pair as one text ("<suggestion id>-r<round>", a URL segment like every record
-- id; the round is one digit, so two pairs never give the same text), computed, so it can never
-- disagree with the pair (as round_phases.id, 0028).
ALTER TABLE suggestion_ratings ADD COLUMN id TEXT GENERATED ALWAYS AS (suggestion_id || '-r' || round) VIRTUAL;
CREATE UNIQUE INDEX suggestion_ratings_by_id ON suggestion_ratings (id);

-- suggestions.satisfaction is "the latest, kept in step" (0004): the rating of the last answered
-- round. A rating published from the console (or written by an import) moves it in the same write,
-- as a reply's class moves result_class (0021); its change-log row comes from
-- suggestions_log_result (0010).
--
-- Re-handling (重新办理, DOMAIN.md: an unsatisfactory answer is handled again), as the demo ledger
-- and its rules test keep it (scripts/demo/suggestions.ts, test/unit/demo-rules.test.ts): while the
-- last answered round is rated 不满意 and no later reply exists, the suggestion's status is
-- 'rehandling', never 'replied' or 'closed'. A correction of that rating away from 不满意 puts a
-- case that was waiting for re-handling back to 'replied' (closing it stays the office's decision,
-- with its reason). A reply of the next round ends the re-handling: 'replied' again.
--
-- Only a rating of the last answered round (no later reply, no later rating) moves the suggestion,
-- so loading a ledger round by round (the demo: every reply, then every rating) never moves a
-- suggestion to an earlier round's values and back.
CREATE TRIGGER suggestion_ratings_keep_latest_after_insert AFTER INSERT ON suggestion_ratings
WHEN NOT EXISTS (SELECT 1 FROM suggestion_replies r WHERE r.suggestion_id = NEW.suggestion_id AND r.round > NEW.round)
  AND NOT EXISTS (SELECT 1 FROM suggestion_ratings t WHERE t.suggestion_id = NEW.suggestion_id AND t.round > NEW.round)
BEGIN
  UPDATE suggestions
  SET satisfaction = NEW.satisfaction,
    status = CASE
      WHEN NEW.satisfaction = 'dissatisfied' AND status IN ('replied', 'closed') THEN 'rehandling'
      WHEN NEW.satisfaction <> 'dissatisfied' AND status = 'rehandling' THEN 'replied'
      ELSE status END,
    updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  WHERE id = NEW.suggestion_id
    AND (satisfaction IS NOT NEW.satisfaction
      OR (NEW.satisfaction = 'dissatisfied' AND status IN ('replied', 'closed'))
      OR (NEW.satisfaction <> 'dissatisfied' AND status = 'rehandling'));
END;

CREATE TRIGGER suggestion_ratings_keep_latest_after_update AFTER UPDATE OF satisfaction ON suggestion_ratings
WHEN OLD.satisfaction IS NOT NEW.satisfaction
  AND NOT EXISTS (SELECT 1 FROM suggestion_replies r WHERE r.suggestion_id = NEW.suggestion_id AND r.round > NEW.round)
  AND NOT EXISTS (SELECT 1 FROM suggestion_ratings t WHERE t.suggestion_id = NEW.suggestion_id AND t.round > NEW.round)
BEGIN
  UPDATE suggestions
  SET satisfaction = NEW.satisfaction,
    status = CASE
      WHEN NEW.satisfaction = 'dissatisfied' AND status IN ('replied', 'closed') THEN 'rehandling'
      WHEN NEW.satisfaction <> 'dissatisfied' AND status = 'rehandling' THEN 'replied'
      ELSE status END,
    updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  WHERE id = NEW.suggestion_id
    AND (satisfaction IS NOT NEW.satisfaction
      OR (NEW.satisfaction = 'dissatisfied' AND status IN ('replied', 'closed'))
      OR (NEW.satisfaction <> 'dissatisfied' AND status = 'rehandling'));
END;

-- A reply that opens the next round after a 不满意 rating (the console's 重新办理; an import of
-- that round): the suggestion's latest class follows it when it is the lead unit's (0021 covered
-- only a reply's class changing), and the re-handling has its answer. Only a reply right after a
-- 不满意 rating acts, so a ledger loaded round by round (replies before ratings) is left as written.
CREATE TRIGGER suggestion_replies_keep_latest_after_insert AFTER INSERT ON suggestion_replies
WHEN EXISTS (SELECT 1 FROM suggestion_ratings t WHERE t.suggestion_id = NEW.suggestion_id
    AND t.round = NEW.round - 1 AND t.satisfaction = 'dissatisfied')
  AND NOT EXISTS (SELECT 1 FROM suggestion_replies r WHERE r.suggestion_id = NEW.suggestion_id AND r.round > NEW.round)
BEGIN
  UPDATE suggestions
  SET result_class = CASE
      WHEN EXISTS (SELECT 1 FROM suggestion_assignments a WHERE a.suggestion_id = NEW.suggestion_id
        AND a.handling_unit_id = NEW.handling_unit_id AND a.role = 'lead') THEN NEW.result_class
      ELSE result_class END,
    status = CASE WHEN status = 'rehandling' THEN 'replied' ELSE status END,
    updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  WHERE id = NEW.suggestion_id;
END;
