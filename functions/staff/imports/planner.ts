import { sha256Hex } from '../../lib/crypto.ts';
import { type ImportKindHandler, type Planned, sameRow } from './handler.ts';
import { activities } from './kinds/activities.ts';
import { roster } from './kinds/roster.ts';
import { suggestions } from './kinds/suggestions.ts';
import { dutyReports } from './kinds/duty-reports.ts';
import { receptionDays } from './kinds/reception-days.ts';
import {
  type ActivityRow,
  type DutyReportImportRow,
  type FieldChange,
  type ImportKind,
  importKindLabels,
  type ImportMode,
  type ImportReport,
  informationalHeaders,
  type ReceptionDayImportRow,
  type RosterRow,
  type SuggestionRow,
} from './schema.ts';
import { exportCell, FileProblem, parseRows, readUploadedSheet } from './table.ts';

/**
 * Imports are planned, then written: the plan (the dry run) reads the file, validates every row,
 * checks references against the database and compares each row with what is stored; the write is
 * one db.batch of upserts keyed by the natural keys, whose DO UPDATE only fires when something
 * differs, so importing the same file twice changes nothing the second time.
 */

type AnyHandler =
  | ImportKindHandler<RosterRow>
  | ImportKindHandler<ActivityRow>
  | ImportKindHandler<SuggestionRow>
  | ImportKindHandler<ReceptionDayImportRow>
  | ImportKindHandler<DutyReportImportRow>;

export const handlers = {
  roster,
  activities,
  suggestions,
  reception_days: receptionDays,
  duty_reports: dutyReports,
} satisfies Record<ImportKind, AnyHandler>;

export interface ImportPlan {
  report: ImportReport;
  statements: (db: D1Database) => Promise<D1PreparedStatement[]>;
  /** The spreadsheet row number of each written row, in write order (to name a failing row). */
  writtenRows: number[];
  /** The statements of the first `count` written rows only. */
  statementsForFirst: (db: D1Database, count: number) => Promise<D1PreparedStatement[]>;
}

/** Row errors are listed in full up to this many; the count is always exact. */
export const MAX_LISTED_ERRORS = 1000;

/** Field-by-field differences listed in a dry run (all are counted). */
export const MAX_LISTED_CHANGES = 500;

/** What changes in one row, each field as the spreadsheet shows it. */
function fieldChanges<Row extends Record<string, unknown>>(
  handler: ImportKindHandler<Row>,
  before: Row,
  after: Row,
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const key of Object.keys(handler.columns) as Array<keyof Row & string>) {
    if (sameRow(before[key], after[key])) continue;
    const info = handler.columns[key];
    const show = (v: unknown): string => {
      const cell = exportCell(v, info);
      return cell === null || cell === ''
        ? '（空）'
        : typeof cell === 'boolean'
          ? cell
            ? '是'
            : '否'
          : String(cell);
    };
    out.push({ column: info.header, before: show(before[key]), after: show(after[key]) });
  }
  return out;
}

/** A file that could not be read as a table at all: one problem, nothing to write. */
function unreadableFile(
  base: Omit<ImportReport, 'rows' | 'errors' | 'ignoredColumns'>,
  problem: FileProblem,
): ImportPlan {
  return {
    report: {
      ...base,
      rows: 0,
      errors: [{ row: 0, column: '文件', message: problem.message }],
      ignoredColumns: [],
    },
    statements: () => Promise.resolve([]),
    writtenRows: [],
    statementsForFirst: () => Promise.resolve([]),
  };
}

