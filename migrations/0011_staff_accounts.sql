-- Migration: staff accounts managed in the console. The office always keeps one active admin: the
-- last one cannot be disabled, demoted or removed, whichever code path tries.

CREATE TRIGGER staff_users_keep_an_admin BEFORE UPDATE OF role, is_active ON staff_users
WHEN OLD.role = 'admin' AND OLD.is_active = 1 AND (NEW.role IS NOT 'admin' OR NEW.is_active IS NOT 1)
  AND NOT EXISTS (SELECT 1 FROM staff_users WHERE role = 'admin' AND is_active = 1 AND id IS NOT OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'last_active_admin');
END;

CREATE TRIGGER staff_users_keep_an_admin_on_delete BEFORE DELETE ON staff_users
WHEN OLD.role = 'admin' AND OLD.is_active = 1
  AND NOT EXISTS (SELECT 1 FROM staff_users WHERE role = 'admin' AND is_active = 1 AND id IS NOT OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'last_active_admin');
END;

-- A disabled account's development sessions end with it (Access sign-ins are checked per request).
CREATE TRIGGER staff_users_disable_ends_sessions AFTER UPDATE OF is_active ON staff_users
WHEN NEW.is_active = 0
BEGIN
  DELETE FROM staff_sessions WHERE staff_id = NEW.id;
END;
