import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readXlsx, writeXlsx } from '../../functions/lib/xlsx.ts';
import {
  BAD_ROW,
  FIXTURE_FILES,
  rosterSampleFixedRows,
  rosterSampleRows,
} from '../../scripts/fixtures/roster-sample.ts';

const root = new URL('../../', import.meta.url);

describe('sample roster fixtures', () => {
  it('are exactly what scripts/fixtures/roster-sample.ts writes (regenerate with that script)', () => {
    expect(new Uint8Array(readFileSync(new URL(FIXTURE_FILES.bad, root)))).toEqual(
      writeXlsx('代表名册', rosterSampleRows()),
    );
    expect(new Uint8Array(readFileSync(new URL(FIXTURE_FILES.fixed, root)))).toEqual(
      writeXlsx('代表名册', rosterSampleFixedRows()),
    );
  });

  it('differ in exactly the one bad cell', async () => {
    const bad = await readXlsx(new Uint8Array(readFileSync(new URL(FIXTURE_FILES.bad, root))));
    const fixed = await readXlsx(new Uint8Array(readFileSync(new URL(FIXTURE_FILES.fixed, root))));
    const header = bad.rows[0]?.cells ?? [];
    const column = header.indexOf(BAD_ROW.column);
    const differences = bad.rows.flatMap((row, r) =>
      row.cells.flatMap((cell, c) =>
        cell === fixed.rows[r]?.cells[c] ? [] : [{ row: row.number, column: header[c], cell }],
      ),
    );
    expect(column).toBeGreaterThan(0);
    expect(differences).toEqual([{ row: BAD_ROW.row, column: BAD_ROW.column, cell: BAD_ROW.badValue }]);
  });
});
