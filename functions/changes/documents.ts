/**
 * Checks an uploaded original document before anything is stored: the size, that its bytes are
 * the type its name claims (PDF or Word .docx), and that it is whole (a PDF's end marker, a .docx's
 * ZIP directory naming word/document.xml).
 */

export const MAX_DOCUMENT_BYTES = 10_000_000;

export const documentTypes = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;
export type DocumentExtension = keyof typeof documentTypes;

export type DocumentCheck =
  | { ok: true; extension: DocumentExtension; type: (typeof documentTypes)[DocumentExtension] }
  | { ok: false; message: string };

function startsWith(bytes: Uint8Array, ascii: string): boolean {
  if (bytes.length < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

function indexOf(bytes: Uint8Array, ascii: string, from = 0): number {
  const first = ascii.charCodeAt(0);
  outer: for (let i = Math.max(0, from); i <= bytes.length - ascii.length; i++) {
    if (bytes[i] !== first) continue;
    for (let j = 1; j < ascii.length; j++) if (bytes[i + j] !== ascii.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

/** The ZIP central directory's file names, or null when the archive's directory is missing or cut. */
function zipNames(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: signature 0x06054b50, within the last 65,557 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (offset + size > eocd) return null;
  const names: string[] = [];
  let p = offset;
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    if (p + 46 + nameLength > eocd) return null;
    names.push(decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

export function checkDocument(fileName: string, bytes: Uint8Array): DocumentCheck {
  const extension = /\.([A-Za-z]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (extension !== 'pdf' && extension !== 'docx') {
    return { ok: false, message: '只能上传 PDF 或 Word（.docx）格式的原件。' };
  }
  if (bytes.length === 0) return { ok: false, message: '文件是空的，请重新选择。' };
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return { ok: false, message: `文件过大（上限 ${MAX_DOCUMENT_BYTES / 1_000_000} MB），请压缩后再上传。` };
  }
  if (extension === 'pdf') {
    if (!startsWith(bytes, '%PDF-')) return { ok: false, message: '文件内容不是 PDF，与扩展名不符。' };
    if (indexOf(bytes, '%%EOF', bytes.length - 2048) < 0) {
      return { ok: false, message: 'PDF 文件不完整或已损坏，请重新导出后上传。' };
    }
    return { ok: true, extension, type: documentTypes.pdf };
  }
  if (!startsWith(bytes, 'PK\u0003\u0004'))
    return { ok: false, message: '文件内容不是 Word（.docx）文档，与扩展名不符。' };
  const names = zipNames(bytes);
  if (!names) return { ok: false, message: 'Word 文件不完整或已损坏，请重新保存后上传。' };
  if (!names.includes('word/document.xml') || !names.includes('[Content_Types].xml')) {
    return { ok: false, message: '文件内容不是 Word（.docx）文档，与扩展名不符。' };
  }
  return { ok: true, extension, type: documentTypes.docx };
}
