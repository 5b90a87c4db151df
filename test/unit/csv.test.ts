import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CsvError,
  decodeCsvBytes,
  neutralizeFormula,
  parseCsv,
  restoreFormulaGuard,
  toCsv,
} from '../../functions/lib/csv.ts';

describe('parseCsv', () => {
  const cases: Array<[string, string, string[][]]> = [
    [
      'plain fields',
      'a,b,c\n1,2,3\n',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    [
      'CRLF line ends',
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'no final line break',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a byte-order mark',
      '\uFEFF姓名,性别\n张三,男\n',
      [
        ['姓名', '性别'],
        ['张三', '男'],
      ],
    ],
    ['quoted comma and doubled quote', '"a,b","say ""hi"""\n', [['a,b', 'say "hi"']]],
    ['line break inside quotes', '"第一行\n第二行",x\n', [['第一行\n第二行', 'x']]],
    ['empty fields', ',,\n', [['', '', '']]],
    ['a blank line keeps its row', 'a\n\nb\n', [['a'], [''], ['b']]],
    ['an empty quoted field', '"",x\n', [['', 'x']]],
  ];
  it.each(cases)('reads %s', (_label, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  const errors: Array<[string, string, number]> = [
    ['a quote inside an unquoted field', 'a,b\nx"y,z\n', 2],
    ['text after a closing quote', '"ab"c,d\n', 1],
    ['an unclosed quote', 'a,b\n"open,\nmore\n', 4],
  ];
  it.each(errors)('rejects %s with its line number', (_label, text, line) => {
    try {
      parseCsv(text);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(CsvError);
      expect((error as CsvError).line).toBe(line);
    }
  });
});

describe('toCsv', () => {
  it('writes a BOM, CRLF and quotes only where needed', () => {
    expect(toCsv([['a', 'b,c', 'd"e', null, 12]])).toBe('\uFEFFa,"b,c","d""e",,12\r\n');
  });

  it('keeps spreadsheet formulas from running and restores them on import', () => {
    expect(neutralizeFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(neutralizeFormula('+8613800000000')).toBe("'+8613800000000");
    expect(neutralizeFormula('普通文本')).toBe('普通文本');
    expect(restoreFormulaGuard("'=1+1")).toBe('=1+1');
    expect(restoreFormulaGuard("'普通")).toBe("'普通");
  });

  it('round-trips any table of strings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { maxLength: 8 }),
        (rows) => {
          // A row of one empty field is written as an empty line: the same thing.
          const parsed = parseCsv(toCsv(rows)).map((row) => row.map(restoreFormulaGuard));
          expect(parsed).toEqual(rows);
        },
      ),
    );
  });
});

describe('decodeCsvBytes', () => {
  it('reads UTF-8 with or without a BOM', () => {
    const utf8 = new TextEncoder().encode('姓名\n');
    expect(decodeCsvBytes(utf8)).toBe('姓名\n');
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe('姓名\n');
  });

  it('reads the GB18030 that Excel saves on Chinese Windows', () => {
    // 姓名 in GBK/GB18030.
    expect(decodeCsvBytes(new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x0a]))).toBe('姓名\n');
  });
});
