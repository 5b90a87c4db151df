import { ApiError } from '../../lib/errors.ts';
import { auditEntry } from '../audit/queries.ts';
import type { StaffUser } from '../auth/schema.ts';
import { planImport } from './planner.ts';
import type { ImportKind, ImportReport } from './schema.ts';
import { randomHex } from '../../lib/crypto.ts';

/** A checked file kept between the dry run and the commit, and the commit itself. */

/**
 * Keeps a file that passed its dry run until the staff member confirms (and sweeps day-old ones),
 * so the commit writes exactly the file that was checked.
 */
export async function storeCheckedFile(
  db: D1Database,
  staff: StaffUser,
  report: ImportReport,
  bytes: Uint8Array,
): Promise<string> {
  const id = randomHex(16);
  await db.batch([
    db.prepare(
      "DELETE FROM staff_import_files WHERE created_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 day')",
    ),
    db
      .prepare(
        `INSERT INTO staff_import_files (id, staff_id, kind, format, file_name, sha256, content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
      )
      .bind(
        id,
        staff.id,
        report.kind,
        report.format,
        report.fileName.slice(0, 200) || 'upload',
        report.sha256,
        bytes,
      ),
  ]);
  return id;
}

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
  staff: StaffUser,
  kind: ImportKind,
  importId: string,
): Promise<CommitResult> {
  const file = await db
    .prepare(
      'SELECT file_name, content FROM staff_import_files WHERE id = ?1 AND staff_id = ?2 AND kind = ?3',
    )
    .bind(importId, staff.id, kind)
    .first<{ file_name: string; content: ArrayBuffer | number[] }>();
  if (!file)
    throw new ApiError(404, 'import_expired', '找不到这次检查过的文件（可能已导入或已过期），请重新上传。');
  const bytes =
    file.content instanceof ArrayBuffer ? new Uint8Array(file.content) : Uint8Array.from(file.content);
  const plan = await planImport(db, kind, { name: file.file_name, bytes });
  if (plan.report.errors.length > 0) {
    throw new ApiError(422, 'import_invalid', '文件中有错误，未导入任何数据。请修改后重新上传。');
  }
  const writes = await plan.statements(db);
  const results = await db.batch([
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
      },
    }),
    db.prepare('DELETE FROM staff_import_files WHERE id = ?1').bind(importId),
  ]);
  const written = results.slice(0, writes.length).reduce((sum, r) => sum + r.meta.changes, 0);
  return { report: plan.report, written };
}
