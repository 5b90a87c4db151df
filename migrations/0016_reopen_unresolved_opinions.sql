-- Migration: "was it resolved?" has consequences. A sender's answer of 未解决 (feedback 'no')
-- reopens the case in the same write: back to 正在办理 (triaged) in the staff inbox, counted in the
-- deputy's responsiveness figures, with a public timeline entry. A new reply clears the feedback so
-- the sender can answer again (and reopen again).

ALTER TABLE opinions ADD COLUMN reopen_count INTEGER NOT NULL DEFAULT 0 CHECK (reopen_count >= 0);
ALTER TABLE opinions ADD COLUMN reopened_at TEXT;

CREATE TRIGGER opinions_reopen_when_unresolved
AFTER UPDATE OF feedback_resolved ON opinions
WHEN NEW.feedback_resolved = 'no' AND OLD.feedback_resolved IS NULL AND NEW.status IN ('replied', 'closed')
BEGIN
  UPDATE opinions
  SET status = 'triaged',
      reopen_count = reopen_count + 1,
      reopened_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  WHERE id = NEW.id;
  INSERT INTO opinion_events (opinion_id, kind, is_public, public_text, staff_note)
  VALUES (NEW.id, 'note', 1, '您反馈问题未解决，本件已重新打开，将再次办理并答复。',
          'reopened: the sender answered 未解决');
END;

CREATE INDEX opinions_reopened ON opinions (reopened_at) WHERE reopen_count > 0;
