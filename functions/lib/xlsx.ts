/**
 * A small XLSX reader and writer, enough for the office's rosters and ledgers, with no packages.
 *
 * An .xlsx file is a ZIP of XML parts. The reader walks the ZIP central directory, inflates entries
 * with DecompressionStream('deflate-raw') (workerd and Node both have it), and reads the first
 * worksheet with its shared strings through a small strict XML parser (no DTDs, so no entity
 * expansion tricks). The writer stores entries uncompressed, which every spreadsheet program reads.
 */

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
  maxRows: 50_000,
  maxColumns: 256,
  maxXmlDepth: 64,
};

// ---------------------------------------------------------------------------------------------
// CRC-32 (ZIP's polynomial), needed to write entries and to check what we inflate.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// ZIP reading

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

function readCentralDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is at least 22 bytes and may be followed by a comment of up to 65535 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i -= 1) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('文件不是有效的 XLSX（ZIP 结构不完整）。');
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw new XlsxError('不支持 ZIP64 格式的超大文件。');
  if (count > XLSX_LIMITS.maxEntries) throw new XlsxError('文件包含的部件过多。');
  if (offset + size > eocd) throw new XlsxError('文件不是有效的 XLSX（目录越界）。');

  const entries = new Map<string, ZipEntry>();
  let p = offset;
  for (let i = 0; i < count; i += 1) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL_SIGNATURE) {
      throw new XlsxError('文件不是有效的 XLSX（目录损坏）。');
    }
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    const compressedSize = view.getUint32(p + 20, true);
    const entrySize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localHeaderOffset = view.getUint32(p + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    entries.set(name, { name, method, flags, crc, compressedSize, size: entrySize, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** A byte stream of the data (copied: Blob takes only ArrayBuffer-backed views). */
function streamOf(data: Uint8Array) {
  return new Blob([data.slice()]).stream();
}

async function inflateRaw(data: Uint8Array, expectedSize: number): Promise<Uint8Array> {
  const stream = streamOf(data).pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    // Never trust the declared size: stop as soon as the output passes it.
    if (total > expectedSize || total > XLSX_LIMITS.maxEntryBytes) {
      await reader.cancel();
      throw new XlsxError('文件解压后的大小与声明不符。');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

async function readEntry(bytes: Uint8Array, entry: ZipEntry): Promise<Uint8Array> {
  if (entry.flags & 1) throw new XlsxError('文件已加密，请先在 Excel 中取消密码保护。');
  if (entry.size > XLSX_LIMITS.maxEntryBytes) throw new XlsxError('文件中的工作表过大。');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIGNATURE) {
    throw new XlsxError('文件不是有效的 XLSX（部件头损坏）。');
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new XlsxError('文件不是有效的 XLSX（数据被截断）。');
  const raw = bytes.subarray(start, end);
  let data: Uint8Array;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) data = await inflateRaw(raw, entry.size);
  else throw new XlsxError('文件使用了不支持的压缩方式。');
  if (data.length !== entry.size || crc32(data) !== entry.crc) {
    throw new XlsxError('文件已损坏（校验失败）。');
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// A small strict XML parser: elements, attributes, text, CDATA, comments, processing
// instructions and the five predefined entities plus numeric references. No DTD is accepted.

export interface XmlElement {
  /** Local name, without any namespace prefix. */
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const NAME_RE = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;

function decodeEntities(text: string, at: number): string {
  return text.replace(/&([^;&\s]{1,10});/g, (_match, entity: string) => {
    switch (entity) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = entity.startsWith('#x')
      ? Number.parseInt(entity.slice(2), 16)
      : entity.startsWith('#')
        ? Number.parseInt(entity.slice(1), 10)
        : Number.NaN;
    if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new XlsxError(`XML 中有无法识别的实体（位置 ${at}）。`);
    }
    return String.fromCodePoint(code);
  });
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const n = xml.length;
  const root: XmlElement = { name: '#document', attributes: {}, children: [] };
  const stack: Array<{ element: XmlElement; qualified: string }> = [{ element: root, qualified: '' }];
  function fail(message: string): never {
    throw new XlsxError(`XML 格式错误：${message}（位置 ${i}）。`);
  }
  if (xml.charCodeAt(0) === 0xfeff) i = 1;

  while (i < n) {
    const top = stack[stack.length - 1] as { element: XmlElement; qualified: string };
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt > i) {
      const end = lt < 0 ? n : lt;
      const text = xml.slice(i, end);
      if (text.includes(']]>')) fail('文本中出现了 ]]>');
      if (stack.length === 1) {
        if (text.trim() !== '') fail('根元素之外有文本');
      } else {
        top.element.children.push(decodeEntities(text, i));
      }
      i = end;
      continue;
    }
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) fail('注释没有结束');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end < 0) fail('CDATA 没有结束');
      if (stack.length === 1) fail('根元素之外有 CDATA');
      top.element.children.push(xml.slice(i + 9, end));
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<!', i)) fail('不接受 DOCTYPE 或实体声明');
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) fail('处理指令没有结束');
      i = end + 2;
      continue;
    }
    if (xml.startsWith('</', i)) {
      const match = NAME_RE.exec(xml.slice(i + 2, i + 2 + 200));
      if (!match) fail('结束标签没有名称');
      const qualified = match[0];
      if (stack.length === 1 || top.qualified !== qualified) fail(`结束标签 </${qualified}> 不匹配`);
      i += 2 + qualified.length;
      while (i < n && /\s/.test(xml[i] as string)) i += 1;
      if (xml[i] !== '>') fail('结束标签没有闭合');
      i += 1;
      stack.pop();
      continue;
    }
    // Start tag.
    i += 1;
    const nameMatch = NAME_RE.exec(xml.slice(i, i + 200));
    if (!nameMatch) fail('标签没有名称');
    const qualified = nameMatch[0];
    i += qualified.length;
    const element: XmlElement = { name: localName(qualified), attributes: {}, children: [] };
    for (;;) {
      const spaceStart = i;
      while (i < n && /\s/.test(xml[i] as string)) i += 1;
      if (xml[i] === '>') {
        i += 1;
        break;
      }
      if (xml.startsWith('/>', i)) break;
      if (i === spaceStart) fail('属性之间缺少空格');
      const attrMatch = NAME_RE.exec(xml.slice(i, i + 200));
      if (!attrMatch) fail('属性名称无效');
      const attrName = attrMatch[0];
      i += attrName.length;
      while (i < n && /\s/.test(xml[i] as string)) i += 1;
      if (xml[i] !== '=') fail('属性缺少等号');
      i += 1;
      while (i < n && /\s/.test(xml[i] as string)) i += 1;
      const quote = xml[i];
      if (quote !== '"' && quote !== "'") fail('属性值缺少引号');
      const valueEnd = xml.indexOf(quote, i + 1);
      if (valueEnd < 0) fail('属性值没有结束');
      const rawValue = xml.slice(i + 1, valueEnd);
      if (rawValue.includes('<')) fail('属性值中出现了 <');
      const key = localName(attrName);
      // Namespace declarations are not data; a duplicate attribute is an error in XML.
      if (!attrName.startsWith('xmlns')) {
        if (Object.hasOwn(element.attributes, key) && !attrName.includes(':')) fail(`属性 ${key} 重复`);
        element.attributes[key] = decodeEntities(rawValue, i);
      }
      i = valueEnd + 1;
    }
    if (stack.length === 1 && root.children.some((child) => typeof child !== 'string')) {
      fail('有多个根元素');
    }
    top.element.children.push(element);
    if (xml.startsWith('/>', i)) {
      i += 2;
      continue;
    }
    if (stack.length > XLSX_LIMITS.maxXmlDepth) fail('嵌套过深');
    stack.push({ element, qualified });
  }
  if (stack.length !== 1) fail('元素没有闭合');
  const documentElement = root.children.find((child): child is XmlElement => typeof child !== 'string');
  if (!documentElement) fail('没有根元素');
  return documentElement;
}

function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement => typeof child !== 'string' && child.name === name,
  );
}

