import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';

// The database itself refuses bad records: these run against the real migrations in workerd.
const db = env.DB;

beforeAll(async () => {
  await db.batch([
    db.prepare("INSERT INTO areas (id, parent_id, kind, name) VALUES ('sc-city', NULL, 'city', '测试市')"),
    db.prepare(
      "INSERT INTO congresses (id, level, name, area_id) VALUES ('sc-congress', 'municipal', '测试市人民代表大会', 'sc-city')",
    ),
    db.prepare(
      "INSERT INTO terms (id, congress_id, number, starts_on, ends_on, is_current) VALUES ('sc-term', 'sc-congress', 1, '2022-01-01', '2027-01-01', 1)",
    ),
    db.prepare(
      "INSERT INTO electoral_units (id, term_id, kind, name) VALUES ('sc-unit', 'sc-term', 'electoral_unit', '测试区')",
    ),
    db.prepare(
      `INSERT INTO deputies (id, name, gender, ethnicity, term_id, electoral_unit_id, status, status_since)
       VALUES ('sc-deputy', '测试代表', 'female', '汉族', 'sc-term', 'sc-unit', 'serving', '2022-01-01')`,
    ),
  ]);
});

const rejected: Array<[string, string, RegExp]> = [
  [
    'an id with upper case or spaces',
    "INSERT INTO areas (id, parent_id, kind, name) VALUES ('sc-Bad id', 'sc-city', 'district', '坏区')",
    /CHECK/,
  ],
  [
    'a reception time without the +08:00 offset',
    "INSERT INTO reception_days (station_id, starts_at, ends_at) VALUES ('nostation', '2026-01-01T09:00:00Z', '2026-01-01T11:00:00+08:00')",
    /CHECK/,
  ],
  ['unknown deputy status', "UPDATE deputies SET status = 'on_leave' WHERE id = 'sc-deputy'", /CHECK/],
  [
    'deputy in an unknown term',
    `INSERT INTO deputies (id, name, gender, ethnicity, term_id, electoral_unit_id, status_since)
     VALUES ('sc-orphan', '某', 'male', '汉族', 'no-term', 'sc-unit', '2022-01-01')`,
    /FOREIGN KEY/,
  ],
  [
    'a second current term',
    "INSERT INTO terms (id, congress_id, number, starts_on, ends_on, is_current) VALUES ('sc-term2', 'sc-congress', 2, '2027-01-01', '2032-01-01', 1)",
    /UNIQUE/,
  ],
  ['malformed date', "UPDATE deputies SET status_since = '2022-13-45' WHERE id = 'sc-deputy'", /CHECK/],
  [
    'date in another format',
    "UPDATE deputies SET status_since = '2022/01/01' WHERE id = 'sc-deputy'",
    /CHECK/,
  ],
  [
    'malformed optional date',
    "INSERT INTO commitments (id, suggestion_id, handling_unit_id, description, due_on, kept_on) VALUES ('sc-c', 'x', 'y', '承诺', '2024-01-01', '2024-02-30')",
    /CHECK/,
  ],
  [
    'activity with a non-half-day length',
    "INSERT INTO duty_activities (deputy_id, type, occurred_on, days, title) VALUES ('sc-deputy', 'research', '2023-03-01', 0.3, '调研')",
    /CHECK/,
  ],
  [
    'duplicate activity (import natural key)',
    "INSERT INTO duty_activities (deputy_id, type, occurred_on, days, title) VALUES ('sc-deputy', 'research', '2023-03-02', 1, '同一活动'), ('sc-deputy', 'research', '2023-03-02', 1, '同一活动')",
    /UNIQUE/,
  ],
  [
    'station staff without a station',
    "INSERT INTO staff_users (id, email, display_name, role) VALUES ('scstaff', 'a@example.cn', '测试', 'station_staff')",
    /CHECK/,
  ],
  [
    'opinion to a deputy without the deputy',
    "INSERT INTO opinions (tracking_hash, target_type, title, content) VALUES (printf('%064d', 1), 'deputy', '标题', '内容')",
    /CHECK/,
  ],
  [
    'station with a latitude but no longitude',
    "INSERT INTO stations (id, name, kind, area_id, address, latitude) VALUES ('scstation', '测试站', 'station', 'sc-city', '某路1号', 29.5)",
    /CHECK/,
  ],
  [
    'reception day ending before it starts',
    "INSERT INTO reception_days (station_id, starts_at, ends_at) VALUES ('nostation', '2026-01-01T11:00:00+08:00', '2026-01-01T09:00:00+08:00')",
    /CHECK/,
  ],
];

