/**
 * A small XLSX reader and writer, enough for the office's rosters and ledgers, with no packages.
 *
 * An .xlsx file is a ZIP of XML parts (zip.ts). The reader reads the first worksheet with its
 * shared strings through a strict streaming XML reader (xml.ts): rows are taken one by one and
 * reading stops at the row limit, so a huge sheet costs no more than the limit. The whole archive
 * may inflate to a bounded multiple of the upload, so a small file cannot take the Worker's
 * memory. The writer stores entries uncompressed, which every spreadsheet program reads, or
 * deflates them for downloads.
 */

import { parseXml, childElements, escapeXml, firstChild, XmlError, xmlEvents, type XmlEvent } from './xml.ts';
import { deflateRaw, openZip, writeZip, ZipError, type ZipInput } from './zip.ts';

export type CellValue = string | number | boolean | null;

/** One worksheet row with its number as the spreadsheet shows it (1-based). */
export interface SheetRow {
  number: number;
  cells: CellValue[];
}

export interface Worksheet {
  name: string;
  rows: SheetRow[];
  /** The workbook counts dates from 1904 (old Mac Excel) instead of 1900. */
  date1904: boolean;
}

export class XlsxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XlsxError';
  }
}

/** Limits that keep a hostile file (a ZIP bomb, a huge sheet) from exhausting the Worker. */
export const XLSX_LIMITS = {
  maxEntries: 2000,
  maxEntryBytes: 64 * 1024 * 1024,
  /**
   * The parts read may inflate to this many times the file's size, and never past
   * maxInflatedBytes; small files get at least minInflatedBytes. Spreadsheets saved by Excel or
   * WPS inflate by about 5 to 20 times; a ZIP bomb by up to a thousand.
   */
  maxInflationRatio: 50,
  minInflatedBytes: 4 * 1024 * 1024,
  maxInflatedBytes: 64 * 1024 * 1024,
  maxRows: 50_000,
  maxColumns: 256,
};

/** How many bytes the parts of a file of this size may inflate to, together. */
export function inflationBudget(fileBytes: number): number {
  const { maxInflationRatio, minInflatedBytes, maxInflatedBytes } = XLSX_LIMITS;
  return Math.min(maxInflatedBytes, Math.max(minInflatedBytes, fileBytes * maxInflationRatio));
}

// ---------------------------------------------------------------------------------------------
// Workbook reading

/** "C12" → 2 (zero-based column); null when the reference is malformed. */
export function columnIndex(reference: string): number | null {
  const match = /^([A-Z]{1,3})(\d+)?$/.exec(reference);
  if (!match) return null;
  let index = 0;
  for (const ch of match[1] as string) index = index * 26 + (ch.charCodeAt(0) - 64);
  return index - 1;
}

