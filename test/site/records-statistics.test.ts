import type { D1Database } from '@cloudflare/workers-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asOfDate,
  escapeHtml,
  openTestDatabase,
  readBuilt,
  readBuiltJson,
  type DatasetFile,
} from './records-helpers.ts';

// Published statistics recomputed straight from the test D1 with independent SQL, then compared
// with the data files and the pages the build wrote from the same database.
let db: D1Database;
let dispose: () => Promise<void>;
let asOf: string;

beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase());
  asOf = await asOfDate(db);
});
afterAll(async () => dispose());

const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)}%`;
const round4 = (part: number, whole: number) => Math.round((part / whole) * 10_000) / 10_000;

function row(file: DatasetFile, match: Record<string, string>) {
  return file.records.find((r) => Object.entries(match).every(([k, v]) => r[k] === v));
}

describe('suggestion statistics per session', () => {
  it('publishes the class A share of every session as the database gives it', async () => {
    const { results } = await db
      .prepare(
        `SELECT session_id, COUNT(*) AS items,
           SUM(CASE WHEN result_class = 'A' THEN 1 ELSE 0 END) AS a,
           SUM(CASE WHEN result_class IS NOT NULL THEN 1 ELSE 0 END) AS classified
         FROM suggestions GROUP BY session_id`,
      )
      .all<{ session_id: string; items: number; a: number; classified: number }>();
    expect(results.length).toBeGreaterThan(0);
    const file = await readBuiltJson<DatasetFile>('data', 'stats-sessions.json');
    const page = await readBuilt('stats', 'index.html');
    for (const s of results) {
      const published = row(file, { session_id: s.session_id });
      expect(published, s.session_id).toBeDefined();
      expect(published).toMatchObject({ items: s.items, class_a: s.a, classified: s.classified });
      expect(published?.share_a).toBe(s.classified > 0 ? round4(s.a, s.classified) : null);
      const tableRow = new RegExp(`<tr id="row-${s.session_id}">([\\s\\S]*?)</tr>`).exec(page)?.[1] ?? '';
      expect(tableRow, `row of ${s.session_id} on /stats/`).toContain(
        s.classified > 0 ? `${s.a}（${pct(s.a, s.classified)}）` : '—',
      );
    }
    const total = results.reduce((n, s) => n + s.items, 0);
    expect(row(file, { session_id: 'all' })?.items).toBe(total);
  });

  it('publishes the satisfaction share from the latest ratings', async () => {
    const { results } = await db
      .prepare(
        `SELECT session_id,
           SUM(CASE WHEN satisfaction IN ('satisfied', 'basically_satisfied') THEN 1 ELSE 0 END) AS ok,
           SUM(CASE WHEN satisfaction IS NOT NULL THEN 1 ELSE 0 END) AS rated
         FROM suggestions GROUP BY session_id`,
      )
      .all<{ session_id: string; ok: number; rated: number }>();
    const file = await readBuiltJson<DatasetFile>('data', 'stats-sessions.json');
    for (const s of results) {
      const published = row(file, { session_id: s.session_id });
      expect(published?.rated).toBe(s.rated);
      expect(published?.satisfied_share).toBe(s.rated > 0 ? round4(s.ok, s.rated) : null);
    }
  });

  it('counts open commitments past their due date as overdue', async () => {
    const overdue = await db
      .prepare(`SELECT COUNT(*) AS n FROM commitments WHERE status = 'open' AND due_on < ?1`)
      .bind(asOf)
      .first<{ n: number }>();
    const file = await readBuiltJson<DatasetFile>('data', 'stats-sessions.json');
    expect(row(file, { session_id: 'all' })?.commitments_overdue).toBe(overdue?.n);
    const commitments = await readBuiltJson<DatasetFile>('data', 'commitments.json');
    expect(commitments.records.filter((c) => c.overdue === true)).toHaveLength(overdue?.n ?? -1);
  });
});

describe('handling unit scorecards', () => {
  it('publishes each unit’s on-time reply rate as recomputed from assignments and replies', async () => {
    const { results } = await db
      .prepare(
        `SELECT a.handling_unit_id AS unit_id,
           COUNT(*) AS assigned,
           SUM(CASE WHEN f.first_on IS NOT NULL AND f.first_on <= a.due_on THEN 1 ELSE 0 END) AS on_time,
           SUM(CASE WHEN f.first_on IS NOT NULL AND f.first_on > a.due_on THEN 1 ELSE 0 END) AS late,
           SUM(CASE WHEN f.first_on IS NULL AND a.due_on < ?1 THEN 1 ELSE 0 END) AS overdue
         FROM suggestion_assignments a
         LEFT JOIN (SELECT suggestion_id, handling_unit_id, MIN(replied_on) AS first_on
                    FROM suggestion_replies GROUP BY suggestion_id, handling_unit_id) f
           ON f.suggestion_id = a.suggestion_id AND f.handling_unit_id = a.handling_unit_id
         GROUP BY a.handling_unit_id ORDER BY assigned DESC, unit_id`,
      )
      .bind(asOf)
      .all<{ unit_id: string; assigned: number; on_time: number; late: number; overdue: number }>();
    expect(results.length).toBeGreaterThan(0);
    const file = await readBuiltJson<DatasetFile>('data', 'stats-units.json');
    for (const u of results) {
      const judged = u.on_time + u.late + u.overdue;
      const published = row(file, { session_id: 'all', unit_id: u.unit_id });
      expect(published, u.unit_id).toMatchObject({
        assigned: u.assigned,
        on_time: u.on_time,
        late: u.late,
        overdue: u.overdue,
      });
      expect(published?.on_time_rate).toBe(judged > 0 ? round4(u.on_time, judged) : null);
    }
    // The busiest unit's own page shows the same rate.
    const busiest = results[0];
    if (!busiest) throw new Error('no assignments in the test database');
    const judged = busiest.on_time + busiest.late + busiest.overdue;
    const page = await readBuilt('units', busiest.unit_id, 'index.html');
    expect(page).toContain(`<b>${judged > 0 ? pct(busiest.on_time, judged) : '—'}</b>按期答复率`);
  });

  it('lists every handling unit with its name', async () => {
    const { results } = await db
      .prepare('SELECT id, name FROM handling_units')
      .all<{ id: string; name: string }>();
    const index = await readBuilt('units', 'index.html');
    for (const u of results) {
      const page = await readBuilt('units', u.id, 'index.html');
      expect(page).toContain(`<h1>${escapeHtml(u.name)}</h1>`);
    }
    expect(index).toContain('按期答复率');
  });
});

describe('opinions and deputies', () => {
  it('counts opinions received and answered per Beijing year', async () => {
    const { results } = await db
      .prepare(
        `SELECT CAST(strftime('%Y', received_at, '+8 hours') AS INTEGER) AS year, COUNT(*) AS received,
           SUM(CASE WHEN first_replied_at IS NOT NULL THEN 1 ELSE 0 END) AS answered
         FROM opinions WHERE status <> 'held' GROUP BY year`,
      )
      .all<{ year: number; received: number; answered: number }>();
    const file = await readBuiltJson<DatasetFile>('data', 'stats-opinions.json');
    expect(file.records).toHaveLength(results.length);
    for (const y of results) {
      expect(file.records.find((r) => r.year === y.year)).toMatchObject({
        received: y.received,
        answered: y.answered,
      });
    }
  });

  it('reports duty-report coverage per term', async () => {
    const { results } = await db
      .prepare(
        `SELECT d.term_id, COUNT(DISTINCT d.id) AS deputies, COUNT(DISTINCT r.deputy_id) AS reported
         FROM deputies d LEFT JOIN duty_reports r ON r.deputy_id = d.id GROUP BY d.term_id`,
      )
      .all<{ term_id: string; deputies: number; reported: number }>();
    const file = await readBuiltJson<DatasetFile>('data', 'stats-duty-reports.json');
    for (const t of results) {
      const published = file.records.find((r) => r.term_id === t.term_id);
      expect(published?.reported).toBe(t.reported);
      expect(published?.coverage).toBe(round4(t.reported, t.deputies));
    }
  });
});
