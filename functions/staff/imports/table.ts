import type { z } from 'zod';
import { zhCN } from '../../lib/validation.ts';
import { CsvError, decodeCsvBytes, parseCsv, restoreFormulaGuard } from '../../lib/csv.ts';
import { type CellValue, excelSerialToDate, readXlsx, type SheetRow, XlsxError } from '../../lib/xlsx.ts';
import type { ColumnInfo, Columns, RowError } from './schema.ts';

/**
 * More rows than any office keeps in one list; beyond this the file is refused. The largest export
 * of the demo city (every year's duty activities, about 60,000 rows) must fit.
 */
export const MAX_IMPORT_ROWS = 100_000;

/** Upload size of an import (the suggestions ledger as CSV is over 2 MB). */
export const MAX_IMPORT_BYTES = 12_000_000;

export interface UploadedSheet {
  format: 'csv' | 'xlsx';
  /** The worksheet read (the first one) of an .xlsx; null for CSV. */
  sheet: string | null;
  rows: SheetRow[];
  date1904: boolean;
}

export class FileProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileProblem';
  }
}

/** Reads an uploaded CSV or XLSX (told apart by content, not by name). */
export async function readUploadedSheet(bytes: Uint8Array): Promise<UploadedSheet> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const isOldExcel = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (isOldExcel)
    throw new FileProblem('不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV UTF-8 后上传。');
  if (isZip) {
    try {
      // Reading stops one row past the limit (the header row is read too): no need to go on.
      const sheet = await readXlsx(bytes, { maxRows: MAX_IMPORT_ROWS + 1 });
      return { format: 'xlsx', sheet: sheet.name, rows: sheet.rows, date1904: sheet.date1904 };
    } catch (error) {
      if (error instanceof XlsxError) throw new FileProblem(error.message);
      throw error;
    }
  }
  try {
    const rows = parseCsv(decodeCsvBytes(bytes)).map((cells, index) => ({
      number: index + 1,
      cells: cells.map((cell): CellValue => restoreFormulaGuard(cell)),
    }));
    return { format: 'csv', sheet: null, rows, date1904: false };
  } catch (error) {
    if (error instanceof CsvError) throw new FileProblem(`CSV 第 ${error.line} 行：${error.message}`);
    throw error;
  }
}