describe('constraints', () => {
  it.each(rejected)('rejects %s', async (_label, sql, reason) => {
    await expect(db.prepare(sql).run()).rejects.toThrow(reason);
  });

  it('keeps the audit log append-only', async () => {
    await db
      .prepare(
        "INSERT INTO audit_log (actor, action, entity_type, entity_id) VALUES ('system', 'test', 'deputy', 'sc-deputy')",
      )
      .run();
    await expect(db.prepare("UPDATE audit_log SET actor = 'someone else'").run()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.prepare('DELETE FROM audit_log').run()).rejects.toThrow(/append-only/);
  });

  it('writes the public change log when an official record changes', async () => {
    await db
      .prepare("UPDATE deputies SET status = 'resigned', status_since = '2024-05-01' WHERE id = 'sc-deputy'")
      .run();
    const entry = await db
      .prepare(
        "SELECT field, old_value, new_value FROM change_log WHERE entity_type = 'deputy' AND entity_id = 'sc-deputy'",
      )
      .first();
    expect(entry).toEqual({ field: 'status', old_value: 'serving', new_value: 'resigned' });
  });

  it('keeps the public change log append-only: no UPDATE and no DELETE (issue 12)', async () => {
    const before = await db.prepare('SELECT COUNT(*) AS n FROM change_log').first<{ n: number }>();
    expect(before?.n).toBeGreaterThan(0);
    await expect(db.prepare("UPDATE change_log SET new_value = 'serving'").run()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.prepare('DELETE FROM change_log').run()).rejects.toThrow(/append-only/);
    const after = await db.prepare('SELECT COUNT(*) AS n FROM change_log').first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });
});

describe('ballots, guarded by the database whatever the Worker checked', () => {
  beforeAll(async () => {
    await db.batch([
      db.prepare(
        "INSERT INTO project_rounds (year, title, mode, max_choices) VALUES (2091, '测试轮', 'code', 2)",
      ),
      db.prepare(
        "INSERT INTO project_rounds (year, title, mode, max_choices) VALUES (2092, '另一轮', 'code', 2)",
      ),
      db.prepare(
        `INSERT INTO round_phases (round_year, phase, starts_at, ends_at)
         VALUES (2091, 'public_voting', '2000-01-01T00:00:00Z', '2099-12-31T23:59:59Z')`,
      ),
      ...['sc-p1', 'sc-p2', 'sc-p3'].map((id) =>
        db
          .prepare(
            "INSERT INTO project_candidates (id, round_year, title, description) VALUES (?1, 2091, ?1, '说明')",
          )
          .bind(id),
      ),
      db.prepare(
        "INSERT INTO project_candidates (id, round_year, title, description) VALUES ('sc-other', 2092, '别轮项目', '说明')",
      ),
    ]);
  });

  const ballot = (receipt: string, choices: string[]) =>
    db
      .prepare('INSERT INTO ballots (receipt_hash, round_year, choices) VALUES (?1, 2091, ?2)')
      .bind(receipt.padEnd(64, '0'), JSON.stringify(choices));

  it.each([
    ['no choice', 'a1', []],
    ['more than the round allows', 'a2', ['sc-p1', 'sc-p2', 'sc-p3']],
    ['the same candidate twice', 'a3', ['sc-p1', 'sc-p1']],
    ['a candidate of another round', 'a4', ['sc-other']],
    ['an unknown candidate', 'a5', ['sc-nope']],
  ])('refuses %s', async (_label, receipt, choices) => {
    await expect(ballot(receipt, choices).run()).rejects.toThrow(/choices_not_in_round/);
  });

  it('accepts 1 to max_choices distinct candidates of the round', async () => {
    await ballot('b1', ['sc-p2', 'sc-p1']).run();
    const stored = await db
      .prepare('SELECT COUNT(*) AS n FROM ballots WHERE round_year = 2091')
      .first<{ n: number }>();
    expect(stored?.n).toBe(1);
  });
});
