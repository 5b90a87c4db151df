import type { z } from 'zod';
import type { CellValue } from '../../lib/xlsx.ts';
import type { Columns, RowError } from './schema.ts';

/**
 * What every import kind (roster, activities, suggestions ledger) provides to the planner and the
 * export, and the helpers they share.
 */

/** JSON handed to SQLite per statement; rows are chunked to stay well inside D1's limits. */
const CHUNK_BYTES = 400_000;

export function chunks(rows: readonly unknown[]): string[] {
  const out: string[] = [];
  let current: unknown[] = [];
  let size = 2;
  for (const row of rows) {
    const length = JSON.stringify(row).length + 1;
    if (current.length > 0 && size + length > CHUNK_BYTES) {
      out.push(JSON.stringify(current));
      current = [];
      size = 2;
    }
    current.push(row);
    size += length;
  }
  if (current.length > 0) out.push(JSON.stringify(current));
  return out;
}

/**
 * The stored records a file's rows name, by natural key: `read` runs the kind's named statement
 * over the records whose keys are in one chunk (a JSON array bound as ?1); chunks keep each
 * statement inside D1's limits.
 */
export async function storedByKey<DbRow, Row>(
  keys: readonly unknown[],
  read: (chunk: string) => Promise<D1Result<DbRow>>,
  toRow: (row: DbRow) => Row,
  keyOf: (row: Row) => string,
): Promise<Map<string, Row>> {
  const map = new Map<string, Row>();
  for (const chunk of chunks(keys)) {
    const { results } = await read(chunk);
    for (const r of results) {
      const row = toRow(r);
      map.set(keyOf(row), row);
    }
  }
  return map;
}

/** Values that are not in the given table's id column. */
export async function missingIds(
  db: D1Database,
  table: string,
  column: string,
  ids: Iterable<string>,
): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const { results } = await db
    .prepare(`SELECT value FROM json_each(?1) WHERE value NOT IN (SELECT ${column} FROM ${table})`)
    .bind(JSON.stringify(unique))
    .all<{ value: string }>();
  return new Set(results.map((r) => r.value));
}

export function sameRow(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface Planned<Row> {
  row: number;
  value: Row;
  key: string;
  change: 'insert' | 'update' | 'unchanged';
}

export interface ExportOptions {
  /** Activities only: one calendar year, so a busy list stays small enough to re-import. */
  year?: number | undefined;
}

/**
 * The "replace" mode of a kind: the file stands for whole scopes (e.g. years), and stored records of
 * those scopes that the file no longer has are removed, after an explicit confirmation.
 */
export interface ReplaceScope<Row> {
  /** The scope of a row, e.g. its year. */
  scopeOf(row: Row): string;
  describe(scopes: readonly string[]): string;
  /** The stored records of these scopes, by natural key. */
  storedInScopes(db: D1Database, scopes: readonly string[]): Promise<Map<string, Row>>;
  remove(db: D1Database, rows: Row[]): D1PreparedStatement[];
}

export interface ImportKindHandler<Row extends Record<string, unknown>> {
  replace?: ReplaceScope<Row>;
  columns: Columns<Row>;
  schema: z.ZodType<Row>;
  naturalKey(row: Row): string;
  describeKey(row: Row): string;
  /** Row errors for references the database does not know. */
  checkReferences(db: D1Database, rows: Array<{ row: number; value: Row }>): Promise<RowError[]>;
  /** The stored rows with these natural keys, in row shape (what an export would show). */
  existing(db: D1Database, rows: Row[]): Promise<Map<string, Row>>;
  /** What will be written for a file row given the stored one (e.g. keeping parts left blank). */
  effective(row: Row, stored: Row | undefined): Row;
  /**
   * Messages (column, message) for a row whose effective value, with the stored parts it keeps,
   * breaks a rule the file's row alone could not show (a blank rating that keeps a stored 不满意).
   */
  checkEffective?(value: Row, stored: Row | undefined): Array<{ column: string; message: string }>;
  write(
    db: D1Database,
    planned: Array<Planned<Row>>,
    stored: Map<string, Row>,
  ): Promise<D1PreparedStatement[]>;
  exportRows(
    db: D1Database,
    options: ExportOptions,
  ): Promise<Array<{ value: Row; extra: Record<string, CellValue> }>>;
}

/** Row errors for rows naming a deputy the roster does not have (lists kept per deputy). */
export async function unknownDeputies(
  db: D1Database,
  rows: Array<{ row: number; value: { deputyId: string } }>,
): Promise<RowError[]> {
  const missing = await missingIds(
    db,
    'deputies',
    'id',
    rows.map((r) => r.value.deputyId),
  );
  return rows
    .filter((r) => missing.has(r.value.deputyId))
    .map((r) => ({
      row: r.row,
      column: '代表编号',
      message: `系统中没有代表“${r.value.deputyId}”，请先导入代表名册。`,
    }));
}
