import { classifyD1Error, locateFailingUnit } from '../../lib/d1.ts';
import { ApiError } from '../../lib/errors.ts';
import { auditEntry } from '../audit/queries.ts';
import type { StaffUser } from '../auth/schema.ts';
import { type ImportPlan, planImport } from './planner.ts';
import type { ImportKind, ImportMode, ImportReport } from './schema.ts';
import { randomHex } from '../../lib/crypto.ts';

/** A checked file kept between the dry run and the commit, and the commit itself. */

/**
 * Keeps a file that passed its dry run until the staff member confirms (and sweeps day-old ones),
 * so the commit writes exactly the file that was checked.
 */
export async function storeCheckedFile(
  db: D1Database,
  files: R2Bucket,
  staff: StaffUser,
  report: ImportReport,
  bytes: Uint8Array,
): Promise<string> {
  const id = randomHex(16);
  // Day-old files are swept, their R2 objects with them.
  const { results: expired } = await db
    .prepare(
      "SELECT r2_key FROM staff_import_files WHERE created_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 day') AND r2_key IS NOT NULL",
    )
    .all<{ r2_key: string }>();
  if (expired.length > 0) await files.delete(expired.map((r) => r.r2_key));
  const large = bytes.length > MAX_D1_FILE_BYTES;
  const r2Key = large ? `imports/${id}` : null;
  if (r2Key) await files.put(r2Key, bytes);
  await db.batch([
    db.prepare(
      "DELETE FROM staff_import_files WHERE created_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 day')",
    ),
    db
      .prepare(
        `INSERT INTO staff_import_files (id, staff_id, kind, format, file_name, sha256, content, mode, r2_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
      )
      .bind(
        id,
        staff.id,
        report.kind,
        report.format,
        report.fileName.slice(0, 200) || 'upload',
        report.sha256,
        large ? null : bytes,
        report.mode,
        r2Key,
      ),
  ]);
  return id;
}

/** Files up to this size wait in D1 (a value may hold 2 MB); larger ones in R2. */
const MAX_D1_FILE_BYTES = 1_400_000;

export interface CommitResult {
  report: ImportReport;
  written: number;
}

/**
 * The commit: the stored file is planned again (the database may have changed since the dry run)
 * and, only if it is still free of errors, written in one batch with its audit entry. Any failure
 * rolls the whole batch back: all or nothing.
 */
export async function commitImport(
  db: D1Database,
  files: R2Bucket,
  staff: StaffUser,
  kind: ImportKind,
  importId: string,
  confirmRemoval = false,
): Promise<CommitResult> {
  const file = await db
    .prepare(
      'SELECT file_name, content, mode, r2_key FROM staff_import_files WHERE id = ?1 AND staff_id = ?2 AND kind = ?3',
    )
    .bind(importId, staff.id, kind)
    .first<{
      file_name: string;
      content: ArrayBuffer | number[] | null;
      mode: ImportMode;
      r2_key: string | null;
    }>();
  if (!file)
    throw new ApiError(404, 'import_expired', '找不到这次检查过的文件（可能已导入或已过期），请重新上传。');
  const stored = file.r2_key ? await files.get(file.r2_key) : null;
  const bytes = stored
    ? new Uint8Array(await stored.arrayBuffer())
    : file.content instanceof ArrayBuffer
      ? new Uint8Array(file.content)
      : Uint8Array.from(file.content ?? []);
  if (bytes.length === 0) {
    throw new ApiError(404, 'import_expired', '找不到这次检查过的文件（可能已导入或已过期），请重新上传。');
  }
  const plan = await planImport(db, kind, { name: file.file_name, bytes }, file.mode);
  if (plan.report.errors.length > 0) {
    throw new ApiError(422, 'import_invalid', '文件中有错误，未导入任何数据。请修改后重新上传。');
  }
  if (plan.report.removed > 0 && !confirmRemoval) {
    throw new ApiError(
      400,
      'confirm_removal',
      `替换导入会删除 ${plan.report.removed} 条记录，请勾选确认后再导入。`,
      {
        fields: { confirmRemoval: '请勾选确认删除。' },
      },
    );
  }
  const writes = await plan.statements(db);
  const results = await db
    .batch([
      ...writes,
      auditEntry(db, {
        actor: staff.id,
        action: `import.${kind}`,
        entityType: 'import',
        entityId: plan.report.sha256,
        after: {
          fileName: plan.report.fileName,
          format: plan.report.format,
          rows: plan.report.rows,
          inserted: plan.report.inserted,
          updated: plan.report.updated,
          unchanged: plan.report.unchanged,
          mode: plan.report.mode,
          removed: plan.report.removed,
          removals: plan.report.removals,
        },
      }),
      db.prepare('DELETE FROM staff_import_files WHERE id = ?1').bind(importId),
    ])
    .catch((error: unknown) => refuseFailedRow(db, plan, error));
  if (file.r2_key) await files.delete(file.r2_key);
  const written = results.slice(0, writes.length).reduce((sum, r) => sum + r.meta.changes, 0);
  return { report: plan.report, written };
}

/**
 * A commit the database refused (a constraint the row checks do not know about): a 422 naming the
 * spreadsheet row, found by replaying growing prefixes that are always rolled back. Other failures
 * (transient, our own triggers) are rethrown as they are.
 */
async function refuseFailedRow(db: D1Database, plan: ImportPlan, error: unknown): Promise<never> {
  const failure = classifyD1Error(error);
  if (failure.kind !== 'check' && failure.kind !== 'unique' && failure.kind !== 'foreign_key') throw error;
  const index = await locateFailingUnit(db, plan.writtenRows.length, (count) =>
    plan.statementsForFirst(db, count),
  );
  const row = index === null ? undefined : plan.writtenRows[index];
  const why =
    failure.kind === 'unique'
      ? '与已有记录重复'
      : failure.kind === 'foreign_key'
        ? '引用了不存在的记录'
        : '不符合数据规则';
  throw new ApiError(
    422,
    'import_row_refused',
    row === undefined
      ? `数据库拒绝了这次导入（${why}），未导入任何数据。`
      : `第 ${row} 行${why}，数据库拒绝了这次导入，未导入任何数据。请修改该行后重新上传。`,
    row === undefined ? {} : { fields: { [`row.${row}`]: `第 ${row} 行${why}。` } },
  );
}
