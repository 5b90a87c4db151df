/**
 * The demo city a journalist would believe (issue 13 §6), checked on the generated data loaded
 * into SQLite under the real migrations, at the site tests' scale (0.05) and at a city portal's
 * (1): motions go to special committees, suggestions to the unit of their field, titles are
 * distinct and bodies match them, a case sent back is closed only after a later reply, reports
 * quote their own year's figures, news names only real places, and a profile's 最后更新 is its
 * latest change.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCity } from '../../scripts/demo/generate.ts';
import { FIELD_UNITS, MOTION_TOPICS, SUGGESTION_TOPICS } from '../../scripts/demo/topics.ts';
import type { SuggestionCategory } from '#domain/suggestions.ts';
import { DEPUTIES_QUERY } from '../../site/loaders/people-queries.ts';

const AS_OF = '2026-11-30';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Row = Record<string, string | number | null>;

let sqlite: { DatabaseSync: typeof DatabaseSync } | null = null;
try {
  sqlite = await import('node:sqlite');
} catch {
  sqlite = null; // node:sqlite needs Node 22.13+; npm scripts run on Node 24.
}

async function loadCity(scale: number): Promise<DatabaseSync> {
  if (sqlite === null) throw new Error('node:sqlite is not available');
  const city = await generateDemoCity({ seed: 1, scale, asOf: AS_OF });
  const db = new sqlite.DatabaseSync(':memory:');
  db.exec('PRAGMA foreign_keys = ON');
  const dir = join(ROOT, 'migrations');
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    db.exec(readFileSync(join(dir, file), 'utf8'));
  }
  db.exec('BEGIN');
  for (const statement of city.statements) db.exec(statement);
  db.exec('COMMIT');
  return db;
}

function all(db: DatabaseSync, sql: string): Row[] {
  return db.prepare(sql).all() as Row[];
}

function text(row: Row, key: string): string {
  const value = row[key];
  if (typeof value !== 'string') throw new Error(`${key} is not text: ${String(value)}`);
  return value;
}

/**
 * Words ending in 区, 街道 or 镇 that are not place names (小区, 各区, 乡镇...), judged by the
 * character before the ending. A name such as 青湖区 is caught because 湖区 is not listed.
 */
const COMMON_WORDS = new Set([
  '小区',
  '社区',
  '城区',
  '园区',
  '选区',
  '辖区',
  '街区',
  '景区',
  '片区',
  '学区',
  '各区',
  '全区',
  '本区',
  '市区',
  '郊区',
  '山区',
  '该区',
  '的区',
  '地区',
  '跨区',
  '个区',
  '靠区',
  '放区',
  '聚区',
  '跨街道',
  '镇区',
  '乡镇',
  '城镇',
  '村镇',
  '各镇',
  '本镇',
  '全镇',
  '各街道',
  '本街道',
  '该街道',
]);
const PLACE_ENDINGS = ['街道', '区', '镇'];

/** Place-like words in a text that are neither an area of the city nor a common noun. */
function unknownPlaces(content: string, areaNames: readonly string[]): string[] {
  const unknown: string[] = [];
  for (const ending of PLACE_ENDINGS) {
    for (let i = content.indexOf(ending); i >= 0; i = content.indexOf(ending, i + 1)) {
      const end = i + ending.length;
      // A level on its own (市、区、镇三级), not a name: nothing but punctuation before it.
      if (!/[\u4e00-\u9fff]/.test(content.slice(i - 1, i))) continue;
      const named = areaNames.some(
        (name) => name.endsWith(ending) && content.slice(end - name.length, end) === name,
      );
      if (named) continue;
      if (COMMON_WORDS.has(content.slice(i - 1, end))) continue;
      // 区级, 区人大, 区第十九届: the level, not a place.
      if (ending === '区' && /^[级人委政第]/.test(content.slice(end, end + 1))) continue;
      if (ending === '街道' && /^[人工办]/.test(content.slice(end, end + 1))) continue;
      unknown.push(content.slice(Math.max(0, i - 3), end));
    }
  }
  return unknown;
}

/** The whole content/news folder, front matter and body. */
function newsFiles(): { file: string; content: string }[] {
  const dir = join(ROOT, 'content', 'news');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .sort()
    .map((file) => ({ file, content: readFileSync(join(dir, file), 'utf8') }));
}

