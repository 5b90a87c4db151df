import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, restoreFormulaGuard } from '../../functions/lib/csv.ts';
import { recordsCsv, type CsvCell } from '../../site/lib/records/csv.ts';

describe('recordsCsv', () => {
  it('starts with a UTF-8 byte-order mark and ends every line with CRLF', () => {
    const text = recordsCsv(['编号', '标题'], [['a1', '关于优化公交线路的建议']]);
    expect(text.startsWith('\uFEFF编号,标题\r\n')).toBe(true);
    expect(text).toBe('\uFEFF编号,标题\r\na1,关于优化公交线路的建议\r\n');
    expect(new TextEncoder().encode(text).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  const cells: Array<[string, CsvCell, string]> = [
    ['a formula', '=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['a leading plus', '+86 10 1234', "'+86 10 1234"],
    ['a leading minus in text', '-1+1', "'-1+1"],
    ['a leading at sign', '@cmd', "'@cmd"],
    ['a leading tab', '\t=1', "'\t=1"],
    ['a formula with a comma', '=1,2', `"'=1,2"`],
    ['a negative number', -5, '-5'],
    ['a decimal', 0.8095, '0.8095'],
    ['a comma', '甲,乙', '"甲,乙"'],
    ['quotes', '他说"好"', '"他说""好"""'],
    ['a line break', '第一段\n第二段', '"第一段\n第二段"'],
    ['true', true, '是'],
    ['false', false, '否'],
    ['null', null, ''],
    ['undefined', undefined, ''],
    ['not a number', Number.NaN, ''],
    ['Chinese text', '市交通运输局', '市交通运输局'],
  ];
  it.each(cells)('writes %s safely', (_label, value, expected) => {
    expect(recordsCsv(['x'], [[value]])).toBe(`\uFEFFx\r\n${expected}\r\n`);
  });

  it('reads back as the same table (text cells with the formula guard taken off)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.oneof(fc.string(), fc.integer(), fc.constantFrom('=1+1', '@a', '-x', '中文,"引号"')), {
            minLength: 3,
            maxLength: 3,
          }),
          {
            maxLength: 8,
          },
        ),
        (rows) => {
          const parsed = parseCsv(recordsCsv(['a', 'b', 'c'], rows));
          expect(parsed[0]).toEqual(['a', 'b', 'c']);
          expect(parsed.slice(1).map((r) => r.map(restoreFormulaGuard))).toEqual(
            rows.map((r) => r.map(String)),
          );
        },
      ),
    );
  });

  it('never lets a text cell start a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (row) => {
        const [, parsed] = parseCsv(
          recordsCsv(
            row.map((_, i) => `c${i}`),
            [row],
          ),
        );
        for (const cell of parsed ?? []) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});
