/**
 * A small ZIP reader and writer, enough for .xlsx files, with no packages. The reader walks the
 * central directory and inflates entries with DecompressionStream('deflate-raw') (workerd and Node
 * both have it), never trusting a declared size and keeping a budget for the whole archive, so a
 * ZIP bomb is refused before it takes the Worker's memory. The writer stores entries (or takes
 * them pre-deflated) with a fixed timestamp, so its output is reproducible.
 */

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  /** Bytes all entries read from one archive may inflate to, together. */
  maxTotalBytes: number;
}

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
// Reading

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

const TOO_BIG = '文件解压后过大（压缩比异常），未读取。请确认文件是用 Excel 或 WPS 正常保存的。';

function readCentralDirectory(bytes: Uint8Array, limits: ZipLimits): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is at least 22 bytes and may be followed by a comment of up to 65535 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i -= 1) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('文件不是有效的 XLSX（ZIP 结构不完整）。');
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw new ZipError('不支持 ZIP64 格式的超大文件。');
  if (count > limits.maxEntries) throw new ZipError('文件包含的部件过多。');
  if (offset + size > eocd) throw new ZipError('文件不是有效的 XLSX（目录越界）。');

  const entries = new Map<string, ZipEntry>();
  let p = offset;
  for (let i = 0; i < count; i += 1) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL_SIGNATURE) {
      throw new ZipError('文件不是有效的 XLSX（目录损坏）。');
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

/** Inflates at most `limit` bytes; one byte more and the entry is refused, unread. */
async function inflateRaw(data: Uint8Array, limit: number, tooBig: string): Promise<Uint8Array> {
  const reader = streamOf(data).pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      // The inflater refuses a corrupt or truncated stream with a TypeError: the file's fault.
      throw new ZipError('文件已损坏（压缩数据无法解开），请在 Excel 中重新保存后再上传。');
    }
    const { done, value } = next;
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new ZipError(tooBig);
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

export interface ZipArchive {
  /** The entry's bytes, checked against its CRC; null when the archive has no such entry. */
  read(name: string): Promise<Uint8Array | null>;
}

/** Opens an archive for reading; every read counts against limits.maxTotalBytes. */
export function openZip(bytes: Uint8Array, limits: ZipLimits): ZipArchive {
  const entries = readCentralDirectory(bytes, limits);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let budget = limits.maxTotalBytes;
  return {
    async read(name) {
      const entry = entries.get(name);
      if (!entry) return null;
      if (entry.flags & 1) throw new ZipError('文件已加密，请先在 Excel 中取消密码保护。');
      if (entry.size > limits.maxEntryBytes) throw new ZipError('文件中的工作表过大。');
      // The declared size is checked first (cheap), the real output while inflating (honest).
      if (entry.size > budget) throw new ZipError(TOO_BIG);
      const at = entry.localHeaderOffset;
      if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIGNATURE) {
        throw new ZipError('文件不是有效的 XLSX（部件头损坏）。');
      }
      const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
      const end = start + entry.compressedSize;
      if (end > bytes.length) throw new ZipError('文件不是有效的 XLSX（数据被截断）。');
      const raw = bytes.subarray(start, end);
      let data: Uint8Array;
      if (entry.method === 0) data = raw;
      else if (entry.method === 8) {
        // Never trust the declared size: stop as soon as the output passes it.
        const limit = Math.min(entry.size, budget);
        data = await inflateRaw(raw, limit, limit < entry.size ? TOO_BIG : '文件解压后的大小与声明不符。');
      } else throw new ZipError('文件使用了不支持的压缩方式。');
      if (data.length !== entry.size || crc32(data) !== entry.crc) {
        throw new ZipError('文件已损坏（校验失败）。');
      }
      budget -= data.length;
      return data;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface ZipInput {
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

export async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = streamOf(data).pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
