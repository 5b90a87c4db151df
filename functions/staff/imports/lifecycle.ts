import type { PublishOutcome } from '../../changes/actions.ts';
import { listReadyChanges } from '../../changes/queries.ts';
import { ApiError } from '../../lib/errors.ts';
import { can, type StaffUser } from '../auth/schema.ts';
import { type ImportPlan, planImport } from './planner.ts';
import {
  claimImportStatement,
  confirmImportStatement,
  findCheckedImport,
  findImport,
  guardedImportAudit,
  holdImportStatement,
  importChangeLogStatement,
  type ListedChange,
  listReadyImports,
  type StoredImport,
  submitStatement,
  withdrawImportStatement,
} from './queries.ts';
import { type ImportKind, importKindLabels, type ImportReport } from './schema.ts';
import { readStoredFile, refusedRow, rowRefusedError } from './storage.ts';

/**
 * Imports follow the official-change lifecycle: a checked file is submitted (not written), confirmed
 * by a second person where its kind carries official figures, and applied by a publish in that
 * publish's one batch, planned again against the database as it is then, with its audit entry and a
 * public change-log row. A withdrawn import is deleted with its file.
 */

/**
 * Kinds whose files carry official figures, so a second person confirms them (the same rule as
 * the console's: functions/changes/rules.ts confirmFields), also a CHECK in migrations 0023/0024:
 * the roster carries each deputy's status (serving, resigned, removed…); the suggestions ledger the
 * result classes (A/B/C) and the deputies' satisfaction; duty reports the voters' evaluation counts;
 * duty activities the days that decide the yearly floor and an assessment's warnings.
 * Reception days carry no official figure: they wait only for a publish.
 */
export const KINDS_NEEDING_CONFIRMATION: ReadonlySet<ImportKind> = new Set<ImportKind>([
  'roster',
  'suggestions',
  'duty_reports',
  'activities',
]);

/** Why a kind needs a second person, in the words the console shows. */
export const confirmationReasons: Record<ImportKind, string | null> = {
  roster: '代表名册含代表状态（在任、辞职、罢免等），属正式数据',
  suggestions: '建议办理台账含办理结果（A/B/C 类）和代表满意度，属正式数据',
  duty_reports: '履职报告含选民评议票数，属正式数据',
  activities: '履职活动台账含履职天数（关系年度履职天数要求和履职评价），属正式数据',
  reception_days: null,
};

/** The record types of the console's lifecycle an import kind writes. */
const entityTypesOf: Record<ImportKind, readonly string[]> = {
  roster: ['deputy'],
  suggestions: ['suggestion', 'suggestion_reply', 'suggestion_rating', 'commitment'],
  duty_reports: ['duty_report'],
  reception_days: ['reception_day'],
  // Console corrections of single activities (functions/changes/rules.ts duty_activity).
  activities: ['duty_activity'],
};

/** The order a publish applies kinds in: the roster first, since the others name its deputies. */
const publishOrder: readonly ImportKind[] = [
  'roster',
  'suggestions',
  'duty_reports',
  'activities',
  'reception_days',
];

const NOT_FOUND_MESSAGE = '找不到这次检查过的文件（可能已提交、已导入或已过期），请重新上传。';

/** Changes listed with a submitted import on the publish page: a few, values shortened. */
const LISTED_CHANGES = 20;
const LISTED_VALUE_CHARS = 120;

function shorten(text: string): string {
  return text.length > LISTED_VALUE_CHARS ? `${text.slice(0, LISTED_VALUE_CHARS)}…` : text;
}

function listedChanges(report: ImportReport): ListedChange[] {
  return report.changes.slice(0, LISTED_CHANGES).map((c) => ({
    row: c.row,
    record: c.record,
    fields: c.fields.map((f) => ({ column: f.column, before: shorten(f.before), after: shorten(f.after) })),
  }));
}

async function planStored(db: D1Database, files: R2Bucket, file: StoredImport): Promise<ImportPlan | null> {
  const bytes = await readStoredFile(db, files, file);
  if (bytes.length === 0) return null;
  return planImport(db, file.kind, { name: file.fileName, bytes }, file.mode);
}

export interface SubmitResult {
  report: ImportReport;
  importId: string;
  needsConfirmation: boolean;
}

