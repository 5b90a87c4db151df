-- Migration: the public change log is append-only both ways, like the audit log (migration 0007
-- refused only UPDATE on change_log): a published before → after can never be removed quietly.
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN
  SELECT RAISE(ABORT, 'change_log is append-only');
END;
