/**
 * CSV of the open data, written with the project's one CSV writer (functions/lib/csv.ts): UTF-8
 * with a byte-order mark so Excel and WPS read Chinese correctly, CRLF line ends, RFC 4180
 * quoting, and text that a spreadsheet would run as a formula (= + - @, tab, carriage return)
 * prefixed with an apostrophe. Numbers stay numbers, so a negative number is not "neutralised".
 */
import { toCsv } from '../../../functions/lib/csv.ts';

export type CsvCell = string | number | boolean | null | undefined;

function cell(value: CsvCell): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return value;
}

/** A whole CSV file: header line, then one line per row. */
export function recordsCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines: (string | number | null)[][] = [[...header]];
  for (const row of rows) lines.push(row.map(cell));
  return toCsv(lines);
}
