import { describe, expect, it } from 'vitest';
import { inflationBudget, readXlsx, XLSX_LIMITS, XlsxError } from '../../functions/lib/xlsx.ts';
import { excelLikeZip, NS, workbookParts } from './excel-like-zip.ts';

/**
 * Hostile or oversized workbooks that are small on the wire: the reader must refuse them without
 * inflating or parsing them whole (a 160 KB file once grew the Worker's memory by about 1.2 GB, a
 * 319 KB sheet of empty rows took 17 s to refuse).
 */

function sheetOfRows(count: number): string {
  let rows = '';
  for (let r = 1; r <= count; r += 1) rows += `<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`;
  return `<worksheet xmlns="${NS}"><sheetData>${rows}</sheetData></worksheet>`;
}

describe('the inflation budget', () => {
  it('grows with the file up to a ceiling and gives small files a floor', () => {
    expect(inflationBudget(1000)).toBe(XLSX_LIMITS.minInflatedBytes);
    expect(inflationBudget(200_000)).toBe(200_000 * XLSX_LIMITS.maxInflationRatio);
    expect(inflationBudget(100 * 1024 * 1024)).toBe(XLSX_LIMITS.maxInflatedBytes);
  });

  it('refuses a small file whose sheet inflates far past it (ZIP bomb), before parsing it', async () => {
    // 12 MB of one repeated cell deflates to about 12 KB: a thousand times the upload.
    const cell = `<c t="inlineStr"><is><t>${'x'.repeat(1000)}</t></is></c>`;
    const bomb = excelLikeZip(
      workbookParts(
        `<worksheet xmlns="${NS}"><sheetData><row r="1">${cell.repeat(12_000)}</row></sheetData></worksheet>`,
      ),
    );
    expect(bomb.byteLength).toBeLessThan(100_000);
    const started = performance.now();
    await expect(readXlsx(bomb)).rejects.toThrow(/解压后过大/);
    // Refused on the declared size, before anything is inflated.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('counts every part against one budget, not each part on its own', async () => {
    // Each part alone fits the 4 MB floor of a tiny file; the two together do not.
    const strings = `<sst xmlns="${NS}">${`<si><t>${'字'.repeat(500)}</t></si>`.repeat(1700)}</sst>`;
    const sheet = sheetOfRows(1);
    const parts = workbookParts(sheet);
    const file = excelLikeZip({
      ...parts,
      'xl/sharedStrings.xml': strings,
      'xl/worksheets/sheet3.xml': sheet + ' '.repeat(2_000_000),
    });
    expect(new TextEncoder().encode(strings).byteLength).toBeLessThan(XLSX_LIMITS.minInflatedBytes);
    await expect(readXlsx(file)).rejects.toThrow(/解压后过大/);
  });

  it('still reads an ordinary workbook that compresses well', async () => {
    const book = await readXlsx(excelLikeZip(workbookParts(sheetOfRows(5000))));
    expect(book.rows).toHaveLength(5000);
    expect(book.rows.at(-1)).toEqual({ number: 5000, cells: [5000] });
  });
});

describe('the row limit', () => {
  it('stops reading at the limit instead of parsing the whole sheet first', async () => {
    // Past the limit the sheet is broken: a reader that parsed everything first would report the
    // broken XML; one that stops at the limit never reaches it.
    const sheet = sheetOfRows(20_002).replace('</sheetData>', '<broken attr></sheetData>');
    await expect(readXlsx(excelLikeZip(workbookParts(sheet)), { maxRows: 20_001 })).rejects.toThrow(
      /超过 20001 行/,
    );
    await expect(readXlsx(excelLikeZip(workbookParts(sheet)), { maxRows: 30_000 })).rejects.toThrow(
      /XML 格式错误/,
    );
  });

  it('accepts a sheet with exactly the limit', async () => {
    const book = await readXlsx(excelLikeZip(workbookParts(sheetOfRows(300))), { maxRows: 300 });
    expect(book.rows).toHaveLength(300);
    await expect(readXlsx(excelLikeZip(workbookParts(sheetOfRows(301))), { maxRows: 300 })).rejects.toThrow(
      XlsxError,
    );
  });
});

describe('a ZIP bomb that lies about its size', () => {
  it('is stopped while inflating, at the size it declared', async () => {
    const cell = `<c t="inlineStr"><is><t>${'x'.repeat(1000)}</t></is></c>`;
    const bomb = excelLikeZip(
      workbookParts(`<worksheet><sheetData><row r="1">${cell.repeat(12_000)}</row></sheetData></worksheet>`),
      { lieAboutSize: 'xl/worksheets/sheet3.xml' },
    );
    await expect(readXlsx(bomb)).rejects.toThrow(/大小与声明不符/);
  });
});
