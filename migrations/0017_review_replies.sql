-- Migration: replies reviewed before the citizen sees them. Where the setting REPLY_REVIEW asks for
-- it (wrangler.toml, on in production), a handler's reply draft is submitted for review and only a
-- different staff member with the review role publishes it. The submission lives on the draft:
-- editing the draft after submitting takes it back (the reviewer approves exactly what is sent).

ALTER TABLE opinion_reply_drafts ADD COLUMN submitted_by TEXT REFERENCES staff_users (id);
ALTER TABLE opinion_reply_drafts ADD COLUMN submitted_at TEXT;
-- The submitter's choice of showing the reply on the site (still only with the sender's consent).
ALTER TABLE opinion_reply_drafts ADD COLUMN submitted_show_publicly INTEGER NOT NULL DEFAULT 0
  CHECK (submitted_show_publicly IN (0, 1));

-- A change of the text withdraws the submission, whoever writes it.
CREATE TRIGGER opinion_reply_drafts_edit_withdraws_review
AFTER UPDATE OF body ON opinion_reply_drafts
WHEN NEW.submitted_by IS NOT NULL AND NEW.body IS NOT OLD.body
BEGIN
  UPDATE opinion_reply_drafts SET submitted_by = NULL, submitted_at = NULL, submitted_show_publicly = 0
  WHERE opinion_id = NEW.opinion_id;
END;

CREATE INDEX opinion_reply_drafts_waiting ON opinion_reply_drafts (submitted_at) WHERE submitted_by IS NOT NULL;