function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  return childElements(element, name)[0];
}

function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
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

function sharedStringText(si: XmlElement): string {
  // Plain <t>, or rich-text runs <r><t>; phonetic hints (<rPh>) are not part of the value.
  const direct = firstChild(si, 't');
  if (direct) return textOf(direct);
  return childElements(si, 'r')
    .map((run) => childElements(run, 't').map(textOf).join(''))
    .join('');
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

function cellValue(cell: XmlElement, sharedStrings: string[]): CellValue {
  const type = cell.attributes.t ?? 'n';
  if (type === 'inlineStr') {
    const is = firstChild(cell, 'is');
    return is ? sharedStringText(is) : '';
  }
  const v = firstChild(cell, 'v');
  if (!v) return null;
  const raw = textOf(v);
  switch (type) {
    case 's': {
      const index = Number(raw);
      const value = sharedStrings[index];
      if (!Number.isInteger(index) || value === undefined) throw new XlsxError('共享字符串索引无效。');
      return value;
    }
    case 'str':
    case 'e':
    case 'd':
      return raw;
    case 'b':
      return raw === '1';
    case 'n': {
      const number = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(number)) throw new XlsxError(`单元格数值无效：${raw}`);
      return number;
    }
    default:
      throw new XlsxError(`不支持的单元格类型：${type}`);
  }
}

