/**
 * CSV as the office's spreadsheets save it (RFC 4180): quoted fields, doubled quotes, CRLF or LF,
 * line breaks inside quotes, an optional UTF-8 byte-order mark. Strict: a stray or unclosed quote
 * is an error with its line number rather than a silently shifted row.
 */

export class CsvError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.name = 'CsvError';
    this.line = line;
  }
}

/** Rows of fields; blank lines are kept as [''] so row numbers match what the editor shows. */
export function parseCsv(text: string): string[][] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let i = 0;
  const n = source.length;
  // Whether the current field began with a quote and we are inside it.
  let quoted = false;
  let fieldStarted = false;

  const endField = (): void => {
    row.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRow = (): void => {
    endField();
    rows.push(row);
    row = [];
  };

  while (i < n) {
    const ch = source[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        const next = source[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvError(line, '引号后面只能是逗号或换行。');
        }
        continue;
      }
      if (ch === '\n') line += 1;
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (fieldStarted) throw new CsvError(line, '未加引号的字段中出现了引号，请把整个字段用双引号括起来。');
      quoted = true;
      fieldStarted = true;
      i += 1;
      continue;
    }
    if (ch === ',') {
      endField();
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && source[i + 1] === '\n' ? 2 : 1;
      line += 1;
      continue;
    }
    field += ch;
    fieldStarted = true;
    i += 1;
  }
  if (quoted) throw new CsvError(line, '引号没有闭合。');
  // A final line break does not start another row.
  if (fieldStarted || row.length > 0) endRow();
  return rows;
}

/**
 * Text of an uploaded CSV. UTF-8 (with or without BOM) is expected; Excel on Chinese Windows saves
 * "CSV" in GB18030, so that is tried next where the runtime can decode it.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Not UTF-8: fall through.
  }
  try {
    return new TextDecoder('gb18030', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CsvError(1, '无法识别文件编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”。');
  }
}

// A cell that starts with one of these would run as a formula when the CSV is opened in Excel;
// apostrophes before them are counted too, so the guard can always be taken off again.
const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED_FORMULA = /^'+[=+\-@\t\r]/;

/** Excel must not run exported text as a formula: such cells get a leading apostrophe. */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse of neutralizeFormula, so an exported file imports back unchanged. */
export function restoreFormulaGuard(value: string): string {
  return GUARDED_FORMULA.test(value) ? value.slice(1) : value;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a UTF-8 BOM (so Excel picks the right encoding) and CRLF line ends. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  if (rows.length === 0) return '\uFEFF';
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
