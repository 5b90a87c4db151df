/** Test workbooks built the way Excel builds them, by an independent writer (Node's zlib). */
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../functions/lib/zip.ts';

const encoder = new TextEncoder();

/**
 * A ZIP built the way Excel builds one: deflated entries, a data descriptor flag, an archive
 * comment. Node's zlib does the deflating, so the reader is tested against an independent writer.
 */
export function excelLikeZip(
  files: Record<string, string>,
  options: { lieAboutSize?: string } = {},
): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(encoder.encode(text));
    const compressed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const size = options.lieAboutSize === name ? 10 : data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, compressed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const centralBytes = Buffer.concat(centrals);
  const comment = Buffer.from('made by a test');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return new Uint8Array(Buffer.concat([...locals, centralBytes, end, comment]));
}

export const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function workbookParts(sheetXml: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="x"/>',
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?>
      <workbook xmlns="${NS}" xmlns:r="${REL}"><workbookPr date1904="1"/>
      <sheets><sheet name="代表名册" sheetId="3" r:id="rId7"/><sheet name="Other" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
      <Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>
      <Relationship Id="rId7" Type="${REL}/worksheet" Target="/xl/worksheets/sheet3.xml"/></Relationships>`,
    'xl/sharedStrings.xml': `<sst xmlns="${NS}" count="3" uniqueCount="3">
      <si><t>代表编号</t></si>
      <si><r><rPr><b/></rPr><t>姓</t></r><r><t xml:space="preserve">名 </t></r><rPh sb="0" eb="1"><t>XING</t></rPh></si>
      <si><t>A &amp; B &lt;c&gt; &#x4E2D;&#25991;</t></si></sst>`,
    'xl/worksheets/sheet1.xml': `<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1"><v>999</v></c></row></sheetData></worksheet>`,
    'xl/worksheets/sheet3.xml': sheetXml,
    ...extra,
  };
}
