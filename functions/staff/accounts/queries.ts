import { type StaffRow, toStaffUser } from '../auth/queries.ts';
import type { StaffRole, StaffUser } from '../auth/schema.ts';

export interface StaffAccount extends StaffUser {
  isActive: boolean;
  createdAt: string;
}

interface StaffAccountRow extends StaffRow {
  is_active: number;
  created_at: string;
}

/** The signed-in shape of a staff member, with what only the accounts page shows. */
function toAccount(r: StaffAccountRow): StaffAccount {
  return { ...toStaffUser(r), isActive: r.is_active === 1, createdAt: r.created_at };
}

const ACCOUNT_SELECT = `SELECT u.id, u.email, u.display_name, u.role, u.station_id, s.name AS station_name, u.is_active,
  u.created_at FROM staff_users u LEFT JOIN stations s ON s.id = u.station_id`;

/** Every account, active first; one more than the page to know whether there is a next page. */
export async function listStaffAccounts(
  db: D1Database,
  limit: number,
  offset: number,
): Promise<StaffAccount[]> {
  const { results } = await db
    .prepare(`${ACCOUNT_SELECT} ORDER BY u.is_active DESC, u.role, u.display_name, u.id LIMIT ?1 OFFSET ?2`)
    .bind(limit, offset)
    .all<StaffAccountRow>();
  return results.map(toAccount);
}

export async function findStaffAccount(db: D1Database, id: string): Promise<StaffAccount | null> {
  const row = await db.prepare(`${ACCOUNT_SELECT} WHERE u.id = ?1`).bind(id).first<StaffAccountRow>();
  return row ? toAccount(row) : null;
}

export interface StationOption {
  id: string;
  name: string;
}

export async function listStationOptions(db: D1Database): Promise<StationOption[]> {
  const { results } = await db
    .prepare('SELECT id, name FROM stations ORDER BY is_active DESC, name LIMIT 2000')
    .all<StationOption>();
  return results;
}

const ACCOUNT_JSON = `SELECT json_object('email', email, 'displayName', display_name, 'role', role,
  'stationId', station_id, 'isActive', is_active) FROM staff_users WHERE id = ?6`;

/** The audit entry of an account change: fails (rolling the batch back) unless the write before it changed a row. */
function guardedStaffAudit(
  db: D1Database,
  actor: string,
  action: string,
  id: string,
  before: StaffAccount | null,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, before_json, after_json)
       VALUES (CASE WHEN changes() > 0 THEN ?1 END, ?2, ?3, ?4, ?5, (${ACCOUNT_JSON}))`,
    )
    .bind(
      actor,
      action,
      'staff_user',
      id,
      before
        ? JSON.stringify({
            email: before.email,
            displayName: before.displayName,
            role: before.role,
            stationId: before.stationId,
            isActive: before.isActive ? 1 : 0,
          })
        : null,
      id,
    );
}

export function insertStaffStatements(
  db: D1Database,
  actor: string,
  account: { id: string; email: string; displayName: string; role: StaffRole; stationId: string | null },
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        'INSERT INTO staff_users (id, email, display_name, role, station_id) VALUES (?1, ?2, ?3, ?4, ?5)',
      )
      .bind(account.id, account.email, account.displayName, account.role, account.stationId),
    guardedStaffAudit(db, actor, 'staff.add', account.id, null),
  ];
}

/** Changes name, role and station only if the account is still as the admin saw it. */
export function updateStaffStatements(
  db: D1Database,
  actor: string,
  before: StaffAccount,
  next: { displayName: string; role: StaffRole; stationId: string | null },
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `UPDATE staff_users SET display_name = ?2, role = ?3, station_id = ?4
         WHERE id = ?1 AND display_name = ?5 AND role = ?6 AND station_id IS ?7 AND is_active = ?8`,
      )
      .bind(
        before.id,
        next.displayName,
        next.role,
        next.stationId,
        before.displayName,
        before.role,
        before.stationId,
        before.isActive ? 1 : 0,
      ),
    guardedStaffAudit(db, actor, 'staff.update', before.id, before),
  ];
}

/** Disables or re-enables an account (a trigger ends a disabled account's sessions in the same write). */
export function setStaffActiveStatements(
  db: D1Database,
  actor: string,
  before: StaffAccount,
  active: boolean,
): D1PreparedStatement[] {
  return [
    db
      .prepare('UPDATE staff_users SET is_active = ?2 WHERE id = ?1 AND is_active = ?3')
      .bind(before.id, active ? 1 : 0, active ? 0 : 1),
    guardedStaffAudit(db, actor, active ? 'staff.enable' : 'staff.disable', before.id, before),
  ];
}
