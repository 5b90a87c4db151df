/**
 * Rows collected per table and rendered as multi-row INSERT statements with literal values.
 */

export type SqlValue = string | number | null;

/** A SQL literal: strings single-quoted with quotes doubled, finite numbers as written, NULL. */
export function sqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
}

export class Table {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: SqlValue[][] = [];

  constructor(name: string, columns: readonly string[]) {
    this.name = name;
    this.columns = columns;
  }

  add(row: SqlValue[]): void {
    if (row.length !== this.columns.length) {
      throw new RangeError(`${this.name}: expected ${this.columns.length} values, got ${row.length}`);
    }
    this.rows.push(row);
  }

  get count(): number {
    return this.rows.length;
  }

  /** INSERT statements of at most maxRows rows and about maxChars characters each. */
  statements(maxRows = 200, maxChars = 90_000): string[] {
    const head = `INSERT INTO ${this.name} (${this.columns.join(', ')}) VALUES\n`;
    const out: string[] = [];
    let tuples: string[] = [];
    let size = head.length;
    for (const row of this.rows) {
      const tuple = `(${row.map(sqlLiteral).join(', ')})`;
      if (tuples.length > 0 && (tuples.length >= maxRows || size + tuple.length + 2 > maxChars)) {
        out.push(`${head}${tuples.join(',\n')};`);
        tuples = [];
        size = head.length;
      }
      tuples.push(tuple);
      size += tuple.length + 2;
    }
    if (tuples.length > 0) out.push(`${head}${tuples.join(',\n')};`);
    return out;
  }
}
