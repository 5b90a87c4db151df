import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../functions/lib/csv.ts';
import { writeXlsx } from '../../functions/lib/xlsx.ts';
import {
  get,
  ORIGIN,
  postForm,
  seedStaffWorld,
  type Session,
  signIn,
  type StaffWorld,
  worker,
} from './staff-fixtures.ts';
import { confirmApi, publishApi, publishingApp } from './import-lifecycle-fixtures.ts';

let w: StaffWorld;
let editor: Session;
/** The second person: confirms what the editor submits, and publishes. */
let admin: Session;
const app = publishingApp();
const db = () => env.DB;

const HEADER = ['联络站编号', '开始时间', '结束时间', '主题', '状态', '变更说明', '值班代表编号'];

/** Uploads a file for a dry run through the console form, as a person would. */
async function dryRun(
  kind: string,
  name: string,
  content: string | Uint8Array,
  mode: 'merge' | 'replace',
): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', editor.csrf);
  form.set('mode', mode);
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content);
  form.set('file', new File([bytes], name));
  return worker(
    new Request(`${ORIGIN}/staff/imports/${kind}`, {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: editor.cookie },
      body: form,
    }),
  );
}

const importIdOf = (html: string) => /name="importId" value="([0-9a-f]{32})"/.exec(html)?.[1] ?? '';

async function days(): Promise<Array<{ starts_at: string; topic: string; deputies: string | null }>> {
  const { results } = await db()
    .prepare(
      `SELECT r.starts_at, r.topic, (SELECT group_concat(deputy_id) FROM reception_day_deputies WHERE reception_day_id = r.id) AS deputies
       FROM reception_days r WHERE r.station_id = ?1 ORDER BY r.starts_at`,
    )
    .bind(w.stations.a)
    .all<{ starts_at: string; topic: string; deputies: string | null }>();
  return results;
}

beforeAll(async () => {
  w = await seedStaffWorld('imr');
  editor = await signIn(worker, w.staff.editor);
  admin = await signIn(app, w.staff.admin);
  const insert = db().prepare(
    `INSERT INTO reception_days (station_id, starts_at, ends_at, topic) VALUES (?1, ?2, ?3, ?4)`,
  );
  await db().batch([
    insert.bind(w.stations.a, '2031-03-05T09:00:00+08:00', '2031-03-05T11:00:00+08:00', '停车'),
    insert.bind(w.stations.a, '2031-04-02T09:00:00+08:00', '2031-04-02T11:00:00+08:00', '养老'),
    insert.bind(w.stations.a, '2032-01-07T09:00:00+08:00', '2032-01-07T11:00:00+08:00', '下一年'),
  ]);
});

