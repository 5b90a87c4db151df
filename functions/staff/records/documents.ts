import type { Context } from 'hono';
import { z } from 'zod';
import { draftChange } from '../../changes/actions.ts';
import { checkDocument } from '../../changes/documents.ts';
import { sha256Hex } from '../../lib/crypto.ts';
import { findOpenChange, readLiveRecord } from '../../changes/queries.ts';
import { entityRule } from '../../changes/rules.ts';
import { ApiError } from '../../lib/errors.ts';
import type { StaffEnv } from '../env.ts';
import type { Html } from '../layout.tsx';
import { DutyReportDocument } from './views.tsx';

export const DocumentForm = z.looseObject({
  _base: z.coerce.number().int().min(1),
  _replacing: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).optional()),
  document: z.instanceof(File, { error: '请选择要上传的原件（PDF 或 Word .docx）。' }),
});
export type DocumentForm = z.infer<typeof DocumentForm>;

/** Below a duty report's form: its published original, one waiting to be published, and the upload. */
export async function dutyReportExtras(
  c: Context<StaffEnv>,
  id: string,
  errors: Record<string, string> = {},
): Promise<Html> {
  const rule = entityRule('duty_report');
  const live = rule ? await readLiveRecord(c.env.DB, rule, id) : null;
  const open = await findOpenChange(c.env.DB, 'duty_report', id);
  return DutyReportDocument({
    token: c.get('csrfToken'),
    id,
    publishedName: live?.values.document_name,
    publishedBytes: live?.values.document_bytes,
    pendingName: open?.after?.document_name,
    baseVersion: live?.version ?? null,
    open,
    error: errors.document,
  });
}

/**
 * Stores a checked original in R2 under a content address and drafts the report's document fields.
 * Nothing is stored when the check fails; the object is removed again if the draft is refused.
 */
export async function uploadReportDocument(
  c: Context<StaffEnv>,
  id: string,
  form: DocumentForm,
): Promise<void> {
  const file = form.document;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const check = checkDocument(file.name, bytes);
  if (!check.ok) {
    throw new ApiError(400, 'validation_failed', '上传的文件未通过检查。', {
      fields: { document: check.message },
    });
  }
  const key = `reports/${id}/${await sha256Hex(bytes)}.${check.extension}`;
  // The name is shown and sent back in Content-Disposition: no path separators or control characters.
  const cleaned = Array.from(file.name)
    .filter((ch) => ch.charCodeAt(0) >= 32 && ch !== '/' && ch !== '\\')
    .join('');
  const name = cleaned.slice(-200) || `report.${check.extension}`;
  await c.env.FILES.put(key, bytes, {
    httpMetadata: { contentType: check.type },
    customMetadata: { report: id, name },
  });
  try {
    await draftChange(c.env.DB, c.get('staff'), {
      entityType: 'duty_report',
      entityId: id,
      action: 'update',
      values: {
        document_key: key,
        document_name: name,
        document_type: check.type,
        document_bytes: bytes.length,
      },
      baseVersion: form._base,
      replacing: form._replacing ?? null,
      reason: '上传报告原件',
      reference: '',
    });
  } catch (error) {
    // The same file may already be published under this key: only remove an object nobody names.
    const named = await c.env.DB.prepare('SELECT 1 AS n FROM duty_reports WHERE document_key = ?1')
      .bind(key)
      .first();
    if (!named) await c.env.FILES.delete(key);
    throw error;
  }
}
