import type { StaffRole, StaffUser } from './schema.ts';

export interface StaffRow {
  id: string;
  email: string;
  display_name: string;
  role: StaffRole;
  station_id: string | null;
  station_name: string | null;
}

const STAFF_COLUMNS = `u.id, u.email, u.display_name, u.role, u.station_id, s.name AS station_name
  FROM staff_users u LEFT JOIN stations s ON s.id = u.station_id`;

export function toStaffUser(row: StaffRow): StaffUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    stationId: row.station_id,
    stationName: row.station_name,
  };
}

/** The active staff member with this email (Access identities are emails; case does not matter). */
export async function findActiveStaffByEmail(db: D1Database, email: string): Promise<StaffUser | null> {
  const row = await db
    .prepare(`SELECT ${STAFF_COLUMNS} WHERE u.email = ?1 COLLATE NOCASE AND u.is_active = 1`)
    .bind(email)
    .first<StaffRow>();
  return row ? toStaffUser(row) : null;
}

export async function listActiveStaff(db: D1Database): Promise<StaffUser[]> {
  const { results } = await db
    .prepare(`SELECT ${STAFF_COLUMNS} WHERE u.is_active = 1 ORDER BY u.role, u.id LIMIT 200`)
    .all<StaffRow>();
  return results.map(toStaffUser);
}

/** The staff member of an unexpired development session. */
export async function findSessionStaff(
  db: D1Database,
  tokenHash: string,
  nowIso: string,
): Promise<StaffUser | null> {
  const row = await db
    .prepare(
      `SELECT ${STAFF_COLUMNS} JOIN staff_sessions ss ON ss.staff_id = u.id
       WHERE ss.token_hash = ?1 AND ss.expires_at > ?2 AND u.is_active = 1`,
    )
    .bind(tokenHash, nowIso)
    .first<StaffRow>();
  return row ? toStaffUser(row) : null;
}

/**
 * Starts a development session for an active staff member; returns false when there is none with
 * that id. Expired sessions are swept in the same batch.
 */
export async function createSession(
  db: D1Database,
  input: { tokenHash: string; staffId: string; expiresAt: string; nowIso: string },
): Promise<boolean> {
  const [, inserted] = await db.batch([
    db.prepare('DELETE FROM staff_sessions WHERE expires_at <= ?1').bind(input.nowIso),
    db
      .prepare(
        `INSERT INTO staff_sessions (token_hash, staff_id, expires_at)
         SELECT ?1, id, ?2 FROM staff_users WHERE id = ?3 AND is_active = 1`,
      )
      .bind(input.tokenHash, input.expiresAt, input.staffId),
    db
      .prepare(
        `INSERT INTO audit_log (actor, action, entity_type, entity_id)
         SELECT id, 'staff.dev_sign_in', 'staff_user', id FROM staff_users WHERE id = ?1 AND is_active = 1`,
      )
      .bind(input.staffId),
  ]);
  return (inserted?.meta.changes ?? 0) === 1;
}

export async function deleteSession(db: D1Database, tokenHash: string): Promise<void> {
  await db.prepare('DELETE FROM staff_sessions WHERE token_hash = ?1').bind(tokenHash).run();
}