describe('reception days import', () => {
  it('exports a year and imports it back unchanged', async () => {
    const exported = await get(worker, editor, '/staff/imports/reception_days/export?format=csv&year=2031');
    expect(exported.status).toBe(200);
    const csv = await exported.text();
    expect(csv).toContain('停车');
    expect(csv).not.toContain('下一年');
    const checked = await dryRun('reception_days', 'days.csv', csv, 'merge');
    const html = await checked.text();
    expect(checked.status).toBe(200);
    expect(html).toContain('文件内容与系统中的记录一致，无需导入。');
  });

  it('shows every changed field and every removal, and removes only after an explicit confirmation', async () => {
    const file = toCsv([
      HEADER,
      [w.stations.a, '2031-03-05 09:00', '2031-03-05 11:30', '停车难', '已安排', '', w.deputy],
      [w.stations.a, '2031-05-07 09:00', '2031-05-07 11:00', '新的接待日', '已安排', '', ''],
    ]);
    const before = await days();
    const checked = await dryRun('reception_days', 'days.csv', file, 'replace');
    const html = await checked.text();
    expect(checked.status).toBe(200);
    expect(html).toMatch(
      /<td>结束时间<\/td>\s*<td class="pre"><del>2031-03-05T11:00:00\+08:00<\/del><\/td>\s*<td class="pre"><ins>2031-03-05T11:30:00\+08:00<\/ins><\/td>/,
    );
    expect(html).toMatch(
      /<td>主题<\/td>\s*<td class="pre"><del>停车<\/del><\/td>\s*<td class="pre"><ins>停车难<\/ins><\/td>/,
    );
    expect(html).toContain('将要删除的记录（1）');
    expect(html).toContain(`${w.stations.a} 2031-04-02 09:00`);
    expect(html).not.toContain('2032-01-07 09:00');
    expect(await days()).toEqual(before);

    const importId = importIdOf(html);
    const unconfirmed = await postForm(worker, editor, '/staff/imports/reception_days/commit', { importId });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('请勾选确认后再导入');
    expect(await days()).toEqual(before);

    const committed = await postForm(worker, editor, '/staff/imports/reception_days/commit', {
      importId,
      confirmRemoval: 'on',
    });
    expect(committed.status).toBe(200);
    // Reception days carry no official figure: no second person, but nothing changes before the publish.
    expect(await days()).toEqual(before);
    expect((await publishApi(app, editor)).status).toBe(202);
    expect(await days()).toEqual([
      { starts_at: '2031-03-05T09:00:00+08:00', topic: '停车难', deputies: w.deputy },
      { starts_at: '2031-05-07T09:00:00+08:00', topic: '新的接待日', deputies: null },
      { starts_at: '2032-01-07T09:00:00+08:00', topic: '下一年', deputies: null },
    ]);
    const audit = await db()
      .prepare(
        "SELECT after_json FROM audit_log WHERE action = 'import.reception_days' ORDER BY id DESC LIMIT 1",
      )
      .first<{ after_json: string }>();
    expect(JSON.parse(audit?.after_json ?? '{}')).toMatchObject({
      mode: 'replace',
      removed: 1,
      inserted: 1,
      updated: 1,
    });
  });

  it('never removes in the default mode, and names the row and column of every error', async () => {
    const file = toCsv([
      HEADER,
      [w.stations.a, '2031-03-05 09:00', '2031-03-05 11:30', '停车难', '已安排', '', w.deputy],
      [w.stations.a, '2031-13-40 09:00', '2031-06-01 11:00', '', '已安排', '', ''],
      ['nowhere', '2031-06-02 09:00', '2031-06-02 10:00', '', '推迟', '', 'nobody'],
      [w.stations.a, '2031-06-03 09:00', '2031-06-03 08:00', '', '已安排', '', ''],
      ['nowhere', '2031-06-04 09:00', '2031-06-04 10:00', '', '已安排', '', 'nobody'],
    ]);
    const checked = await dryRun('reception_days', 'days.csv', file, 'merge');
    expect(checked.status).toBe(422);
    const html = await checked.text();
    expect(html).toMatch(/<td>3<\/td>\s*<td>开始时间<\/td>\s*<td>开始时间不是有效的日期和时间。<\/td>/);
    expect(html).not.toMatch(/<td>3<\/td>\s*<td>结束时间<\/td>/);
    expect(html).toMatch(
      /<td>4<\/td>\s*<td>状态<\/td>\s*<td>状态应为以下之一：已安排、已举行、已取消。<\/td>/,
    );
    expect(html).toMatch(/<td>5<\/td>\s*<td>结束时间<\/td>\s*<td>结束时间须晚于开始时间。<\/td>/);
    expect(html).toMatch(/<td>6<\/td>\s*<td>联络站编号<\/td>\s*<td>系统中没有联络站“nowhere”。<\/td>/);
    expect(html).toMatch(/<td>6<\/td>\s*<td>值班代表编号<\/td>\s*<td>系统中没有代表“nobody”。<\/td>/);
    expect(html).not.toContain('将要删除的记录');
  });
});

describe('spreadsheets', () => {
  it('names the sheet, row and column of every error in an .xlsx', async () => {
    const file = writeXlsx('五月接待', [
      HEADER,
      [w.stations.a, '2031-05-20 09:00', '2031-05-20 08:00', '', '已安排', '', ''],
    ]);
    const checked = await dryRun('reception_days', 'days.xlsx', file, 'merge');
    expect(checked.status).toBe(422);
    const html = await checked.text();
    expect(html).toContain('Excel，读取工作表「五月接待」');
    expect(html).toMatch(
      /<td>五月接待<\/td>\s*<td>2<\/td>\s*<td>结束时间<\/td>\s*<td>结束时间须晚于开始时间。<\/td>/,
    );
  });
});

