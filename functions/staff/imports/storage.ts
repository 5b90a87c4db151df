import { failureOfRolledBack, locateFailingUnit } from '../../lib/d1.ts';
import { ApiError } from '../../lib/errors.ts';
import type { StaffUser } from '../auth/schema.ts';
import type { ImportPlan } from './planner.ts';
import {
  expiredCheckedKeys,
  insertCheckedStatement,
  readImportContent,
  type StoredImport,
  sweepCheckedStatement,
} from './queries.ts';
import type { ImportReport } from './schema.ts';
import { randomHex } from '../../lib/crypto.ts';

/** A checked file kept between the dry run, its submission and the publish that applies it. */

/**
 * Keeps a file that passed its dry run until the staff member submits it (and sweeps day-old
 * checked ones; submitted imports stay until published or withdrawn), so the publish writes exactly
 * the file that was checked.
 */
export async function storeCheckedFile(
  db: D1Database,
  files: R2Bucket,
  staff: StaffUser,
  report: ImportReport,
  bytes: Uint8Array,
): Promise<string> {
  const id = randomHex(16);
  // Day-old checked files are swept, their R2 objects with them.
  const expired = await expiredCheckedKeys(db);
  if (expired.length > 0) await files.delete(expired);
  const large = bytes.length > MAX_D1_FILE_BYTES;
  const r2Key = large ? `imports/${id}` : null;
  if (r2Key) await files.put(r2Key, bytes);
  await db.batch([
    sweepCheckedStatement(db),
    insertCheckedStatement(db, {
      id,
      staffId: staff.id,
      kind: report.kind,
      format: report.format,
      fileName: report.fileName.slice(0, 200) || 'upload',
      sha256: report.sha256,
      content: large ? null : bytes,
      mode: report.mode,
      r2Key,
    }),
  ]);
  return id;
}

/** Files up to this size wait in D1 (a value may hold 2 MB); larger ones in R2. */
const MAX_D1_FILE_BYTES = 1_400_000;

/** The stored bytes of an import (D1 or R2); empty when they are gone. */
export async function readStoredFile(
  db: D1Database,
  files: R2Bucket,
  file: Pick<StoredImport, 'id' | 'r2Key'>,
): Promise<Uint8Array> {
  if (file.r2Key) {
    const stored = await files.get(file.r2Key);
    return stored ? new Uint8Array(await stored.arrayBuffer()) : new Uint8Array();
  }
  return (await readImportContent(db, file.id)) ?? new Uint8Array();
}

/**
 * Whether the database would refuse the plan's writes (a constraint the row checks do not know
 * about): the writes are tried in batches that are always rolled back. The answer names the
 * spreadsheet row when one row is to blame; null when the database takes them. Failures that are
 * not a refusal (transient, our own triggers) are rethrown as they are.
 */
export async function refusedRow(
  db: D1Database,
  plan: ImportPlan,
): Promise<{ message: string; fields: Record<string, string> } | null> {
  const tried = await failureOfRolledBack(db, await plan.statements(db));
  if (tried === null) return null;
  const { failure } = tried;
  if (failure.kind !== 'check' && failure.kind !== 'unique' && failure.kind !== 'foreign_key')
    throw tried.error;
  // Unit 0 writes nothing, unit 1 the replace mode's removals, unit k + 1 also the first k rows.
  const index = await locateFailingUnit(db, plan.writtenRows.length + 1, (units) =>
    units === 0 ? Promise.resolve([]) : plan.statementsForFirst(db, units - 1),
  );
  const row = index === null || index === 0 ? undefined : plan.writtenRows[index - 1];
  const why =
    failure.kind === 'unique'
      ? '与已有记录重复'
      : failure.kind === 'foreign_key'
        ? '引用了不存在的记录'
        : '不符合数据规则';
  return row === undefined
    ? { message: `数据库拒绝了这次导入（${why}），未导入任何数据。`, fields: {} }
    : {
        message: `第 ${row} 行${why}，数据库拒绝了这次导入，未导入任何数据。请修改该行后重新上传。`,
        fields: { [`row.${row}`]: `第 ${row} 行${why}。` },
      };
}

/** The refusal of a file the database would not take, as a 422 naming the row. */
export function rowRefusedError(refusal: { message: string; fields: Record<string, string> }): ApiError {
  return new ApiError(422, 'import_row_refused', refusal.message, { fields: refusal.fields });
}
