import { sha256Hex } from '../../lib/crypto.ts';
import { type ImportKindHandler, type Planned, sameRow } from './handler.ts';
import { activities } from './kinds/activities.ts';
import { roster } from './kinds/roster.ts';
import { suggestions } from './kinds/suggestions.ts';
import {
  type ActivityRow,
  type ImportKind,
  type ImportReport,
  informationalHeaders,
  type RosterRow,
  type SuggestionRow,
} from './schema.ts';
import { FileProblem, parseRows, readUploadedSheet } from './table.ts';

/**
 * Imports are planned, then written: the plan (the dry run) reads the file, validates every row,
 * checks references against the database and compares each row with what is stored; the write is
 * one db.batch of upserts keyed by the natural keys, whose DO UPDATE only fires when something
 * differs, so importing the same file twice changes nothing the second time.
 */

type AnyHandler =
  ImportKindHandler<RosterRow> | ImportKindHandler<ActivityRow> | ImportKindHandler<SuggestionRow>;

export const handlers = { roster, activities, suggestions } satisfies Record<ImportKind, AnyHandler>;

export interface ImportPlan {
  report: ImportReport;
  statements: (db: D1Database) => Promise<D1PreparedStatement[]>;
}

/** Row errors are listed in full up to this many; the count is always exact. */
export const MAX_LISTED_ERRORS = 1000;

async function planWith<Row extends Record<string, unknown>>(
  db: D1Database,
  kind: ImportKind,
  handler: ImportKindHandler<Row>,
  file: { name: string; bytes: Uint8Array },
): Promise<ImportPlan> {
  const sha256 = await sha256Hex(file.bytes);
  const base = { kind, fileName: file.name, sha256, inserted: 0, updated: 0, unchanged: 0 };
  let sheet;
  try {
    sheet = await readUploadedSheet(file.bytes);
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    return {
      report: {
        ...base,
        format: 'csv',
        rows: 0,
        errors: [{ row: 0, column: '文件', message: error.message }],
        ignoredColumns: [],
      },
      statements: () => Promise.resolve([]),
    };
  }
  let parsed;
  try {
    parsed = parseRows(sheet, handler.columns, handler.schema, informationalHeaders[kind]);
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    return {
      report: {
        ...base,
        format: sheet.format,
        rows: 0,
        errors: [{ row: 0, column: '文件', message: error.message }],
        ignoredColumns: [],
      },
      statements: () => Promise.resolve([]),
    };
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
    return {
      row: entry.row,
      key,
      value,
      change: !before ? 'insert' : sameRow(value, before) ? 'unchanged' : 'update',
    };
  });
  errors.sort((a, b) => a.row - b.row);
  const report: ImportReport = {
    ...base,
    format: sheet.format,
    rows: parsed.rows.length + new Set(parsed.errors.map((e) => e.row)).size,
    errors,
    ignoredColumns: parsed.ignoredColumns,
    inserted: planned.filter((p) => p.change === 'insert').length,
    updated: planned.filter((p) => p.change === 'update').length,
    unchanged: planned.filter((p) => p.change === 'unchanged').length,
  };
  const toWrite = planned.filter((p) => p.change !== 'unchanged');
  return { report, statements: (database) => handler.write(database, toWrite, stored) };
}

/** The dry run: every problem in the file, and what a commit would change. Writes nothing. */
export function planImport(
  db: D1Database,
  kind: ImportKind,
  file: { name: string; bytes: Uint8Array },
): Promise<ImportPlan> {
  switch (kind) {
    case 'roster':
      return planWith(db, kind, handlers.roster, file);
    case 'activities':
      return planWith(db, kind, handlers.activities, file);
    case 'suggestions':
      return planWith(db, kind, handlers.suggestions, file);
  }
}