/**
 * The console's "commit": the stored file is planned again (the database may have changed since
 * the dry run), tried in a batch that is always rolled back (so a row the database refuses is named
 * now), and, only if it is still free of errors, submitted. Nothing is written to the live tables.
 */
export async function submitImport(
  db: D1Database,
  files: R2Bucket,
  staff: StaffUser,
  kind: ImportKind,
  importId: string,
  confirmRemoval = false,
): Promise<SubmitResult> {
  const file = await findCheckedImport(db, importId, staff.id, kind);
  if (!file) throw new ApiError(404, 'import_expired', NOT_FOUND_MESSAGE);
  const plan = await planStored(db, files, file);
  if (!plan) throw new ApiError(404, 'import_expired', NOT_FOUND_MESSAGE);
  const { report } = plan;
  if (report.errors.length > 0) {
    throw new ApiError(422, 'import_invalid', '文件中有错误，未导入任何数据。请修改后重新上传。');
  }
  if (report.removed > 0 && !confirmRemoval) {
    throw new ApiError(
      400,
      'confirm_removal',
      `替换导入会删除 ${report.removed} 条记录，请勾选确认后再导入。`,
      { fields: { confirmRemoval: '请勾选确认删除。' } },
    );
  }
  const refusal = await refusedRow(db, plan);
  if (refusal) throw rowRefusedError(refusal);
  const needsConfirmation = KINDS_NEEDING_CONFIRMATION.has(kind);
  try {
    await db.batch([
      submitStatement(db, importId, staff.id, {
        needsConfirmation,
        inserted: report.inserted,
        updated: report.updated,
        removed: report.removed,
        unchanged: report.unchanged,
        changes: listedChanges(report),
      }),
      guardedImportAudit(db, {
        actor: staff.id,
        action: 'import.submit',
        sha256: report.sha256,
        after: {
          kind,
          fileName: report.fileName,
          mode: report.mode,
          inserted: report.inserted,
          updated: report.updated,
          removed: report.removed,
          needsConfirmation,
        },
      }),
    ]);
  } catch (error) {
    throw guardFailure(error, new ApiError(404, 'import_expired', NOT_FOUND_MESSAGE));
  }
  return { report, importId, needsConfirmation };
}

/** A lost race (the guarded audit entry's NOT NULL) as the given answer; anything else unchanged. */
function guardFailure(error: unknown, answer: ApiError): unknown {
  const message = error instanceof Error ? error.message : '';
  return /NOT NULL constraint failed: audit_log\.actor/.test(message) ? answer : error;
}

const MOVED_ON = '这次导入已确认、已发布或已撤回，请刷新页面。';

/** A second person confirms a submitted import of a kind that needs it. The submitter never can. */
export async function confirmImport(db: D1Database, staff: StaffUser, id: string): Promise<StoredImport> {
  if (!can(staff, 'records.confirm') || !can(staff, 'records.import')) {
    throw new ApiError(403, 'forbidden', '您的角色不能确认导入。');
  }
  const file = await findImport(db, id);
  if (!file || file.state === 'checked') throw new ApiError(404, 'not_found', '没有找到这次导入。');
  if (file.submittedBy === staff.id) {
    throw new ApiError(403, 'same_person', '不能确认自己提交的导入，请由另一位工作人员核对确认。');
  }
  if (file.state !== 'submitted' || !file.needsConfirmation) throw new ApiError(409, 'conflict', MOVED_ON);
  try {
    await db.batch([
      confirmImportStatement(db, id, staff.id),
      guardedImportAudit(db, {
        actor: staff.id,
        action: 'import.confirm',
        sha256: file.sha256,
        after: { kind: file.kind, fileName: file.fileName, submittedBy: file.submittedBy },
      }),
    ]);
  } catch (error) {
    throw guardFailure(error, new ApiError(409, 'conflict', MOVED_ON));
  }
  return { ...file, state: 'confirmed', confirmedBy: staff.id };
}