function normalizeHeader(header: string): string {
  return header
    .replace(/\s+/g, '')
    .replace(/[（(].*?[）)]/g, '')
    .replace(/[*＊]$/, '');
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×']);

/** yyyy-m-d, yyyy/m/d, yyyy.m.d or yyyy年m月d日 → yyyy-mm-dd; anything else unchanged. */
function normalizeDateText(text: string): string {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (!match) return text;
  return `${match[1]}-${(match[2] as string).padStart(2, '0')}-${(match[3] as string).padStart(2, '0')}`;
}

/** A spreadsheet cell as the row schema expects it: blank → undefined, labels → values… */
export function prepareCell(value: CellValue, info: ColumnInfo, date1904: boolean): unknown {
  if (value === null) return undefined;
  let cell: string | number | boolean = value;
  if (typeof cell === 'string') {
    cell = cell.trim();
    if (cell === '') return undefined;
  }
  switch (info.type) {
    case 'text':
      return typeof cell === 'string' ? cell : typeof cell === 'number' ? String(cell) : cell ? '是' : '否';
    case 'number':
      if (typeof cell === 'string' && /^[-+]?\d+(\.\d+)?$/.test(cell)) return Number(cell);
      return cell;
    case 'date':
      if (typeof cell === 'number') return excelSerialToDate(cell, date1904) ?? String(cell);
      return typeof cell === 'string' ? normalizeDateText(cell) : cell;
    case 'bool':
      if (typeof cell === 'boolean') return cell;
      if (typeof cell === 'number') return cell === 1 ? true : cell === 0 ? false : cell;
      if (YES.has(cell.toLowerCase())) return true;
      if (NO.has(cell.toLowerCase())) return false;
      return cell;
    case 'enum': {
      const textValue = String(cell);
      const labels = info.labels ?? {};
      if (Object.hasOwn(labels, textValue)) return textValue;
      const byLabel = Object.entries(labels).find(([, label]) => label === textValue);
      if (byLabel) return byLabel[0];
      const alias = info.aliases?.[textValue];
      return alias ?? textValue;
    }
  }
}

/** A cell for export: enums as labels, booleans as 是/否, blanks empty. */
export function exportCell(value: unknown, info: ColumnInfo): CellValue {
  if (value === null || value === undefined) return null;
  if (info.type === 'bool') return value === true ? '是' : '否';
  if (info.type === 'enum' && typeof value === 'string') return info.labels?.[value] ?? value;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  return JSON.stringify(value);
}

export interface ParsedRows<Row> {
  rows: Array<{ row: number; value: Row }>;
  errors: RowError[];
  ignoredColumns: string[];
}

/**
 * Maps the header row to columns and validates every row with the row schema, collecting every
 * problem with its row number and column instead of stopping at the first.
 */
export function parseRows<Row extends Record<string, unknown>>(
  sheet: UploadedSheet,
  columns: Columns<Row>,
  schema: z.ZodType<Row>,
  informational: readonly string[],
): ParsedRows<Row> {
  const keys = Object.keys(columns) as Array<keyof Row & string>;
  const headerIndex = sheet.rows.findIndex((row) =>
    row.cells.some((cell) => cell !== null && String(cell).trim() !== ''),
  );
  if (headerIndex < 0) throw new FileProblem('文件中没有数据（第一行应为列名）。');
  const header = sheet.rows[headerIndex] as SheetRow;
  const dataRows = sheet.rows.slice(headerIndex + 1);
  if (dataRows.length > MAX_IMPORT_ROWS)
    throw new FileProblem(`文件超过 ${MAX_IMPORT_ROWS} 行，请拆分后分批导入。`);

  const positions = new Map<keyof Row & string, number>();
  const ignoredColumns: string[] = [];
  const errors: RowError[] = [];
  header.cells.forEach((cell, index) => {
    if (cell === null || String(cell).trim() === '') return;
    const name = normalizeHeader(String(cell));
    const key = keys.find((k) => columns[k].header === name || k === name);
    if (key === undefined) {
      if (!informational.includes(name)) ignoredColumns.push(String(cell).trim());
      return;
    }
    if (positions.has(key)) {
      errors.push({ row: header.number, column: columns[key].header, message: '列名重复。' });
      return;
    }
    positions.set(key, index);
  });
  const missing = keys.filter((k) => columns[k].required && !positions.has(k)).map((k) => columns[k].header);
  if (missing.length > 0)
    throw new FileProblem(`缺少必需的列：${missing.join('、')}。第一行应为列名，可先导出一份作为模板。`);
  if (errors.length > 0) return { rows: [], errors, ignoredColumns };

  const rows: Array<{ row: number; value: Row }> = [];
  for (const sheetRow of dataRows) {
    if (sheetRow.cells.every((cell) => cell === null || String(cell).trim() === '')) continue;
    const record: Record<string, unknown> = {};
    for (const [key, index] of positions) {
      record[key] = prepareCell(sheetRow.cells[index] ?? null, columns[key], sheet.date1904);
    }
    const result = schema.safeParse(record, { error: zhCN.localeError });
    if (result.success) {
      rows.push({ row: sheetRow.number, value: result.data });
      continue;
    }
    const seen = new Set<string>();
    for (const issue of result.error.issues) {
      const field = issue.path[0];
      const column =
        typeof field === 'string' && field in columns ? columns[field as keyof Row & string].header : '整行';
      const id = `${column}:${issue.message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      errors.push({ row: sheetRow.number, column, message: issue.message });
    }
  }
  return { rows, errors, ignoredColumns };
}
