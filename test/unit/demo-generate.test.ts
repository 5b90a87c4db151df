import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashCode, normalizeCode } from '../../functions/lib/codes.ts';
import { generateDemoCity, type DemoCity } from '../../scripts/demo/generate.ts';
import { utf8Length } from '../../scripts/demo/sql.ts';

const AS_OF = '2026-11-22';
const MIGRATIONS = fileURLToPath(new URL('../../migrations/', import.meta.url));

function rowsOf(city: DemoCity, table: string): string[] {
  return city.statements.filter((s) => s.startsWith(`INSERT INTO ${table} (`));
}

async function hashOf(code: string): Promise<string> {
  const canonical = normalizeCode(code);
  expect(canonical).not.toBeNull();
  return hashCode(canonical ?? '');
}

describe('generateDemoCity', () => {
  let tiny: DemoCity;
  beforeAll(async () => {
    tiny = await generateDemoCity({ seed: 7, scale: 0.05, asOf: AS_OF });
  });

  it('is deterministic for the same options', async () => {
    const again = await generateDemoCity({ seed: 7, scale: 0.05, asOf: AS_OF });
    expect(again.statements).toEqual(tiny.statements);
    expect(again.summary).toEqual(tiny.summary);
    expect(again.demoVotingCodes).toEqual(tiny.demoVotingCodes);
    expect(again.demoTrackingCodes).toEqual(tiny.demoTrackingCodes);
  });

  it('changes with the seed', async () => {
    const other = await generateDemoCity({ seed: 8, scale: 0.05, asOf: AS_OF });
    expect(other.statements).not.toEqual(tiny.statements);
    expect(other.demoVotingCodes).not.toEqual(tiny.demoVotingCodes);
  });

  it('rejects bad options', async () => {
    await expect(generateDemoCity({ asOf: '2026-02-30' })).rejects.toThrow(RangeError);
    await expect(generateDemoCity({ asOf: AS_OF, scale: 0 })).rejects.toThrow(RangeError);
    await expect(generateDemoCity({ asOf: AS_OF, seed: -1 })).rejects.toThrow(RangeError);
  });

  it('writes bounded multi-row INSERTs and fills every table', () => {
    for (const statement of tiny.statements) {
      expect(statement).toMatch(/^INSERT INTO [a-z_]+ \(/);
      expect(statement.endsWith(';')).toBe(true);
      expect(utf8Length(statement)).toBeLessThanOrEqual(100_000);
      expect(statement.split('\n').length - 1).toBeLessThanOrEqual(200);
    }
    for (const [table, count] of Object.entries(tiny.summary)) {
      expect(count, table).toBeGreaterThan(0);
    }
  });

  it('derives the public change log from the generated records', () => {
    const derived = tiny.statements.filter((statement) => statement.startsWith('INSERT INTO change_log'));
    expect(derived.length).toBeGreaterThanOrEqual(3);
    for (const statement of derived) expect(statement).toMatch(/\nSELECT /);
  });

  it('keeps the tiny city complete: a resigned deputy and a round open at asOf', () => {
    expect(rowsOf(tiny, 'deputies').join('\n')).toMatch(/'resigned', '\d{4}-\d{2}-\d{2}'/);
    const phases = rowsOf(tiny, 'round_phases').join('\n');
    const open = /\(2026, 'public_voting', '([^']+)', '([^']+)'\)/.exec(phases);
    expect(open).not.toBeNull();
    expect((open?.[1] ?? '') <= `${AS_OF}T00:00:00Z`).toBe(true);
    expect((open?.[2] ?? '') > `${AS_OF}T23:59:59Z`).toBe(true);
  });

  it('returns five unused voting codes and three tracking codes of replied opinions', async () => {
    expect(tiny.demoVotingCodes).toHaveLength(5);
    expect(tiny.demoTrackingCodes).toHaveLength(3);
    const codes = rowsOf(tiny, 'voting_codes').join('\n');
    const uses = rowsOf(tiny, 'voting_code_uses').join('\n');
    for (const code of tiny.demoVotingCodes) {
      const hash = await hashOf(code);
      expect(codes).toContain(`'${hash}'`);
      expect(uses).not.toContain(`'${hash}'`);
    }
    const opinions = rowsOf(tiny, 'opinions').join('\n');
    for (const code of tiny.demoTrackingCodes) {
      const hash = await hashOf(code);
      const row = opinions.split('\n').find((line) => line.includes(`'${hash}'`));
      expect(row).toMatch(/'(replied|closed)'/);
    }
  });

  it('loads into SQLite with every migration constraint satisfied', async () => {
    let sqlite: { DatabaseSync: typeof DatabaseSync };
    try {
      sqlite = await import('node:sqlite');
    } catch {
      return; // node:sqlite needs Node 22.13+; the wrangler load check covers older runtimes.
    }
    const db = new sqlite.DatabaseSync(':memory:');
    db.exec('PRAGMA foreign_keys = ON');
    for (const file of readdirSync(MIGRATIONS)
      .filter((f) => f.endsWith('.sql'))
      .sort()) {
      db.exec(readFileSync(join(MIGRATIONS, file), 'utf8'));
    }
    db.exec('BEGIN');
    for (const statement of tiny.statements) db.exec(statement);
    db.exec('COMMIT');
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    for (const [table, count] of Object.entries(tiny.summary)) {
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get(), table).toEqual({ n: count });
    }
    // Some community or village has serving deputies at three or more levels.
    const levels = db
      .prepare(
        `WITH RECURSIVE up(leaf, id) AS (
           SELECT id, id FROM areas WHERE kind IN ('community', 'village')
           UNION ALL SELECT up.leaf, a.parent_id FROM up JOIN areas a ON a.id = up.id WHERE a.parent_id IS NOT NULL)
         SELECT MAX(n) AS n FROM (
           SELECT up.leaf, COUNT(DISTINCT c.level) AS n FROM up
           JOIN electoral_unit_areas eua ON eua.area_id = up.id
           JOIN deputies d ON d.electoral_unit_id = eua.electoral_unit_id AND d.status = 'serving'
           JOIN terms t ON t.id = d.term_id JOIN congresses c ON c.id = t.congress_id
           GROUP BY up.leaf)`,
      )
      .get() as { n: number };
    expect(levels.n).toBeGreaterThanOrEqual(3);
    const replied = db
      .prepare('SELECT COUNT(*) AS n FROM opinions WHERE public_reply IS NOT NULL AND reply_is_public = 1')
      .get() as { n: number };
    expect(replied.n).toBeGreaterThanOrEqual(3);
    db.close();
  });

  // The demo city is generated for "today", so the same seed gives other stories on other days;
  // whatever the day, each demo tracking code must open an answered opinion that can still be rated.
  it.each(['2026-11-30', '2026-12-01', '2026-12-31', '2027-01-01', '2027-02-28', '2027-07-15'])(
    'as of %s, the demo codes work: tracking codes open answered opinions still open to rating, voting codes a round open that day',
    async (asOf) => {
      let sqlite: { DatabaseSync: typeof DatabaseSync };
      try {
        sqlite = await import('node:sqlite');
      } catch {
        return;
      }
      const city = await generateDemoCity({ seed: 1, scale: 0.05, asOf });
      const db = new sqlite.DatabaseSync(':memory:');
      for (const file of readdirSync(MIGRATIONS)
        .filter((f) => f.endsWith('.sql'))
        .sort()) {
        db.exec(readFileSync(join(MIGRATIONS, file), 'utf8'));
      }
      db.exec('BEGIN');
      for (const statement of city.statements) db.exec(statement);
      db.exec('COMMIT');
      expect(city.demoTrackingCodes).toHaveLength(3);
      const read = db.prepare(
        'SELECT public_reply IS NOT NULL AS replied, feedback_resolved IS NULL AS open FROM opinions WHERE tracking_hash = ?1',
      );
      for (const code of city.demoTrackingCodes) {
        expect(read.get(await hashOf(code)), code).toEqual({ replied: 1, open: 1 });
      }
      // The journeys vote in the round of asOf's year, open that day, with unused codes.
      const now = `${asOf}T12:00:00Z`;
      const round = db
        .prepare(
          "SELECT round_year AS year FROM round_phases WHERE phase = 'public_voting' AND starts_at <= ?1 AND ends_at > ?1",
        )
        .get(now);
      expect(round, 'a round open for public voting').toEqual({ year: Number(asOf.slice(0, 4)) });
      expect(city.demoVotingCodes).toHaveLength(5);
      const unused = db.prepare(
        'SELECT COUNT(*) AS n FROM voting_codes c WHERE c.code_hash = ?1 AND NOT EXISTS (SELECT 1 FROM voting_code_uses u WHERE u.code_hash = c.code_hash)',
      );
      for (const code of city.demoVotingCodes) expect(unused.get(await hashOf(code)), code).toEqual({ n: 1 });
      db.close();
    },
  );
});
