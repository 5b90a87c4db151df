-- Migration: a publish marks the last public change-log row and audit entry it covered, so the
-- publish page's "since the last publish" lists only what came after. It compared times, and rows a
-- trigger wrote inside the publish's own batch (a suggestion's latest result class, written when a
-- reply's class is published) fell in the same second and were listed again as pending, right after
-- they were published. Publishes before this migration keep NULL and are compared by time as before.
-- Nothing is dropped.
ALTER TABLE publishes ADD COLUMN last_change_log_id INTEGER;
ALTER TABLE publishes ADD COLUMN last_audit_id INTEGER;