async function planWith<Row extends Record<string, unknown>>(
  db: D1Database,
  kind: ImportKind,
  handler: ImportKindHandler<Row>,
  file: { name: string; bytes: Uint8Array },
  mode: ImportMode,
): Promise<ImportPlan> {
  const sha256 = await sha256Hex(file.bytes);
  const base = {
    kind,
    mode,
    fileName: file.name,
    sha256,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    changes: [],
    removals: [],
    removed: 0,
    scope: null,
    sheet: null,
  };
  let sheet;
  try {
    sheet = await readUploadedSheet(file.bytes);
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    return unreadableFile({ ...base, format: 'csv' }, error);
  }
  let parsed;
  try {
    parsed = parseRows(sheet, handler.columns, handler.schema, informationalHeaders[kind]);
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    return unreadableFile({ ...base, format: sheet.format }, error);
  }
  const errors = [...parsed.errors];
  // The same record twice in one file: the later row is an error (which one wins would be a guess).
  const firstRow = new Map<string, number>();
  const unique: Array<{ row: number; value: Row }> = [];
  for (const entry of parsed.rows) {
    const key = handler.naturalKey(entry.value);
    const first = firstRow.get(key);
    if (first !== undefined) {
      errors.push({
        row: entry.row,
        column: '整行',
        message: `与第 ${first} 行重复（${handler.describeKey(entry.value)}）。`,
      });
      continue;
    }
    firstRow.set(key, entry.row);
    unique.push(entry);
  }
  errors.push(...(await handler.checkReferences(db, unique)));
  const stored = await handler.existing(
    db,
    unique.map((u) => u.value),
  );
  const planned: Array<Planned<Row>> = unique.map((entry) => {
    const key = handler.naturalKey(entry.value);
    const before = stored.get(key);
    const value = handler.effective(entry.value, before);
    // What would be written, stored parts included, is checked too: the dry run must say what the
    // publish would refuse or store differently.
    for (const problem of handler.checkEffective?.(value, before) ?? [])
      errors.push({ row: entry.row, ...problem });
    return {
      row: entry.row,
      key,
      value,
      change: !before ? 'insert' : sameRow(value, before) ? 'unchanged' : 'update',
    };
  });
  // Replace mode: what the file's scopes hold that the file no longer has.
  let removals: Row[] = [];
  let scope: string | null = null;
  if (mode === 'replace') {
    if (!handler.replace) {
      errors.push({
        row: 0,
        column: '文件',
        message: `${importKindLabels[kind]}不支持“替换”方式，请选择“新增和更新”。`,
      });
    } else if (unique.length > 0) {
      const scopes = [...new Set(unique.map((u) => handler.replace?.scopeOf(u.value) ?? ''))].sort();
      scope = handler.replace.describe(scopes);
      const inScope = await handler.replace.storedInScopes(db, scopes);
      removals = [...inScope.entries()].filter(([key]) => !firstRow.has(key)).map(([, row]) => row);
    }
  }
  errors.sort((a, b) => a.row - b.row);
  const changes = planned
    .filter((p) => p.change === 'update')
    .slice(0, MAX_LISTED_CHANGES)
    .map((p) => {
      const before = stored.get(p.key);
      return {
        row: p.row,
        record: handler.describeKey(p.value),
        fields: before ? fieldChanges(handler, before, p.value) : [],
      };
    });
  const report: ImportReport = {
    ...base,
    sheet: sheet.sheet,
    changes,
    removals: removals.slice(0, MAX_LISTED_CHANGES).map((r) => handler.describeKey(r)),
    removed: removals.length,
    scope,
    format: sheet.format,
    rows: parsed.rows.length + new Set(parsed.errors.map((e) => e.row)).size,
    errors,
    ignoredColumns: parsed.ignoredColumns,
    inserted: planned.filter((p) => p.change === 'insert').length,
    updated: planned.filter((p) => p.change === 'update').length,
    unchanged: planned.filter((p) => p.change === 'unchanged').length,
  };
  const toWrite = planned.filter((p) => p.change !== 'unchanged');
  return {
    report,
    statements: async (database) => [
      ...(handler.replace && removals.length > 0 ? handler.replace.remove(database, removals) : []),
      ...(await handler.write(database, toWrite, stored)),
    ],
    writtenRows: toWrite.map((p) => p.row),
    statementsForFirst: async (database, count) => [
      ...(handler.replace && removals.length > 0 ? handler.replace.remove(database, removals) : []),
      ...(await handler.write(database, toWrite.slice(0, count), stored)),
    ],
  };
}

/** The dry run: every problem in the file, and what a commit would change. Writes nothing. */
export function planImport(
  db: D1Database,
  kind: ImportKind,
  file: { name: string; bytes: Uint8Array },
  mode: ImportMode = 'merge',
): Promise<ImportPlan> {
  switch (kind) {
    case 'roster':
      return planWith(db, kind, handlers.roster, file, mode);
    case 'activities':
      return planWith(db, kind, handlers.activities, file, mode);
    case 'suggestions':
      return planWith(db, kind, handlers.suggestions, file, mode);
    case 'reception_days':
      return planWith(db, kind, handlers.reception_days, file, mode);
    case 'duty_reports':
      return planWith(db, kind, handlers.duty_reports, file, mode);
  }
}