/** 2 → "C". */
export function columnName(index: number): string {
  let name = '';
  let n = index + 1;
  while (n > 0) {
    const rem = (n - 1) % 26;
    name = String.fromCharCode(65 + rem) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

function resolvePath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/**
 * Collects the text of a shared string <si> or an inline string <is>: a plain <t>, or rich-text
 * runs <r><t>; phonetic hints (<rPh>) are not part of the value. It is told the elements opened
 * and closed inside the string's own element.
 */
class RichText {
  private direct: string | null = null;
  private runs = '';
  private path: string[] = [];

  open(name: string): void {
    this.path.push(name);
  }

  close(): void {
    this.path.pop();
  }

  text(text: string): void {
    const [first, second, third] = this.path;
    if (first === 't' && second === undefined) this.direct = (this.direct ?? '') + text;
    else if (first === 'r' && second === 't' && third === undefined) this.runs += text;
  }

  /** A direct <t> that was present but empty still wins over runs, as before. */
  value(sawDirect: boolean): string {
    return sawDirect ? (this.direct ?? '') : this.runs;
  }
}

function numberCell(raw: string): number {
  const number = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(number)) throw new XlsxError(`单元格数值无效：${raw}`);
  return number;
}

function cellValue(
  type: string,
  v: string | null,
  inline: string | null,
  sharedStrings: string[],
): CellValue {
  if (type === 'inlineStr') return inline ?? '';
  if (v === null) return null;
  switch (type) {
    case 's': {
      const index = Number(v);
      const value = sharedStrings[index];
      if (!Number.isInteger(index) || value === undefined) throw new XlsxError('共享字符串索引无效。');
      return value;
    }
    case 'str':
    case 'e':
    case 'd':
      return v;
    case 'b':
      return v === '1';
    case 'n':
      return numberCell(v);
    default:
      throw new XlsxError(`不支持的单元格类型：${type}`);
  }
}

/** The shared strings, read as a stream (the part can be as large as the sheet). */
function readSharedStrings(xml: string): string[] {
  const strings: string[] = [];
  let depth = 0;
  let current: { text: RichText; sawDirect: boolean } | null = null;
  for (const event of xmlEvents(xml)) {
    if (event.kind === 'open') {
      depth += 1;
      if (depth === 2 && event.name === 'si') current = { text: new RichText(), sawDirect: false };
      else if (current) {
        if (depth === 3 && event.name === 't') current.sawDirect = true;
        current.text.open(event.name);
      }
    } else if (event.kind === 'close') {
      if (depth === 2 && current) {
        strings.push(current.text.value(current.sawDirect));
        current = null;
      } else current?.text.close();
      depth -= 1;
    } else current?.text.text(event.text);
  }
  return strings;
}

interface OpenRow {
  number: number;
  cells: CellValue[];
  previousColumn: number;
}

interface CellState {
  reference: string | undefined;
  type: string;
  v: string | null;
  inline: { text: RichText; sawDirect: boolean } | null;
  /** The element open inside <c>: 'v', 'is' (and deeper), or another one whose text is ignored. */
  path: string[];
}

/**
 * The worksheet's rows, read as a stream and refused as soon as there are more than maxRows:
 * a sheet of a million rows is not parsed to the end first.
 */
function readSheetRows(xml: string, sharedStrings: string[], maxRows: number): SheetRow[] {
  const rows: SheetRow[] = [];
  const path: string[] = [];
  let row: OpenRow | null = null;
  let cell: CellState | null = null;
  let previousRow = 0;

  const openRow = (event: Extract<XmlEvent, { kind: 'open' }>): OpenRow => {
    const number = event.attributes.r ? Number(event.attributes.r) : previousRow + 1;
    if (!Number.isInteger(number) || number <= previousRow) throw new XlsxError('工作表的行号无效。');
    if (rows.length >= maxRows)
      throw new XlsxError(`工作表超过 ${maxRows} 行（含列名行），请拆分后分批导入。`);
    previousRow = number;
    return { number, cells: [], previousColumn: -1 };
  };

  const closeCell = (current: CellState, target: OpenRow): void => {
    let column = target.previousColumn + 1;
    if (current.reference) {
      const index = columnIndex(current.reference);
      if (
        index === null ||
        index <= target.previousColumn ||
        !current.reference.endsWith(String(target.number))
      ) {
        throw new XlsxError(`单元格引用无效：${current.reference}`);
      }
      column = index;
    }
    if (column >= XLSX_LIMITS.maxColumns) throw new XlsxError(`工作表超过 ${XLSX_LIMITS.maxColumns} 列。`);
    target.previousColumn = column;
    while (target.cells.length < column) target.cells.push(null);
    const inline = current.inline ? current.inline.text.value(current.inline.sawDirect) : null;
    target.cells.push(cellValue(current.type, current.v, inline, sharedStrings));
  };

  for (const event of xmlEvents(xml)) {
    if (event.kind === 'open') {
      const parent = path[path.length - 1];
      path.push(event.name);
      if (cell) {
        const depth = cell.path.length;
        if (depth === 0 && event.name === 'is' && !cell.inline) {
          cell.inline = { text: new RichText(), sawDirect: false };
        } else if (cell.inline && cell.path[0] === 'is') {
          if (depth === 1 && event.name === 't') cell.inline.sawDirect = true;
          if (depth >= 1) cell.inline.text.open(event.name);
        } else if (depth === 0 && event.name === 'v' && cell.v === null) cell.v = '';
        cell.path.push(event.name);
      } else if (row && event.name === 'c' && parent === 'row') {
        cell = {
          reference: event.attributes.r,
          type: event.attributes.t ?? 'n',
          v: null,
          inline: null,
          path: [],
        };
      } else if (!row && event.name === 'row' && parent === 'sheetData') row = openRow(event);
    } else if (event.kind === 'close') {
      path.pop();
      if (cell) {
        if (cell.path.length === 0) {
          if (row) closeCell(cell, row);
          cell = null;
        } else {
          if (cell.inline && cell.path[0] === 'is' && cell.path.length >= 2) cell.inline.text.close();
          cell.path.pop();
        }
      } else if (row && event.name === 'row' && path[path.length - 1] === 'sheetData') {
        rows.push({ number: row.number, cells: row.cells });
        row = null;
      }
    } else if (cell) {
      const [first] = cell.path;
      if (first === 'v') cell.v = (cell.v ?? '') + event.text;
      else if (first === 'is' && cell.inline) cell.inline.text.text(event.text);
    }
  }
  return rows;
}

export interface ReadXlsxOptions {
  /** Refuse the sheet once it has more rows than this (default XLSX_LIMITS.maxRows). */
  maxRows?: number;
}

/** Reads the first worksheet of an .xlsx file. */
export async function readXlsx(file: Uint8Array, options: ReadXlsxOptions = {}): Promise<Worksheet> {
  try {
    return await readFirstSheet(file, options.maxRows ?? XLSX_LIMITS.maxRows);
  } catch (error) {
    // The ZIP and XML layers speak for the file too: one error type for the caller.
    if (error instanceof ZipError || error instanceof XmlError) throw new XlsxError(error.message);
    throw error;
  }
}

async function readFirstSheet(file: Uint8Array, maxRows: number): Promise<Worksheet> {
  const zip = openZip(file, {
    maxEntries: XLSX_LIMITS.maxEntries,
    maxEntryBytes: XLSX_LIMITS.maxEntryBytes,
    maxTotalBytes: inflationBudget(file.byteLength),
  });
  const text = async (name: string): Promise<string | null> => {
    const bytes = await zip.read(name);
    if (bytes === null) return null;
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw new XlsxError(`部件 ${name} 不是 UTF-8 文本。`);
    }
  };

  const workbookXml = await text('xl/workbook.xml');
  if (workbookXml === null) throw new XlsxError('文件不是 Excel 工作簿（缺少 workbook.xml）。');
  const workbook = parseXml(workbookXml);
  const date1904 = ['1', 'true'].includes(firstChild(workbook, 'workbookPr')?.attributes.date1904 ?? '');
  const sheetsElement = firstChild(workbook, 'sheets');
  const firstSheet = sheetsElement ? firstChild(sheetsElement, 'sheet') : undefined;
  if (!firstSheet) throw new XlsxError('工作簿中没有工作表。');
  const sheetName = firstSheet.attributes.name ?? 'Sheet1';

  // The first sheet's part comes from the workbook relationships; sheet1.xml is the usual answer.
  let sheetPath = 'xl/worksheets/sheet1.xml';
  const relsXml = await text('xl/_rels/workbook.xml.rels');
  const relId = firstSheet.attributes.id;
  if (relsXml !== null && relId) {
    const rel = childElements(parseXml(relsXml), 'Relationship').find((r) => r.attributes.Id === relId);
    if (rel?.attributes.Target) sheetPath = resolvePath('xl/workbook.xml', rel.attributes.Target);
  }

  const sharedXml = await text('xl/sharedStrings.xml');
  const sharedStrings = sharedXml === null ? [] : readSharedStrings(sharedXml);

  const sheetXml = await text(sheetPath);
  if (sheetXml === null) throw new XlsxError('工作簿缺少第一个工作表的内容。');
  return { name: sheetName, rows: readSheetRows(sheetXml, sharedStrings, maxRows), date1904 };
}