describe.skipIf(sqlite === null).each([0.05, 1])('the demo city at scale %s', (scale) => {
  let db: DatabaseSync;
  beforeAll(async () => {
    db = await loadCity(scale);
  }, 60_000);

  it('refers every motion to a special committee of the congress, and no suggestion', () => {
    const leads = all(
      db,
      `SELECT s.kind, s.category, u.id AS unit_id, u.name AS unit
       FROM suggestions s
       JOIN suggestion_assignments a ON a.suggestion_id = s.id AND a.role = 'lead'
       JOIN handling_units u ON u.id = a.handling_unit_id`,
    );
    const motions = leads.filter((r) => r.kind === 'motion');
    expect(motions.length).toBeGreaterThan(0);
    for (const m of motions) expect(text(m, 'unit')).toMatch(/^星澜市人民代表大会.+委员会$/);
    for (const m of motions) {
      const topic = MOTION_TOPICS.find((t) => t.committee === m.unit_id && t.category === m.category);
      expect(topic, `${text(m, 'unit')} for a ${text(m, 'category')} motion`).toBeDefined();
    }
    for (const s of leads.filter((r) => r.kind === 'suggestion')) {
      expect(text(s, 'unit')).not.toMatch(/人民代表大会/);
    }
  });

  it('assigns each suggestion to a unit of its own field; education goes to 教育局', () => {
    const rows = all(
      db,
      `SELECT s.category, a.handling_unit_id AS unit_id, u.name AS unit, COUNT(*) AS n
       FROM suggestions s
       JOIN suggestion_assignments a ON a.suggestion_id = s.id AND a.role = 'lead'
       JOIN handling_units u ON u.id = a.handling_unit_id
       WHERE s.kind = 'suggestion' GROUP BY 1, 2, 3`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const category = text(r, 'category') as SuggestionCategory;
      expect(FIELD_UNITS[category], `${category} → ${text(r, 'unit')}`).toContain(text(r, 'unit_id'));
    }
    const education = rows.filter((r) => r.category === 'education');
    expect(education.map((r) => r.unit)).toEqual(['星澜市教育局']);
    const health = rows.filter((r) => r.category === 'health').map((r) => text(r, 'unit'));
    for (const unit of health) expect(unit).toMatch(/卫生健康委员会|医疗保障局/);
  });

  it('keeps at least 90 % of the titles distinct', () => {
    const [row] = all(db, 'SELECT COUNT(*) AS n, COUNT(DISTINCT title) AS d FROM suggestions');
    const n = Number(row?.n);
    const distinct = Number(row?.d);
    expect(n).toBeGreaterThan(0);
    expect(distinct / n).toBeGreaterThanOrEqual(0.9);
  });

  it('writes each body about what its title names, in a place of the city', () => {
    const areaPaths = new Set(
      all(
        db,
        `WITH RECURSIVE p(id, path, kind) AS (
           SELECT id, name, kind FROM areas WHERE kind = 'district'
           UNION ALL SELECT a.id, p.path || a.name, a.kind FROM areas a JOIN p ON a.parent_id = p.id)
         SELECT path FROM p`,
      ).map((r) => text(r, 'path')),
    );
    const rows = all(db, 'SELECT kind, category, title, body FROM suggestions');
    for (const r of rows) {
      const title = text(r, 'title');
      const body = text(r, 'body');
      if (r.kind === 'motion') {
        const m = /^关于(制定|修改)《星澜市(.+)条例》的议案$/.exec(title);
        expect(m, title).not.toBeNull();
        expect(body).toContain(`建议${m?.[1] ?? ''}《星澜市${m?.[2] ?? ''}条例》`);
        expect(MOTION_TOPICS.some((t) => t.subject === m?.[2] && body.startsWith(t.reason))).toBe(true);
        continue;
      }
      const core = /^关于(.+)的建议$/.exec(title)?.[1] ?? '';
      const category = text(r, 'category') as SuggestionCategory;
      const match = SUGGESTION_TOPICS[category].flatMap((topic) =>
        topic.actions
          .filter((action) => core.startsWith(action) && core.endsWith(topic.object))
          .map((action) => ({ topic, place: core.slice(action.length, core.length - topic.object.length) })),
      );
      expect(match.length, title).toBeGreaterThan(0);
      const { topic, place } = match[0] ?? { topic: undefined, place: '' };
      expect(place === '我市' || areaPaths.has(place), `${place} in ${title}`).toBe(true);
      expect(body.startsWith(`${place}${topic?.object ?? ''}`), `${title}\n${body}`).toBe(true);
      const recommendations = /一是(.+?)；二是(.+?)；/.exec(body);
      expect(topic?.recommendations).toContain(recommendations?.[1]);
      expect(topic?.recommendations).toContain(recommendations?.[2]);
    }
  });

  it('closes a case that was sent back only after a later reply', () => {
    const rows = all(
      db,
      `SELECT s.id, s.status, s.satisfaction,
         (SELECT json_group_array(json_array(round, rated_on, satisfaction))
            FROM (SELECT * FROM suggestion_ratings WHERE suggestion_id = s.id ORDER BY round)) AS ratings,
         (SELECT json_group_array(json_array(r.round, r.replied_on))
            FROM (SELECT r.* FROM suggestion_replies r JOIN suggestion_assignments a
                    ON a.suggestion_id = r.suggestion_id AND a.handling_unit_id = r.handling_unit_id
                  WHERE r.suggestion_id = s.id AND a.role = 'lead' ORDER BY r.round) r) AS replies
       FROM suggestions s`,
    );
    let sentBack = 0;
    let closedAfterSentBack = 0;
    for (const r of rows) {
      const ratings = JSON.parse(text(r, 'ratings')) as [number, string, string][];
      const replies = JSON.parse(text(r, 'replies')) as [number, string][];
      for (const [round, ratedOn, satisfaction] of ratings) {
        if (satisfaction !== 'dissatisfied') continue;
        sentBack++;
        const later = replies.find(([n, on]) => n === round + 1 && on > ratedOn);
        if (r.status === 'closed') {
          expect(later, `${text(r, 'id')} closed after being sent back in round ${round}`).toBeDefined();
          closedAfterSentBack++;
        } else if (later === undefined) {
          expect(r.status, text(r, 'id')).toBe('rehandling');
        }
      }
      const last = ratings[ratings.length - 1];
      if (r.status === 'closed') {
        expect(last?.[2], text(r, 'id')).not.toBe('dissatisfied');
        expect(last?.[0], text(r, 'id')).toBe(replies[replies.length - 1]?.[0]);
      }
    }
    expect(sentBack).toBeGreaterThan(0);
    if (scale >= 1) expect(closedAfterSentBack).toBeGreaterThan(0);
  });

  it("quotes each duty report's own year and the figures of that year before the report", () => {
    const reports = all(
      db,
      `SELECT r.id, r.deputy_id, r.year, r.reported_on,
         r.law_observance || r.session_work || r.between_sessions_work || r.public_contact || r.other_matters AS text,
         (SELECT COUNT(*) FROM duty_activities a WHERE a.deputy_id = r.deputy_id AND a.type <> 'session_meeting'
            AND a.occurred_on >= r.year || '-01-01' AND a.occurred_on < r.reported_on) AS activities,
         (SELECT COALESCE(SUM(a.days), 0) FROM duty_activities a WHERE a.deputy_id = r.deputy_id
            AND a.type <> 'session_meeting' AND a.occurred_on >= r.year || '-01-01'
            AND a.occurred_on < r.reported_on) AS days,
         (SELECT COUNT(*) FROM duty_activities a WHERE a.deputy_id = r.deputy_id AND a.type = 'reception_day'
            AND a.occurred_on >= r.year || '-01-01' AND a.occurred_on < r.reported_on) AS receptions,
         (SELECT COUNT(*) FROM suggestions s WHERE s.lead_deputy_id = r.deputy_id
            AND s.filed_on >= r.year || '-01-01' AND s.filed_on < r.reported_on) AS led,
         (SELECT COUNT(*) FROM suggestion_cosigners c JOIN suggestions s ON s.id = c.suggestion_id
            WHERE c.deputy_id = r.deputy_id AND s.filed_on >= r.year || '-01-01' AND s.filed_on < r.reported_on) AS cosigned
       FROM duty_reports r`,
    );
    expect(reports.length).toBeGreaterThan(0);
    for (const r of reports) {
      const body = text(r, 'text');
      const year = Number(r.year);
      expect(text(r, 'reported_on').slice(0, 4), text(r, 'id')).toBe(String(year));
      for (const m of body.matchAll(/(\d{4})年/g)) expect(Number(m[1]), text(r, 'id')).toBe(year);
      expect(body, text(r, 'id')).toContain(
        `闭会期间共参加各类履职活动${Number(r.activities)}次，累计${Number(r.days)}天`,
      );
      if (Number(r.receptions) > 0) expect(body).toContain(`进站接待选民${Number(r.receptions)}次`);
      const filed = /领衔提出议案和建议(\d+)件，附议(\d+)件/.exec(body);
      if (filed !== null) {
        expect(Number(filed[1]), text(r, 'id')).toBe(Number(r.led));
        expect(Number(filed[2]), text(r, 'id')).toBe(Number(r.cosigned));
      }
    }
  });

  it('names only places that exist in the city, in the news and in generated text', () => {
    const areaNames = all(db, `SELECT DISTINCT name FROM areas`).map((r) => text(r, 'name'));
    for (const { file, content } of newsFiles()) {
      expect(unknownPlaces(content, areaNames), file).toEqual([]);
    }
    const generated = [
      ...all(db, 'SELECT title AS t FROM suggestions'),
      ...all(db, 'SELECT body AS t FROM suggestions'),
      ...all(db, 'SELECT DISTINCT title AS t FROM duty_activities'),
      ...all(db, 'SELECT name AS t FROM stations'),
      ...all(db, 'SELECT name AS t FROM deputy_groups'),
      ...all(db, 'SELECT DISTINCT topic AS t FROM reception_days'),
    ].map((r) => text(r, 't'));
    const unknown = new Set(generated.flatMap((t) => unknownPlaces(t, areaNames)));
    expect([...unknown].join(' ')).toBe('');
  });

  it("dates a profile's 最后更新 at its latest change, not at the election", () => {
    const rows = all(db, DEPUTIES_QUERY);
    const reports = new Map<string, string>();
    for (const r of all(db, 'SELECT deputy_id, MAX(published_at) AS at FROM duty_reports GROUP BY 1'))
      reports.set(text(r, 'deputy_id'), text(r, 'at'));
    const suggestionChanges = new Map<string, string>(
      all(
        db,
        `SELECT deputy_id, MAX(updated_at) AS at FROM (
           SELECT lead_deputy_id AS deputy_id, updated_at FROM suggestions
           UNION ALL SELECT c.deputy_id, s.updated_at FROM suggestion_cosigners c JOIN suggestions s ON s.id = c.suggestion_id)
         GROUP BY 1`,
      ).map((r) => [text(r, 'deputy_id'), text(r, 'at')]),
    );
    let later = 0;
    for (const row of rows) {
      const id = text(row, 'id');
      const shown = [
        ...(JSON.parse(text(row, 'activities')) as { occurredOn: string }[]).map((a) => a.occurredOn),
        ...(JSON.parse(text(row, 'status_history')) as { effectiveOn: string }[]).map((e) => e.effectiveOn),
        (reports.get(id) ?? '').slice(0, 10),
        (suggestionChanges.get(id) ?? '').slice(0, 10),
        text(row, 'status_since'),
      ];
      const latest = shown.reduce((max, d) => (d > max ? d : max), '');
      expect(text(row, 'updated_at').slice(0, 10), id).toBe(latest);
      if (latest > text(row, 'status_since')) later++;
    }
    // Nearly every serving deputy has done something since being elected.
    expect(later / rows.length).toBeGreaterThan(0.5);
  });
});

describe('the place check', () => {
  it('catches a district the city does not have and passes the ones it has', () => {
    const names = ['望川区', '澄溪镇', '川东街道'];
    expect(unknownPlaces('青湖区五级人大代表联合小组走访滨江步道', names)).toEqual(['青湖区']);
    expect(unknownPlaces('望川区澄溪镇和川东街道的老旧小区，各区人大常委会', names)).toEqual([]);
    expect(unknownPlaces('前往白沙街道和云台镇', names)).toEqual(['往白沙街道', '和云台镇']);
  });
});
