/**
 * The SQL of `npm run staff:add`: the staff member, created or (same email) updated and re-enabled,
 * and its audit entry. `wrangler d1 execute` takes no bound parameters, so every value is checked
 * by the console's own schema first and then written as a quoted SQL literal (quotes doubled).
 * No node imports, so the workers tests run exactly this SQL against D1.
 */
import { z } from 'zod';
import { newStaffId, StaffAddForm } from '../../functions/staff/accounts/schema.ts';
import { sqlLiteral } from '../demo/sql.ts';

/** The command-line options (--email, --name, --role, --station) checked as the console's add form. */
export const StaffAddArgs = z.preprocess((raw) => {
  if (raw === null || typeof raw !== 'object') return raw;
  const a = raw as Record<string, unknown>;
  return { email: a.email, displayName: a.name, role: a.role, stationId: a.station ?? '' };
}, StaffAddForm);
export type StaffAddArgs = z.infer<typeof StaffAddArgs>;

export function staffAddSql(input: StaffAddArgs, random: Uint8Array): string {
  const id = newStaffId(input.email, random);
  const values = [id, input.email, input.displayName, input.role, input.stationId].map(sqlLiteral).join(', ');
  const email = sqlLiteral(input.email);
  return [
    `INSERT INTO staff_users (id, email, display_name, role, station_id, is_active) VALUES (${values}, 1)
ON CONFLICT (email) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
  station_id = excluded.station_id, is_active = 1;`,
    `INSERT INTO audit_log (actor, action, entity_type, entity_id, after_json)
SELECT 'cli:staff-add', 'staff.add', 'staff_user', id, json_object('email', email, 'displayName', display_name,
  'role', role, 'stationId', station_id, 'isActive', is_active)
FROM staff_users WHERE email = ${email};`,
  ].join('\n');
}
