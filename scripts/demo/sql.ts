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

/** UTF-8 length in bytes (D1 limits a statement to 100,000 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
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

  /** INSERT statements of at most maxRows rows and maxBytes bytes (UTF-8) each. */
  statements(maxRows = 200, maxBytes = 90_000): string[] {
    const head = `INSERT INTO ${this.name} (${this.columns.join(', ')}) VALUES\n`;
    const out: string[] = [];
    let tuples: string[] = [];
    let size = head.length;
    for (const row of this.rows) {
      const tuple = `(${row.map(sqlLiteral).join(', ')})`;
      const bytes = utf8Length(tuple) + 2;
      if (tuples.length > 0 && (tuples.length >= maxRows || size + bytes > maxBytes)) {
        out.push(`${head}${tuples.join(',\n')};`);
        tuples = [];
        size = head.length;
      }
      tuples.push(tuple);
      size += bytes;
    }
    if (tuples.length > 0) out.push(`${head}${tuples.join(',\n')};`);
    return out;
  }
}
