import { z } from 'zod';

/** Staff roles (staff_users.role). */
export const staffRoles = ['admin', 'editor', 'handler', 'station_staff'] as const;
export const StaffRole = z.enum(staffRoles);
export type StaffRole = z.infer<typeof StaffRole>;
export const staffRoleLabels: Record<StaffRole, string> = {
  admin: '管理员',
  editor: '编辑（记录与内容）',
  handler: '意见办理',
  station_staff: '联络站工作人员',
};

/** A signed-in staff member, as every handler sees it. */
export const StaffUser = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: StaffRole,
  /** Set for station staff only: the one station whose opinions they handle. */
  stationId: z.string().nullable(),
  stationName: z.string().nullable(),
});
export type StaffUser = z.infer<typeof StaffUser>;

/**
 * What each role may do. Checked on the server for every request; record-level limits (a station's
 * own opinions) are added to the SQL of every read and write on top of these.
 */
export const capabilityRoles = {
  'opinions.handle': ['admin', 'handler', 'station_staff'],
  /** The review queue of held submissions, which may be abuse: office handlers only. */
  'opinions.review': ['admin', 'handler'],
  'contacts.reveal': ['admin', 'handler', 'station_staff'],
  'rounds.manage': ['admin', 'editor'],
  'records.import': ['admin', 'editor'],
  'records.export': ['admin', 'editor'],
  publish: ['admin', 'editor'],
  /** Drafting changes to published official records (functions/changes). */
  'records.edit': ['admin', 'editor'],
  /**
   * Drafting reception days (create, reschedule, cancel). Station staff keep their own station's
   * only: recordScope limits every read and draft of theirs to it (functions/changes/actions.ts).
   */
  'reception_days.edit': ['admin', 'editor', 'station_staff'],
  /** Confirming someone else's draft of an official figure (never one's own). */
  'records.confirm': ['admin', 'editor'],
  /** Staff accounts: add, disable, re-enable, role and station scope. */
  'staff.manage': ['admin'],
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;
export type Capability = keyof typeof capabilityRoles;

export function can(staff: Pick<StaffUser, 'role'>, capability: Capability): boolean {
  return (capabilityRoles[capability] as readonly StaffRole[]).includes(staff.role);
}

/** The station a staff member's opinion access is limited to, or null for the whole office. */
export function opinionScope(staff: Pick<StaffUser, 'role' | 'stationId'>): string | null {
  return staff.role === 'station_staff' ? staff.stationId : null;
}

/**
 * The station whose official records (reception days) a staff member may keep, or null for the
 * office. Station staff always have one (a CHECK on staff_users); were it ever missing, '' matches
 * no station, so such an account keeps nothing rather than everything.
 */
export function recordScope(staff: Pick<StaffUser, 'role' | 'stationId'>): string | null {
  return staff.role === 'station_staff' ? (staff.stationId ?? '') : null;
}

export const DevSignInForm = z.object({
  staffId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, '请选择一位工作人员。'),
});