/** Withdraws a submitted (or confirmed) import: its row and its stored file are deleted. */
export async function withdrawImport(
  db: D1Database,
  files: R2Bucket,
  staff: StaffUser,
  id: string,
): Promise<void> {
  if (!can(staff, 'records.import')) throw new ApiError(403, 'forbidden', '您的角色不能撤回导入。');
  const file = await findImport(db, id);
  if (!file || file.state === 'checked') throw new ApiError(404, 'not_found', '没有找到这次导入。');
  try {
    await db.batch([
      withdrawImportStatement(db, id),
      guardedImportAudit(db, {
        actor: staff.id,
        action: 'import.withdraw',
        sha256: file.sha256,
        after: { kind: file.kind, fileName: file.fileName, submittedBy: file.submittedBy },
      }),
    ]);
  } catch (error) {
    throw guardFailure(error, new ApiError(409, 'conflict', '这次导入已发布或已撤回，请刷新页面。'));
  }
  if (file.r2Key) await files.delete(file.r2Key);
}

/** A submitted import planned against the database as it is now (the publish page's detail link). */
export async function currentPlan(
  db: D1Database,
  files: R2Bucket,
  id: string,
): Promise<{ file: StoredImport; report: ImportReport | null }> {
  const file = await findImport(db, id);
  if (!file || file.state === 'checked') throw new ApiError(404, 'not_found', '没有找到这次导入。');
  const plan = await planStored(db, files, file);
  return { file, report: plan?.report ?? null };
}

// ---------------------------------------------------------------------------------------------
// Publishing

function countsText(report: Pick<ImportReport, 'inserted' | 'updated' | 'removed'>): string {
  return `新增 ${report.inserted} 条，更新 ${report.updated} 条，删除 ${report.removed} 条`;
}

/** Why a file that planned cleanly at submission no longer does, with its first problems. */
function problemsReason(report: ImportReport): string {
  const first = report.errors
    .slice(0, 3)
    .map((e) => (e.row === 0 ? e.message : `第 ${e.row} 行“${e.column}”：${e.message}`))
    .join('；');
  return `提交后系统中的数据有变化，按最新数据重新检查发现 ${report.errors.length} 个问题（${first}），本次发布未导入。请撤回后修改文件重新上传。`;
}

interface PreparedImports {
  statements: D1PreparedStatement[];
  applied: Array<{ file: StoredImport; plan: ImportPlan }>;
  held: Array<{ id: string; reason: string }>;
}

/**
 * The statements that apply every ready import in a publish's batch, each planned again against
 * the database as it is now. Per import: the claim (deleting the pending row, so it is applied
 * once), its audit entry guarded on the claim, its writes and its change-log row. Imports that no
 * longer plan cleanly are held, with the reason written in the same batch.
 */
async function prepareImports(
  db: D1Database,
  files: R2Bucket,
  staff: StaffUser,
  version: string,
  refused: ReadonlyMap<string, string>,
): Promise<PreparedImports> {
  const ready = await listReadyImports(db);
  if (ready.length === 0) return { statements: [], applied: [], held: [] };
  // Records a console change of this publish writes: an import planned before it could undo it.
  const busy = new Set((await listReadyChanges(db)).map((c) => c.entityType));
  const ordered = [...ready].sort((a, b) => publishOrder.indexOf(a.kind) - publishOrder.indexOf(b.kind));
  const out: PreparedImports = { statements: [], applied: [], held: [] };
  const kindsTaken = new Set<ImportKind>();
  for (const file of ordered) {
    const hold = (reason: string): void => {
      out.held.push({ id: file.id, reason });
      out.statements.push(holdImportStatement(db, file.id, reason));
    };
    const refusal = refused.get(file.id);
    if (refusal !== undefined) {
      hold(refusal);
      continue;
    }
    // Each file was planned against the database before the others of this publish are written;
    // a second file of the same kind (two replaces of one year, say) waits for the next publish.
    if (kindsTaken.has(file.kind)) {
      hold(
        `本次发布已导入另一份${importKindLabels[file.kind]}；这份将在下次发布时按最新数据重新检查后导入。`,
      );
      continue;
    }
    if (entityTypesOf[file.kind].some((t) => busy.has(t))) {
      hold(
        `本次发布同时发布了对${importKindLabels[file.kind]}所含记录的修改；这份导入将在下次发布时按最新数据重新检查后导入。`,
      );
      continue;
    }
    const plan = await planStored(db, files, file);
    if (!plan) {
      hold('找不到提交的文件，无法导入。请撤回后重新上传。');
      continue;
    }
    const { report } = plan;
    if (report.errors.length > 0) {
      hold(problemsReason(report));
      continue;
    }
    if (report.removed > file.removed) {
      hold(
        `按最新数据，替换导入将删除 ${report.removed} 条记录，多于提交时确认删除的 ${file.removed} 条，本次发布未导入。请撤回后重新检查。`,
      );
      continue;
    }
    kindsTaken.add(file.kind);
    out.applied.push({ file, plan });
    out.statements.push(
      claimImportStatement(db, file.id, file.sha256),
      guardedImportAudit(db, {
        actor: staff.id,
        action: `import.${file.kind}`,
        sha256: report.sha256,
        after: {
          fileName: report.fileName,
          format: report.format,
          rows: report.rows,
          inserted: report.inserted,
          updated: report.updated,
          unchanged: report.unchanged,
          mode: report.mode,
          removed: report.removed,
          removals: report.removals,
          submittedBy: file.submittedBy,
          confirmedBy: file.confirmedBy,
          publish: version,
        },
      }),
      ...(await plan.statements(db)),
      importChangeLogStatement(db, {
        sha256: report.sha256,
        kind: file.kind,
        counts: countsText(report),
        note: `${importKindLabels[file.kind]}批量导入（${report.mode === 'replace' ? `替换${report.scope ?? ''}` : '新增和更新'}）${file.confirmedBy ? '，经第二人核对确认' : ''}`,
        version,
        roleOf: file.confirmedBy ?? file.submittedBy,
      }),
    );
  }
  return out;
}

