import { classifyD1Error } from '../../lib/d1.ts';
import { ApiError, validationError } from '../../lib/errors.ts';
import type { StaffUser } from '../auth/schema.ts';
import {
  findStaffAccount,
  insertStaffStatements,
  setStaffActiveStatements,
  type StaffAccount,
  updateStaffStatements,
} from './queries.ts';
import { newStaffId, type StaffAddForm, type StaffUpdateForm } from './schema.ts';

const LAST_ADMIN = '不能停用或降级最后一位在用的管理员，请先为另一位工作人员设置管理员角色。';

function fail(error: unknown): ApiError {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('last_active_admin')) return new ApiError(409, 'last_active_admin', LAST_ADMIN);
  if (/NOT NULL constraint failed: audit_log\.actor/.test(message)) {
    return new ApiError(409, 'stale_version', '已被他人修改，请刷新后再改');
  }
  const failure = classifyD1Error(error);
  if (failure.kind === 'unique' && failure.target.includes('email')) {
    return new ApiError(409, 'email_taken', '提交的内容有误，请按提示修改后再试。', {
      fields: { email: '这个电子邮箱已有账号。' },
    });
  }
  if (failure.kind === 'foreign_key') {
    return validationError({ stationId: '所选的联络站不存在。' });
  }
  if (failure.kind === 'check')
    return new ApiError(400, 'validation_failed', '提交的内容不符合要求，请检查后重试。');
  return new ApiError(503, 'unavailable', '服务暂时不可用，请稍后再试。');
}

async function requireAccount(db: D1Database, id: string): Promise<StaffAccount> {
  const account = await findStaffAccount(db, id);
  if (!account) throw new ApiError(404, 'not_found', '没有找到这位工作人员。');
  return account;
}

export async function addStaffMember(db: D1Database, admin: StaffUser, form: StaffAddForm): Promise<string> {
  const id = newStaffId(form.email, crypto.getRandomValues(new Uint8Array(3)));
  try {
    await db.batch(insertStaffStatements(db, admin.id, { id, ...form }));
  } catch (error) {
    throw fail(error);
  }
  return id;
}

export async function updateStaffMember(
  db: D1Database,
  admin: StaffUser,
  id: string,
  form: StaffUpdateForm,
): Promise<void> {
  const before = await requireAccount(db, id);
  if (
    before.displayName === form.displayName &&
    before.role === form.role &&
    before.stationId === form.stationId
  ) {
    throw new ApiError(400, 'no_change', '没有修改任何内容。');
  }
  try {
    await db.batch(updateStaffStatements(db, admin.id, before, form));
  } catch (error) {
    throw fail(error);
  }
}

export async function disableStaffMember(db: D1Database, admin: StaffUser, id: string): Promise<void> {
  if (id === admin.id) throw new ApiError(409, 'self', '不能停用自己的账号。');
  const before = await requireAccount(db, id);
  if (!before.isActive) throw new ApiError(409, 'conflict', '该账号已停用。');
  try {
    await db.batch(setStaffActiveStatements(db, admin.id, before, false));
  } catch (error) {
    throw fail(error);
  }
}

export async function enableStaffMember(db: D1Database, admin: StaffUser, id: string): Promise<void> {
  const before = await requireAccount(db, id);
  if (before.isActive) throw new ApiError(409, 'conflict', '该账号已在使用中。');
  try {
    await db.batch(setStaffActiveStatements(db, admin.id, before, true));
  } catch (error) {
    throw fail(error);
  }
}
