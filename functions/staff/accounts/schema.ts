import { z } from 'zod';
import { bytesToHex } from '../../lib/crypto.ts';
import { StaffRole, staffRoleLabels } from '../auth/schema.ts';

export const staffFieldLabels: Record<string, string> = {
  email: '电子邮箱',
  displayName: '姓名',
  role: '角色',
  stationId: '所属联络站',
};

const stationField = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : (v ?? null)),
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, '请选择联络站。')
    .nullable(),
);

const roleField = z.enum(StaffRole.options, {
  error: `请选择角色（${Object.values(staffRoleLabels).join('、')}）。`,
});

/** Station staff work for exactly one station; nobody else has one. */
function stationMatchesRole(
  value: { role: StaffRole; stationId: string | null },
  ctx: z.RefinementCtx,
): void {
  if (value.role === 'station_staff' && value.stationId === null) {
    ctx.addIssue({ code: 'custom', path: ['stationId'], message: '联络站工作人员须选择所属联络站。' });
  }
}

const displayNameField = z
  .string({ error: '请填写姓名。' })
  .trim()
  .min(1, '请填写姓名。')
  .max(40, '姓名不能超过 40 个字。');

export const StaffAddForm = z
  .object({
    email: z
      .string({ error: '请填写电子邮箱。' })
      .trim()
      .toLowerCase()
      .min(1, '请填写电子邮箱。')
      .max(120, '电子邮箱过长。')
      .pipe(z.email('请填写有效的电子邮箱（用于统一身份认证登录）。')),
    displayName: displayNameField,
    role: roleField,
    stationId: stationField,
  })
  .superRefine(stationMatchesRole)
  .transform((v) => ({ ...v, stationId: v.role === 'station_staff' ? v.stationId : null }));
export type StaffAddForm = z.infer<typeof StaffAddForm>;

export const StaffUpdateForm = z
  .object({
    displayName: displayNameField,
    role: roleField,
    stationId: stationField,
  })
  .superRefine(stationMatchesRole)
  .transform((v) => ({ ...v, stationId: v.role === 'station_staff' ? v.stationId : null }));
export type StaffUpdateForm = z.infer<typeof StaffUpdateForm>;

export const StaffIdParam = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, '工作人员编号无效。'),
});

export const StaffListQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/** A staff id made from the email's local part, with a random tail so it never collides. */
export function newStaffId(email: string, random: Uint8Array): string {
  const local = (email.split('@')[0] ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const tail = bytesToHex(random.slice(0, 3));
  return `${local || 'staff'}-${tail}`;
}