export interface ImportPublishOutcome {
  applied: Array<{
    id: string;
    kind: ImportKind;
    sha256: string;
    inserted: number;
    updated: number;
    removed: number;
  }>;
  held: Array<{ id: string; reason: string }>;
}

/** The lifecycle's publish, given the import statements to add to its one batch. */
export type PublishChanges = (
  db: D1Database,
  staff: StaffUser,
  input: { version: string; summary: string; auditCount: number; changeCount: number },
  extraStatements: readonly D1PreparedStatement[],
) => Promise<PublishOutcome>;

/** Refusals of the database that one import's writes can cause (functions/changes toConflict). */
const REFUSAL_CODES = new Set(['duplicate', 'invalid_reference', 'validation_failed']);

/**
 * A publish with the ready imports in its batch. Imports that no longer plan cleanly stay pending
 * with their reason and the rest goes ahead. When the batch fails: if another publish took an
 * import meanwhile (its claim found nothing), everything is read again once; if the database refused
 * an import's rows, that import is found by trying each alone (rolled back), held with the row
 * named, and the publish tried again without it.
 */
export async function publishWithImports(
  db: D1Database,
  files: R2Bucket,
  staff: StaffUser,
  input: { version: string; summary: string; auditCount: number; changeCount: number },
  publishChanges: PublishChanges,
): Promise<PublishOutcome & { imports: ImportPublishOutcome }> {
  const refused = new Map<string, string>();
  let retriedRace = false;
  for (;;) {
    const prepared = await prepareImports(db, files, staff, input.version, refused);
    try {
      const outcome = await publishChanges(db, staff, input, prepared.statements);
      const keys = prepared.applied.flatMap((a) => (a.file.r2Key ? [a.file.r2Key] : []));
      if (keys.length > 0) await files.delete(keys);
      return {
        ...outcome,
        imports: {
          applied: prepared.applied.map(({ file, plan }) => ({
            id: file.id,
            kind: file.kind,
            sha256: file.sha256,
            inserted: plan.report.inserted,
            updated: plan.report.updated,
            removed: plan.report.removed,
          })),
          held: prepared.held,
        },
      };
    } catch (error) {
      if (prepared.applied.length === 0 || !(error instanceof ApiError)) throw error;
      if (error.code === 'stale_version' && !retriedRace) {
        retriedRace = true;
        continue;
      }
      if (!REFUSAL_CODES.has(error.code)) throw error;
      let found = false;
      for (const { file, plan } of prepared.applied) {
        const refusal = await refusedRow(db, plan);
        if (refusal) {
          refused.set(file.id, refusal.message);
          found = true;
        }
      }
      if (!found) throw error;
    }
  }
}
