import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml, XmlError } from '../../functions/lib/xml.ts';
import {
  type CellValue,
  columnIndex,
  columnName,
  excelSerialToDate,
  readXlsx,
  writeXlsx,
  XlsxError,
} from '../../functions/lib/xlsx.ts';
import { crc32, writeZip } from '../../functions/lib/zip.ts';
import { excelLikeZip, NS, workbookParts } from './excel-like-zip.ts';

const encoder = new TextEncoder();

describe('readXlsx on an Excel-like workbook', () => {
  it('reads the first sheet through the relationships, with rich text, gaps and every cell type', async () => {
    const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <x:worksheet xmlns:x="${NS}"><x:dimension ref="A1:E5"/><x:sheetData>
        <x:row r="1" spans="1:5"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>
        <x:row r="3"><x:c r="A3" t="s" s="2"><x:v>2</x:v></x:c><x:c r="C3"><x:v>45292</x:v></x:c>
          <x:c r="D3" t="b"><x:v>1</x:v></x:c><x:c r="E3" t="str"><x:f>CONCAT("a","b")</x:f><x:v>ab</x:v></x:c></x:row>
        <x:row r="5"><x:c r="B5" t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c><x:c r="C5"/><x:c r="D5" t="e"><x:v>#N/A</x:v></x:c>
          <x:c r="E5"><x:v>-1.5E2</x:v></x:c></x:row>
      </x:sheetData></x:worksheet>`;
    const book = await readXlsx(excelLikeZip(workbookParts(sheet)));
    expect(book.name).toBe('代表名册');
    expect(book.date1904).toBe(true);
    expect(book.rows).toEqual([
      { number: 1, cells: ['代表编号', '姓名 '] },
      { number: 3, cells: ['A & B <c> 中文', null, 45292, true, 'ab'] },
      { number: 5, cells: [null, '内联', null, '#N/A', -150] },
    ]);
  });

  const broken: Array<[string, () => Uint8Array, RegExp]> = [
    ['a file that is not a ZIP', () => encoder.encode('姓名,性别\n张三,男\n'), /ZIP/],
    ['an empty file', () => new Uint8Array(0), /ZIP/],
    [
      'a truncated file',
      () => {
        const whole = excelLikeZip(workbookParts('<worksheet/>'));
        return whole.subarray(0, whole.length - 30);
      },
      /ZIP|XLSX/,
    ],
    ['a ZIP without a workbook', () => excelLikeZip({ 'word/document.xml': '<w/>' }), /workbook\.xml/],
    [
      'a DOCTYPE with entities (billion laughs)',
      () =>
        excelLikeZip(
          workbookParts(
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><worksheet><sheetData/></worksheet>',
          ),
        ),
      /DOCTYPE/,
    ],
    [
      'an entity the parser does not know',
      () =>
        excelLikeZip(
          workbookParts(
            `<worksheet xmlns="${NS}"><sheetData><row><c t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>`,
          ),
        ),
      /实体/,
    ],
    [
      'a shared string index out of range',
      () =>
        excelLikeZip(
          workbookParts(
            `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>9</v></c></row></sheetData></worksheet>`,
          ),
        ),
      /共享字符串/,
    ],
    [
      'cells out of order',
      () =>
        excelLikeZip(
          workbookParts(
            `<worksheet><sheetData><row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row></sheetData></worksheet>`,
          ),
        ),
      /单元格引用/,
    ],
    [
      'rows out of order',
      () =>
        excelLikeZip(workbookParts(`<worksheet><sheetData><row r="2"/><row r="1"/></sheetData></worksheet>`)),
      /行号/,
    ],
    [
      'mismatched tags',
      () => excelLikeZip(workbookParts(`<worksheet><sheetData></worksheet></sheetData>`)),
      /不匹配/,
    ],
    [
      'an entry that inflates beyond its declared size (ZIP bomb)',
      () =>
        excelLikeZip(workbookParts(`<worksheet><sheetData>${'<row/>'.repeat(50)}</sheetData></worksheet>`), {
          lieAboutSize: 'xl/worksheets/sheet3.xml',
        }),
      /大小/,
    ],
  ];
  it.each(broken)('rejects %s with a clear message', async (_label, make, message) => {
    await expect(readXlsx(make())).rejects.toThrow(XlsxError);
    await expect(readXlsx(make())).rejects.toThrow(message);
  });

  it('rejects a corrupted entry by its checksum', async () => {
    const file = writeXlsx('S', [['甲']]);
    // Entries are stored, so the sheet's XML is there verbatim: flip one bit of it.
    const index = new TextDecoder('latin1').decode(file).indexOf('<sheetData>');
    const copy = file.slice();
    copy[index + 1] = (copy[index + 1] as number) ^ 0x01;
    await expect(readXlsx(copy)).rejects.toThrow(/校验/);
  });

  it('rejects an encrypted entry', async () => {
    const file = writeXlsx('S', [['甲']]).slice();
    const view = new DataView(file.buffer);
    // Set the "encrypted" flag on every central directory entry.
    for (let p = 0; p + 4 <= file.length; p += 1) {
      if (view.getUint32(p, true) === 0x02014b50)
        view.setUint16(p + 8, view.getUint16(p + 8, true) | 1, true);
    }
    await expect(readXlsx(file)).rejects.toThrow(/加密/);
  });
});

describe('writeXlsx → readXlsx', () => {
  it('round-trips a roster with Chinese text, markup characters, numbers, booleans and gaps', async () => {
    const rows: CellValue[][] = [
      ['代表编号', '姓名', '出生年份', '备注'],
      ['d-0001', '王<小>明 & "Co"', 1970, null],
      ['d-0002', '  前后空格  ', 1985.5, true],
      [null, null, null, '=SUM(A1:A2)'],
    ];
    const book = await readXlsx(writeXlsx('代表/名册', rows));
    expect(book.name).toBe('代表 名册');
    // Empty cells at the end of a row are not stored, as in Excel's own files.
    expect(book.rows).toEqual([
      { number: 1, cells: rows[0] },
      { number: 2, cells: ['d-0001', '王<小>明 & "Co"', 1970] },
      { number: 3, cells: rows[2] },
      { number: 4, cells: rows[3] },
    ]);
  });

  it('round-trips any table of strings and numbers', async () => {
    const cell = fc.oneof(
      fc
        .string({ minLength: 1 })
        // Characters XML cannot carry (the writer drops them) and CR (XML normalises line ends).
        // eslint-disable-next-line no-control-regex
        .filter((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\r]/.test(s)),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 10 }),
        async (rows) => {
          const book = await readXlsx(writeXlsx('S', rows));
          expect(book.rows.map((row) => row.cells)).toEqual(rows);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes the same bytes for the same table (reproducible fixtures)', () => {
    expect(writeXlsx('S', [['a', 1]])).toEqual(writeXlsx('S', [['a', 1]]));
  });
});

describe('helpers', () => {
  it('maps column letters both ways', () => {
    expect(columnIndex('A1')).toBe(0);
    expect(columnIndex('Z9')).toBe(25);
    expect(columnIndex('AA10')).toBe(26);
    expect(columnIndex('XFD1')).toBe(16383);
    expect(columnIndex('a1')).toBeNull();
    fc.assert(fc.property(fc.integer({ min: 0, max: 16383 }), (n) => columnIndex(columnName(n)) === n));
  });

  it('turns Excel date serials into dates in both date systems', () => {
    expect(excelSerialToDate(45292)).toBe('2024-01-01');
    expect(excelSerialToDate(1)).toBe('1899-12-31');
    expect(excelSerialToDate(43830, true)).toBe('2024-01-01');
    expect(excelSerialToDate(45292.5)).toBeNull();
    expect(excelSerialToDate(-3)).toBeNull();
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(encoder.encode('123456789'))).toBe(0xcbf43926);
  });

  it('parses XML with CDATA, comments and character references', () => {
    const root = parseXml(
      '<?xml version="1.0"?><!-- c --><a x="1 &amp; 2"><b><![CDATA[<raw>]]></b>&#20013;</a>',
    );
    expect(root).toEqual({
      name: 'a',
      attributes: { x: '1 & 2' },
      children: [{ name: 'b', attributes: {}, children: ['<raw>'] }, '中'],
    });
    expect(() => parseXml('<a><b></a>')).toThrow(XmlError);
    expect(() => parseXml('<a/><b/>')).toThrow(/多个根元素/);
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/重复/);
    expect(() => parseXml('<a>&#0;</a>')).toThrow(/实体/);
  });

  it('writes a ZIP that a stored-entry reader accepts', () => {
    const zip = writeZip([{ name: 'a.txt', data: encoder.encode('hi') }]);
    expect(new DataView(zip.buffer).getUint32(0, true)).toBe(0x04034b50);
  });
});