/** Reads the first worksheet of an .xlsx file. */
export async function readXlsx(file: Uint8Array): Promise<Worksheet> {
  const entries = readCentralDirectory(file);
  const text = async (name: string): Promise<string | null> => {
    const entry = entries.get(name);
    if (!entry) return null;
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(await readEntry(file, entry));
    } catch (error) {
      if (error instanceof XlsxError) throw error;
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
  const sharedStrings =
    sharedXml === null ? [] : childElements(parseXml(sharedXml), 'si').map(sharedStringText);

  const sheetXml = await text(sheetPath);
  if (sheetXml === null) throw new XlsxError('工作簿缺少第一个工作表的内容。');
  const sheetData = firstChild(parseXml(sheetXml), 'sheetData');
  const rows: SheetRow[] = [];
  let previousRow = 0;
  for (const rowElement of sheetData ? childElements(sheetData, 'row') : []) {
    const number = rowElement.attributes.r ? Number(rowElement.attributes.r) : previousRow + 1;
    if (!Number.isInteger(number) || number <= previousRow) throw new XlsxError('工作表的行号无效。');
    if (rows.length >= XLSX_LIMITS.maxRows) throw new XlsxError(`工作表超过 ${XLSX_LIMITS.maxRows} 行。`);
    previousRow = number;
    const cells: CellValue[] = [];
    let previousColumn = -1;
    for (const cell of childElements(rowElement, 'c')) {
      const reference = cell.attributes.r;
      let column = previousColumn + 1;
      if (reference) {
        const index = columnIndex(reference);
        if (index === null || index <= previousColumn || !reference.endsWith(String(number))) {
          throw new XlsxError(`单元格引用无效：${reference}`);
        }
        column = index;
      }
      if (column >= XLSX_LIMITS.maxColumns) throw new XlsxError(`工作表超过 ${XLSX_LIMITS.maxColumns} 列。`);
      previousColumn = column;
      while (cells.length < column) cells.push(null);
      cells.push(cellValue(cell, sharedStrings));
    }
    rows.push({ number, cells });
  }
  return { name: sheetName, rows, date1904 };
}

/** An Excel date serial (days since 1899-12-30, or 1904-01-01) as YYYY-MM-DD, or null. */
export function excelSerialToDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465 || !Number.isInteger(serial)) return null;
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + serial * 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Writing

function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // Characters XML 1.0 cannot carry at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
  );
}

interface ZipInput {
  name: string;
  data: Uint8Array;
  /** The same data already deflated (raw), to be stored with method 8. */
  deflated?: Uint8Array;
}

/** A ZIP with stored (or pre-deflated) entries and a fixed timestamp, so output is reproducible. */
export function writeZip(files: readonly ZipInput[]): Uint8Array {
  const encoder = new TextEncoder();
  const DOS_TIME = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const file of files) {
    const name = encoder.encode(file.name);
    const crc = crc32(file.data);
    const body = file.deflated ?? file.data;
    const method = file.deflated ? 8 : 0;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL_SIGNATURE, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, method, true);
    lv.setUint16(10, DOS_TIME, true);
    lv.setUint16(12, DOS_DATE, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, file.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);

    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, CENTRAL_SIGNATURE, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, DOS_TIME, true);
    cv.setUint16(14, DOS_DATE, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, file.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);

    locals.push(local, body);
    centrals.push(central);
    offset += local.length + body.length;
  }
  const centralSize = centrals.reduce((sum, c) => sum + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, EOCD_SIGNATURE, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);

  const out = new Uint8Array(offset + centralSize + end.length);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

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

async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = streamOf(data).pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
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