/** An Excel date serial (days since 1899-12-30, or 1904-01-01) as YYYY-MM-DD, or null. */
export function excelSerialToDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465 || !Number.isInteger(serial)) return null;
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + serial * 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Writing

/** The XML parts of an .xlsx with one worksheet; the first row is styled bold as a header. */
function xlsxParts(sheetName: string, rows: ReadonlyArray<ReadonlyArray<CellValue>>): ZipInput[] {
  const safeName = sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1';
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const sharedIndex = (value: string): number => {
    let index = stringIndex.get(value);
    if (index === undefined) {
      index = strings.length;
      strings.push(value);
      stringIndex.set(value, index);
    }
    return index;
  };

  const rowXml = rows
    .map((row, r) => {
      const style = r === 0 ? ' s="1"' : '';
      const cells = row
        .map((value, c) => {
          const ref = `${columnName(c)}${r + 1}`;
          if (value === null || value === '') return '';
          if (typeof value === 'number') {
            if (!Number.isFinite(value)) throw new XlsxError('数值无效。');
            return `<c r="${ref}"${style}><v>${value}</v></c>`;
          }
          if (typeof value === 'boolean') return `<c r="${ref}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
          return `<c r="${ref}"${style} t="s"><v>${sharedIndex(value)}</v></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');

  const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const pkgRel = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  const parts: Array<[string, string]> = [
    [
      '[Content_Types].xml',
      `${xmlHead}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${ct}.worksheet+xml"/>` +
        `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.sharedStrings+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/>` +
        '</Types>',
    ],
    [
      '_rels/.rels',
      `${xmlHead}<Relationships xmlns="${pkgRel}">` +
        `<Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/>` +
        '</Relationships>',
    ],
    [
      'xl/workbook.xml',
      `${xmlHead}<workbook xmlns="${main}" xmlns:r="${rel}">` +
        `<sheets><sheet name="${escapeXml(safeName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${xmlHead}<Relationships xmlns="${pkgRel}">` +
        `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>` +
        `<Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/>` +
        '</Relationships>',
    ],
    [
      'xl/worksheets/sheet1.xml',
      `${xmlHead}<worksheet xmlns="${main}">` +
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        `<sheetData>${rowXml}</sheetData></worksheet>`,
    ],
    [
      'xl/sharedStrings.xml',
      `${xmlHead}<sst xmlns="${main}" count="${strings.length}" uniqueCount="${strings.length}">` +
        strings
          .map((s) => `<si><t${/^\s|\s$/.test(s) ? ' xml:space="preserve"' : ''}>${escapeXml(s)}</t></si>`)
          .join('') +
        '</sst>',
    ],
    [
      'xl/styles.xml',
      `${xmlHead}<styleSheet xmlns="${main}">` +
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
        '</styleSheet>',
    ],
  ];
  const encoder = new TextEncoder();
  return parts.map(([name, xml]) => ({ name, data: encoder.encode(xml) }));
}

/** An .xlsx with stored entries: synchronous and byte-for-byte reproducible (fixtures, tests). */
export function writeXlsx(sheetName: string, rows: ReadonlyArray<ReadonlyArray<CellValue>>): Uint8Array {
  return writeZip(xlsxParts(sheetName, rows));
}

/** An .xlsx with deflated entries, about a tenth of the size: what exports download. */
export async function writeXlsxDeflated(
  sheetName: string,
  rows: ReadonlyArray<ReadonlyArray<CellValue>>,
): Promise<Uint8Array> {
  const parts = xlsxParts(sheetName, rows);
  return writeZip(
    await Promise.all(parts.map(async (part) => ({ ...part, deflated: await deflateRaw(part.data) }))),
  );
}