describe('duty reports import', () => {
  it('adds a report, then replaces the year', async () => {
    const header = [
      '代表编号',
      '年度',
      '述职形式',
      '述职日期',
      '述职对象',
      '遵守宪法和法律情况',
      '会议期间履职情况',
      '闭会期间活动情况',
      '联系群众情况',
      '其他情况',
      '满意票数',
      '基本满意票数',
      '不满意票数',
    ];
    const row = [
      w.deputy,
      '2031',
      '书面述职',
      '2031-11-20',
      '原选区选民',
      '遵守。',
      '出席。',
      '视察。',
      '接待。',
      '',
      '40',
      '5',
      '1',
    ];
    const first = await dryRun('duty_reports', 'reports.csv', toCsv([header, row]), 'merge');
    const firstHtml = await first.text();
    expect(first.status, firstHtml).toBe(200);
    const reportImport = importIdOf(firstHtml);
    expect(
      (await postForm(worker, editor, '/staff/imports/duty_reports/commit', { importId: reportImport }))
        .status,
    ).toBe(200);
    // Evaluation counts are official figures: a second person confirms before the publish writes.
    expect((await publishApi(app, admin)).status).toBe(202);
    expect(
      await db()
        .prepare('SELECT COUNT(*) AS n FROM duty_reports WHERE deputy_id = ?1 AND year = 2031')
        .bind(w.deputy)
        .first(),
    ).toEqual({ n: 0 });
    expect((await confirmApi(app, admin, reportImport)).status).toBe(200);
    expect((await publishApi(app, admin)).status).toBe(202);
    expect(
      await db()
        .prepare('SELECT id, evaluation_satisfied FROM duty_reports WHERE deputy_id = ?1 AND year = 2031')
        .bind(w.deputy)
        .first(),
    ).toEqual({ id: `${w.deputy}-2031`, evaluation_satisfied: 40 });

    const exported = await (
      await get(worker, editor, '/staff/imports/duty_reports/export?format=csv&year=2031')
    ).text();
    const again = await dryRun('duty_reports', 'reports.csv', exported, 'replace');
    expect(await again.text()).toContain('文件内容与系统中的记录一致，无需导入。');
  });
});

describe('large files', () => {
  it('takes back a file larger than a D1 value (kept in R2 between check and commit), and its export unchanged', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => [
      w.deputy,
      `2029-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      '专题调研',
      '1',
      `第 ${i} 次走访社区了解加装电梯进展`,
    ]);
    const csv = toCsv([['代表编号', '活动日期', '活动类型', '天数', '活动名称'], ...rows]);
    expect(new TextEncoder().encode(csv).length).toBeGreaterThan(1_500_000);
    const checked = await dryRun('activities', 'activities.csv', csv, 'merge');
    const html = await checked.text();
    expect(checked.status, html.slice(html.indexOf('<main'), html.indexOf('<main') + 1500)).toBe(200);
    expect(html).toContain('<dd>30000</dd>');
    const importId = importIdOf(html);
    const stored = await db()
      .prepare('SELECT r2_key, content IS NULL AS empty FROM staff_import_files WHERE id = ?1')
      .bind(importId)
      .first<{ r2_key: string; empty: number }>();
    expect(stored).toEqual({ r2_key: `imports/${importId}`, empty: 1 });
    const committed = await postForm(worker, editor, '/staff/imports/activities/commit', { importId });
    expect(committed.status).toBe(200);
    // Pending: the file stays in R2 until the publish applies it.
    expect(await env.FILES.get(`imports/${importId}`)).not.toBeNull();
    // Activity days are an official figure: a second person confirms before the publish applies it.
    expect((await confirmApi(app, admin, importId)).status).toBe(200);
    const started = Date.now();
    expect((await publishApi(app, admin)).status).toBe(202);
    console.info(`publish of a 30,000-row activities import: ${String(Date.now() - started)} ms`);
    expect(await env.FILES.get(`imports/${importId}`)).toBeNull();
    const n = await db()
      .prepare("SELECT COUNT(*) AS n FROM duty_activities WHERE deputy_id = ?1 AND occurred_on LIKE '2029-%'")
      .bind(w.deputy)
      .first<{ n: number }>();
    expect(n?.n).toBe(30_000);

    const exported = await (await get(worker, editor, '/staff/imports/activities/export?format=csv')).text();
    const again = await dryRun('activities', 'activities.csv', exported, 'merge');
    expect(await again.text()).toContain('文件内容与系统中的记录一致，无需导入。');
  }, 120_000);
});
