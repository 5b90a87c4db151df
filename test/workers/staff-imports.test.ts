import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../functions/lib/csv.ts';
import { readXlsx, writeXlsx, writeXlsxDeflated } from '../../functions/lib/xlsx.ts';
import { deflateRaw, writeZip } from '../../functions/lib/zip.ts';
import { rosterColumns } from '../../functions/staff/imports/schema.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../../functions/staff/imports/table.ts';
import {
  BAD_ROW,
  rosterSampleFixedRows,
  rosterSampleRows,
  SAMPLE_TERM_ID,
  SAMPLE_UNIT_IDS,
} from '../../scripts/fixtures/roster-sample.ts';
import {
  auditEntries,
  csrfFromHtml,
  get,
  ORIGIN,
  postFile,
  postForm,
  seedStaffWorld,
  type Session,
  signIn,
  type StaffWorld,
  worker,
} from './staff-fixtures.ts';
import {
  confirmApi,
  publishApi,
  publishingApp,
  submitAndPublish,
  submitApi,
} from './import-lifecycle-fixtures.ts';

let w: StaffWorld;
let editor: Session;
/** The second person: confirms what the editor submits, and publishes. */
let admin: Session;
const app = publishingApp();
const db = () => env.DB;
const encoder = new TextEncoder();

beforeAll(async () => {
  w = await seedStaffWorld('imp');
  editor = await signIn(worker, w.staff.editor);
  admin = await signIn(app, w.staff.admin);
  // The demo city's term and constituencies that the sample roster refers to.
  await db().batch([
    db()
      .prepare(
        `INSERT INTO terms (id, congress_id, number, starts_on, ends_on, is_current) VALUES (?1, ?2, 18, '2022-01-01', '2026-12-31', 0)`,
      )
      .bind(SAMPLE_TERM_ID, `${w.p}-cg`),
    db()
      .prepare(
        `INSERT INTO electoral_units (id, term_id, kind, name) VALUES (?1, ?3, 'constituency', '第一选区'), (?2, ?3, 'constituency', '第二选区')`,
      )
      .bind(SAMPLE_UNIT_IDS[0], SAMPLE_UNIT_IDS[1], SAMPLE_TERM_ID),
  ]);
});

interface Report {
  rows: number;
  errors: Array<{ row: number; column: string; message: string }>;
  inserted: number;
  updated: number;
  unchanged: number;
}

async function dryRunApi(
  kind: string,
  name: string,
  bytes: Uint8Array,
): Promise<{ status: number; report: Report; importId: string | null }> {
  const form = new FormData();
  form.set('file', new File([bytes], name));
  const response = await worker(
    new Request(`${ORIGIN}/api/staff/imports/${kind}/dry-run`, {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: editor.cookie, 'X-CSRF-Token': editor.csrf },
      body: form,
    }),
  );
  const body = await response.json<{ report: Report; importId: string | null }>();
  return { status: response.status, ...body };
}

/** The import applied the way the lifecycle allows: submitted, confirmed by a second person where needed, published. */
function commitApi(kind: string, importId: string): Promise<Response> {
  return submitAndPublish(app, { submitter: editor, confirmer: admin }, kind, importId);
}

async function count(sql: string, ...params: unknown[]): Promise<number> {
  return (
    (
      await db()
        .prepare(sql)
        .bind(...params)
        .first<{ n: number }>()
    )?.n ?? 0
  );
}

describe('the sample roster (one bad row, then fixed)', () => {
  it('reports the bad row and writes nothing; the fixed file imports; importing it again changes nothing', async () => {
    const bad = writeXlsx('代表名册', rosterSampleRows());
    const page = await postFile(worker, editor, '/staff/imports/roster', {
      name: 'roster-sample.xlsx',
      bytes: bad,
    });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain('发现 1 个问题');
    expect(html).toContain('没有写入任何数据');
    expect(html).toMatch(new RegExp(`<td>\\s*${BAD_ROW.row}\\s*</td>\\s*<td>\\s*${BAD_ROW.column}\\s*</td>`));
    expect(html).not.toContain('name="importId"');
    expect(await count("SELECT COUNT(*) AS n FROM deputies WHERE id LIKE 'zs-%'")).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM staff_import_files')).toBe(0);

    const fixed = writeXlsx('代表名册', rosterSampleFixedRows());
    const checked = await postFile(worker, editor, '/staff/imports/roster', {
      name: 'roster-sample-fixed.xlsx',
      bytes: fixed,
    });
    expect(checked.status).toBe(200);
    const checkedHtml = await checked.text();
    expect(checkedHtml).toContain('检查通过');
    // The dry run wrote nothing yet.
    expect(await count("SELECT COUNT(*) AS n FROM deputies WHERE id LIKE 'zs-%'")).toBe(0);
    const importId = /name="importId" value="([0-9a-f]{32})"/.exec(checkedHtml)?.[1] ?? '';
    const committed = await postForm(worker, editor, '/staff/imports/roster/commit', {
      importId,
      _csrf: csrfFromHtml(checkedHtml),
    });
    expect(committed.status).toBe(200);
    const submittedPage = await committed.text();
    expect(submittedPage).toContain('新增 4，更新 0，不变 0');
    expect(submittedPage).toContain('已提交，等待发布');
    expect(submittedPage).toContain('另一位工作人员');
    // Submitted, not written: the roster carries deputies' status, so a second person confirms first.
    expect(await count("SELECT COUNT(*) AS n FROM deputies WHERE id LIKE 'zs-%'")).toBe(0);
    expect((await confirmApi(worker, editor, importId)).status).toBe(403);
    expect((await confirmApi(app, admin, importId)).status).toBe(200);
    expect(await count("SELECT COUNT(*) AS n FROM deputies WHERE id LIKE 'zs-%'")).toBe(0);
    expect((await publishApi(app, admin)).status).toBe(202);
    expect(await count("SELECT COUNT(*) AS n FROM deputies WHERE id LIKE 'zs-%'")).toBe(4);
    expect(await count("SELECT COUNT(*) AS n FROM deputy_status_events WHERE deputy_id LIKE 'zs-%'")).toBe(4);
    const deputy = await db()
      .prepare("SELECT name, gender, sector, is_reelected, status_since FROM deputies WHERE id = 'zs-0003'")
      .first();
    expect(deputy).toEqual({
      name: '马依拉',
      gender: 'female',
      sector: 'professional',
      is_reelected: 0,
      status_since: '2023-02-28',
    });
    const audit = await auditEntries(
      'import',
      (
        await db()
          .prepare("SELECT entity_id FROM audit_log WHERE action = 'import.roster'")
          .first<{ entity_id: string }>()
      )?.entity_id ?? '',
    );
    // Every step of the lifecycle is audited under the file's SHA-256.
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['import.submit', w.staff.editor],
      ['import.confirm', w.staff.admin],
      ['import.roster', w.staff.admin],
    ]);
    const applied = audit.filter((a) => a.action === 'import.roster');
    expect(JSON.parse(applied[0]?.after_json ?? '{}')).toMatchObject({
      fileName: 'roster-sample-fixed.xlsx',
      inserted: 4,
      updated: 0,
      submittedBy: w.staff.editor,
      confirmedBy: w.staff.admin,
    });

    // The same commit cannot run twice.
    expect((await postForm(worker, editor, '/staff/imports/roster/commit', { importId })).status).toBe(404);

    const changesBefore = await count('SELECT COUNT(*) AS n FROM change_log');
    const stamps = await db()
      .prepare("SELECT group_concat(updated_at) AS s FROM deputies WHERE id LIKE 'zs-%'")
      .first<{ s: string }>();
    const again = await dryRunApi('roster', 'roster-sample-fixed.xlsx', fixed);
    expect(again.status).toBe(200);
    expect(again.report).toMatchObject({ rows: 4, inserted: 0, updated: 0, unchanged: 4, errors: [] });
    expect(again.importId).toBeNull();
    expect(await count('SELECT COUNT(*) AS n FROM change_log')).toBe(changesBefore);
    expect(
      await db().prepare("SELECT group_concat(updated_at) AS s FROM deputies WHERE id LIKE 'zs-%'").first(),
    ).toEqual(stamps);
  });

  it('updates what changed: a new unit position goes to the public change log', async () => {
    const rows = rosterSampleFixedRows();
    const positionColumn = Object.keys(rosterColumns).indexOf('unitPosition');
    (rows[1] as unknown[])[positionColumn] = '城西镇卫生院院长';
    const { report, importId } = await dryRunApi(
      'roster',
      'roster-update.csv',
      encoder.encode(toCsv(rows.map((r) => r.map((c) => (typeof c === 'boolean' ? String(c) : c))))),
    );
    expect(report).toMatchObject({ inserted: 0, updated: 1, unchanged: 3, errors: [] });
    const committed = await commitApi('roster', importId ?? '');
    expect(committed.status).toBe(202);
    const log = await db()
      .prepare(
        "SELECT field, old_value, new_value FROM change_log WHERE entity_type = 'deputy' AND entity_id = 'zs-0001'",
      )
      .all();
    expect(log.results).toEqual([
      { field: 'unit_position', old_value: '城西镇社区卫生服务中心主任', new_value: '城西镇卫生院院长' },
    ]);
  });
});

describe('dry-run error reports', () => {
  it('lists every row error with its row number, column and reason', async () => {
    const header = Object.values(rosterColumns).map((c) => c.header);
    const base = [
      'imp-r1',
      '甲',
      '男',
      '汉族',
      1980,
      null,
      w.term,
      w.electoralUnit,
      '',
      '',
      '否',
      '否',
      null,
      null,
      '在任',
      '2022-01-01',
    ];
    const rows = [
      header,
      base,
      [
        'imp-r2',
        '',
        '未知',
        '汉族',
        1800,
        null,
        w.term,
        w.electoralUnit,
        '',
        '外星人',
        '也许',
        '否',
        null,
        'not-an-email',
        '在任',
        '2022/13/01',
      ],
      [
        'imp-r3',
        '丙',
        '女',
        '汉族',
        null,
        null,
        'no-such-term',
        w.electoralUnit,
        '',
        '',
        '否',
        '否',
        null,
        null,
        '在任',
        '2022-01-01',
      ],
      [
        'imp-r4',
        '丁',
        '女',
        '汉族',
        null,
        null,
        w.term,
        'no-such-unit',
        '',
        '',
        '否',
        '否',
        null,
        null,
        '在任',
        '2022-01-01',
      ],
      base,
      [
        'BAD ID',
        '戊',
        '女',
        '汉族',
        null,
        null,
        w.term,
        w.electoralUnit,
        '',
        '',
        '否',
        '否',
        null,
        null,
        '在任',
        '2022-01-01',
      ],
    ];
    const { status, report, importId } = await dryRunApi('roster', 'errors.xlsx', writeXlsx('S', rows));
    expect(status).toBe(422);
    expect(importId).toBeNull();
    const found = report.errors.map((e) => `${e.row}:${e.column}`);
    expect(found).toEqual([
      '3:姓名',
      '3:性别',
      '3:出生年份',
      '3:界别',
      '3:是否担任领导职务',
      '3:办公邮箱',
      '3:状态起始日期',
      '4:届次编号',
      '5:选举单位编号',
      '6:整行',
      '7:代表编号',
    ]);
    expect(report.errors.find((e) => e.column === '性别')?.message).toBe('性别应为以下之一：男、女。');
    expect(report.errors.find((e) => e.row === 6)?.message).toContain('与第 2 行重复');
    expect(await count("SELECT COUNT(*) AS n FROM deputies WHERE id LIKE 'imp-r%'")).toBe(0);
  });

  const fileProblems: Array<[string, Uint8Array, RegExp]> = [
    [
      'a missing required column',
      writeXlsx('S', [
        ['代表编号', '姓名'],
        ['imp-x', '某'],
      ]),
      /缺少必需的列：性别、民族/,
    ],
    [
      'an old binary .xls',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      /旧版 Excel/,
    ],
    ['a broken ZIP', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /XLSX/],
    ['a CSV with a stray quote', encoder.encode('代表编号,姓名\nimp-y,"某"某\n'), /CSV 第 2 行/],
    ['an empty sheet', writeXlsx('S', []), /没有数据/],
  ];
  it.each(fileProblems)('explains %s', async (_label, bytes, message) => {
    const { status, report } = await dryRunApi('roster', 'upload', bytes);
    expect(status).toBe(422);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ row: 0, column: '文件' });
    expect(report.errors[0]?.message).toMatch(message);
  });

  it('refuses a small workbook that inflates far past its size (ZIP bomb) with a clear 422', async () => {
    // 12 MB of sheet XML deflates to about 12 KB; the Worker must not inflate or parse it.
    const cell = `<c t="inlineStr"><is><t>${'x'.repeat(1000)}</t></is></c>`;
    const sheet = encoder.encode(
      `<worksheet><sheetData><row r="1">${cell.repeat(12_000)}</row></sheetData></worksheet>`,
    );
    const bomb = writeZip([
      {
        name: 'xl/workbook.xml',
        data: encoder.encode('<workbook><sheets><sheet name="S"/></sheets></workbook>'),
      },
      { name: 'xl/worksheets/sheet1.xml', data: sheet, deflated: await deflateRaw(sheet) },
    ]);
    expect(bomb.byteLength).toBeLessThan(100_000);
    const { status, report } = await dryRunApi('roster', 'bomb.xlsx', bomb);
    expect(status).toBe(422);
    // vitest types its asymmetric matchers as `any`; held as the unknown they are.
    const tooLarge: unknown = expect.stringMatching(/解压后过大/);
    expect(report.errors).toEqual([{ row: 0, column: '文件', message: tooLarge }]);
  });

  it('refuses a sheet past the row limit without reading it to the end', async () => {
    const rows = [['代表编号'], ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => [`m${i}`])];
    const { status, report } = await dryRunApi('roster', 'many.xlsx', await writeXlsxDeflated('S', rows));
    expect(status).toBe(422);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]?.message).toContain(`超过 ${MAX_IMPORT_ROWS + 1} 行`);
  });

  it.each([
    [
      'activities',
      ['代表编号', '活动日期', '活动类型', '天数', '活动名称'],
      ['imp-nobody', '2025-03-01', '视察', 1, '视察'],
    ],
    [
      'duty_reports',
      [
        '代表编号',
        '年度',
        '述职形式',
        '述职日期',
        '述职对象',
        '遵守宪法和法律情况',
        '会议期间履职情况',
        '闭会期间活动情况',
        '联系群众情况',
        '满意票数',
        '基本满意票数',
        '不满意票数',
      ],
      [
        'imp-nobody',
        2025,
        '会议述职',
        '2025-06-01',
        '第一选区选民',
        '遵守',
        '出席',
        '调研',
        '接待',
        10,
        2,
        0,
      ],
    ],
  ])('names a deputy missing from the roster in a %s file', async (kind, header, row) => {
    const { status, report } = await dryRunApi(kind, `${kind}.xlsx`, writeXlsx('S', [header, row]));
    expect(status).toBe(422);
    expect(report.errors).toContainEqual({
      row: 2,
      column: '代表编号',
      message: '系统中没有代表“imp-nobody”，请先导入代表名册。',
    });
  });

  it('refuses an upload larger than the limit', async () => {
    const response = await postFile(worker, editor, '/staff/imports/roster', {
      name: 'big.csv',
      bytes: new Uint8Array(MAX_IMPORT_BYTES + 200_000).fill(65),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('文件过大');
  });
});

describe('all or nothing', () => {
  it('rolls back every row when the commit fails part-way', async () => {
    const header = Object.values(rosterColumns).map((c) => c.header);
    const row = (id: string) => [
      id,
      '某',
      '男',
      '汉族',
      null,
      null,
      w.term,
      w.electoralUnit,
      '',
      '',
      '否',
      '否',
      null,
      null,
      '在任',
      '2022-01-01',
    ];
    const { importId } = await dryRunApi(
      'roster',
      'atomic.xlsx',
      writeXlsx('S', [header, row('imp-a1'), row('imp-a2'), row('imp-a3')]),
    );
    expect(importId).not.toBeNull();
    expect((await submitApi(app, editor, 'roster', importId ?? '')).status).toBe(202);
    expect((await confirmApi(app, admin, importId ?? '')).status).toBe(200);
    // The deputies statement succeeds; the status history statement after it fails: the publish fails.
    await db().exec(
      "CREATE TRIGGER imp_fail BEFORE INSERT ON deputy_status_events WHEN NEW.deputy_id = 'imp-a3' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END",
    );
    const publishes = await count('SELECT COUNT(*) AS n FROM publishes');
    try {
      const response = await publishApi(app, admin);
      expect(response.status).toBe(503);
    } finally {
      await db().exec('DROP TRIGGER imp_fail');
    }
    expect(await count('SELECT COUNT(*) AS n FROM publishes')).toBe(publishes);
    expect(await count("SELECT COUNT(*) AS n FROM deputies WHERE id LIKE 'imp-a%'")).toBe(0);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import.roster' AND after_json LIKE '%atomic.xlsx%'",
      ),
    ).toBe(0);
    // The import is still pending, so the publish can be retried once the problem is fixed.
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM staff_import_files WHERE id = ?1 AND state = 'confirmed'",
        importId,
      ),
    ).toBe(1);
    expect((await publishApi(app, admin)).status).toBe(202);
    expect(await count("SELECT COUNT(*) AS n FROM deputies WHERE id LIKE 'imp-a%'")).toBe(3);
  });

  it('refuses a text starting with NUL or made of invisible characters at the dry run (issue 12)', async () => {
    const header = Object.values(rosterColumns).map((c) => c.header);
    const row = (id: string, name: string) => [
      id,
      name,
      '男',
      '汉族',
      null,
      null,
      w.term,
      w.electoralUnit,
      '',
      '',
      '否',
      '否',
      null,
      null,
      '在任',
      '2022-01-01',
    ];
    const { status, report, importId } = await dryRunApi(
      'roster',
      'nul.csv',
      encoder.encode(
        toCsv([
          header,
          row('imp-n1', '\u0000张三'),
          row('imp-n2', '\u200b\u3164'),
          row('imp-n3', '李\u202e四'),
        ]),
      ),
    );
    expect(status).toBe(422);
    expect(importId).toBeNull();
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '姓名'],
      [3, '姓名'],
      [4, '姓名'],
    ]);
  });

  it('answers a constraint failure at commit (a rolled-back trial) with 422 naming the row, writing nothing (issue 12)', async () => {
    const header = Object.values(rosterColumns).map((c) => c.header);
    const row = (id: string, name: string) => [
      id,
      name,
      '男',
      '汉族',
      null,
      null,
      w.term,
      w.electoralUnit,
      '',
      '',
      '否',
      '否',
      null,
      null,
      '在任',
      '2022-01-01',
    ];
    const { importId } = await dryRunApi(
      'roster',
      'constraint.xlsx',
      writeXlsx('S', [
        header,
        row('imp-u1', '赵一'),
        row('imp-u2', '钱二'),
        row('imp-u3', '赵一'),
        row('imp-u4', '孙四'),
      ]),
    );
    expect(importId).not.toBeNull();
    // A rule the row checks do not know: the database refuses the second 赵一 (row 4).
    await db().exec("CREATE UNIQUE INDEX imp_unique_name ON deputies (name) WHERE id GLOB 'imp-u*'");
    try {
      const response = await commitApi('roster', importId ?? '');
      expect(response.status).toBe(422);
      const body = await response.text();
      expect(body).not.toMatch(/SQLITE|constraint failed|INSERT/i);
      const error = (JSON.parse(body) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('import_row_refused');
      expect(error.message).toContain('第 4 行');
    } finally {
      await db().exec('DROP INDEX imp_unique_name');
    }
    expect(await count("SELECT COUNT(*) AS n FROM deputies WHERE id GLOB 'imp-u*'")).toBe(0);
  });

  it('checks the file again at commit time and refuses it if the database changed', async () => {
    const header = ['代表编号', '活动日期', '活动类型', '天数', '活动名称'];
    await db()
      .prepare(
        `INSERT INTO deputies (id, name, gender, ethnicity, term_id, electoral_unit_id, status_since) VALUES ('imp-gone', '临时', 'male', '汉族', ?1, ?2, '2022-01-01')`,
      )
      .bind(w.term, w.electoralUnit)
      .run();
    const { importId } = await dryRunApi(
      'activities',
      'a.xlsx',
      writeXlsx('S', [header, ['imp-gone', '2024-03-01', '视察', 1, '视察河道']]),
    );
    await db().prepare("DELETE FROM deputy_status_events WHERE deputy_id = 'imp-gone'").run();
    await db().prepare("DELETE FROM deputies WHERE id = 'imp-gone'").run();
    const response = await commitApi('activities', importId ?? '');
    expect(response.status).toBe(422);
    expect(await count("SELECT COUNT(*) AS n FROM duty_activities WHERE title = '视察河道'")).toBe(0);
  });
});

describe('duty activities', () => {
  it('reads labels and Excel date serials, upserts by (deputy, date, title)', async () => {
    const header = ['代表编号', '活动日期', '活动类型', '天数', '活动名称', '代表姓名'];
    const rows = [
      header,
      [w.deputy, 45352, '专题调研', 1, '调研老旧小区改造', '韩清远'],
      [w.deputy, '2024/3/5', 'inspection_visit', 0.5, '视察排水管网', '韩清远'],
    ];
    const first = await dryRunApi('activities', 'act.xlsx', writeXlsx('S', rows));
    expect(first.report).toMatchObject({ inserted: 2, updated: 0, errors: [] });
    expect((await commitApi('activities', first.importId ?? '')).status).toBe(202);
    const stored = await db()
      .prepare(
        'SELECT occurred_on, type, days, title FROM duty_activities WHERE deputy_id = ?1 ORDER BY occurred_on',
      )
      .bind(w.deputy)
      .all();
    expect(stored.results).toEqual([
      { occurred_on: '2024-03-01', type: 'research', days: 1, title: '调研老旧小区改造' },
      { occurred_on: '2024-03-05', type: 'inspection_visit', days: 0.5, title: '视察排水管网' },
    ]);
    (rows[2] as unknown[])[3] = 1.5;
    const second = await dryRunApi('activities', 'act.xlsx', writeXlsx('S', rows));
    expect(second.report).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    (rows[2] as unknown[])[3] = 0.3;
    const bad = await dryRunApi('activities', 'act.xlsx', writeXlsx('S', rows));
    expect(bad.report.errors).toEqual([
      { row: 3, column: '天数', message: '天数以半天为单位，例如 0.5、1、1.5。' },
    ]);
  });
});

describe('suggestions ledger', () => {
  const header = [
    '会议编号',
    '类型',
    '编号',
    '标题',
    '内容',
    '领域',
    '领衔代表编号',
    '提出日期',
    '办理状态',
    '主办单位编号',
    '交办日期',
    '答复期限',
    '办理轮次',
    '答复日期',
    '答复结果',
    '答复内容',
    '测评日期',
    '满意度',
    '承诺事项',
    '承诺期限',
    '承诺状态',
  ];
  const line = (number: number, overrides: Record<number, unknown> = {}) => {
    const row: unknown[] = [
      '',
      '建议',
      number,
      `关于改善公交接驳的建议（${number}）`,
      '建议增开社区微循环公交。',
      '交通出行',
      '',
      '2024-01-11',
      '已答复，待测评',
      '',
      '2024-02-01',
      '2024-05-01',
      1,
      '2024-04-20',
      'A',
      '已开通两条微循环线路。',
      '2024-05-10',
      '满意',
      '年内再开通一条线路',
      '2024-12-31',
      '跟进中',
    ];
    row[0] = w.session;
    row[6] = w.deputy;
    row[9] = w.unit;
    for (const [i, v] of Object.entries(overrides)) row[Number(i)] = v;
    return row;
  };

  it.each([['已答复，待测评'], ['已办结']])(
    'refuses a round rated 不满意 on a case marked %s: it is handled again, as the dry run must show',
    async (status) => {
      const file = writeXlsx('台账', [header, line(151, { 8: status, 17: '不满意' })] as never);
      const { report } = await dryRunApi('suggestions', 'sent-back.xlsx', file);
      expect(report.errors).toEqual([
        {
          row: 2,
          column: '办理状态',
          message: '该轮答复的测评为“不满意”，须重新办理：办理状态应为“不满意，重新办理中”。',
        },
      ]);
      const fixed = writeXlsx('台账', [
        header,
        line(151, { 8: '不满意，重新办理中', 17: '不满意' }),
      ] as never);
      expect((await dryRunApi('suggestions', 'sent-back.xlsx', fixed)).report.errors).toEqual([]);
    },
  );

  it('checks a blank rating as the stored one it keeps: 已办结 over a stored 不满意 is a row error, as the publish would store it otherwise', async () => {
    const id = `${w.p}-s161`;
    await db().batch([
      db()
        .prepare(
          `INSERT INTO suggestions (id, session_id, kind, number, title, body, category, lead_deputy_id, filed_on, status, result_class)
           VALUES (?1, ?2, 'suggestion', 161, '关于改善公交接驳的建议（161）', '建议增开社区微循环公交。', 'transport', ?3, '2024-01-11', 'rehandling', 'A')`,
        )
        .bind(id, w.session, w.deputy),
      db()
        .prepare(
          `INSERT INTO suggestion_assignments (suggestion_id, handling_unit_id, role, assigned_on, due_on)
           VALUES (?1, ?2, 'lead', '2024-02-01', '2024-05-01')`,
        )
        .bind(id, w.unit),
      db()
        .prepare(
          `INSERT INTO suggestion_replies (suggestion_id, handling_unit_id, round, replied_on, result_class, body)
           VALUES (?1, ?2, 1, '2024-04-20', 'A', '已开通两条微循环线路。')`,
        )
        .bind(id, w.unit),
      db()
        .prepare(
          `INSERT INTO suggestion_ratings (suggestion_id, round, rated_on, satisfaction) VALUES (?1, 1, '2024-05-10', 'dissatisfied')`,
        )
        .bind(id),
    ]);
    const blankRating = { 16: '', 17: '', 18: '', 19: '', 20: '' };
    for (const status of ['已办结', '已答复，待测评']) {
      const file = writeXlsx('台账', [header, line(161, { ...blankRating, 8: status })] as never);
      const { report, importId } = await dryRunApi('suggestions', 'blank-rating.xlsx', file);
      expect(report.errors).toEqual([
        {
          row: 2,
          column: '办理状态',
          message:
            '台账中留空的测评沿用系统中的记录：第 1 轮答复的测评为“不满意”，须重新办理，办理状态应为“不满意，重新办理中”；若测评已更正，请填写测评日期和满意度。',
        },
      ]);
      expect(importId).toBeNull();
    }
    // Still handled again: no error. A corrected rating typed in the file: no error either.
    const kept = writeXlsx('台账', [header, line(161, { ...blankRating, 8: '不满意，重新办理中' })] as never);
    expect((await dryRunApi('suggestions', 'blank-rating.xlsx', kept)).report.errors).toEqual([]);
    const corrected = writeXlsx('台账', [
      header,
      line(161, { ...blankRating, 8: '已办结', 16: '2024-05-20', 17: '基本满意' }),
    ] as never);
    expect((await dryRunApi('suggestions', 'blank-rating.xlsx', corrected)).report.errors).toEqual([]);
    expect(await db().prepare('SELECT status FROM suggestions WHERE id = ?1').bind(id).first()).toEqual({
      status: 'rehandling',
    });
  });

  it('imports suggestions with handling, reply, rating and commitment; again changes nothing; export round-trips', async () => {
    const file = writeXlsx('台账', [header, line(101), line(102, { 14: 'B类', 17: '基本满意' })] as never);
    const first = await dryRunApi('suggestions', 'ledger.xlsx', file);
    expect(first.report).toMatchObject({ inserted: 2, errors: [] });
    expect((await commitApi('suggestions', first.importId ?? '')).status).toBe(202);
    const s = await db()
      .prepare(
        `SELECT id, status, result_class, satisfaction FROM suggestions WHERE session_id = ?1 AND number = 102`,
      )
      .bind(w.session)
      .first<{ id: string; status: string; result_class: string; satisfaction: string }>();
    expect(s).toMatchObject({ status: 'replied', result_class: 'B', satisfaction: 'basically_satisfied' });
    expect(
      await count(
        'SELECT COUNT(*) AS n FROM suggestion_assignments WHERE suggestion_id = ?1 AND role = ?2',
        s?.id,
        'lead',
      ),
    ).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM suggestion_replies WHERE suggestion_id = ?1', s?.id)).toBe(
      1,
    );
    expect(await count('SELECT COUNT(*) AS n FROM suggestion_ratings WHERE suggestion_id = ?1', s?.id)).toBe(
      1,
    );
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM commitments WHERE suggestion_id = ?1 AND status = 'open'",
        s?.id,
      ),
    ).toBe(1);

    const again = await dryRunApi('suggestions', 'ledger.xlsx', file);
    expect(again.report).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });

    // Export, then import the export: nothing to change.
    const exported = await get(worker, editor, '/staff/imports/suggestions/export?format=xlsx');
    expect(exported.headers.get('Content-Type')).toContain('spreadsheetml');
    const bytes = new Uint8Array(await exported.arrayBuffer());
    const sheet = await readXlsx(bytes);
    expect(sheet.rows[0]?.cells.slice(0, 3)).toEqual(['会议编号', '类型', '编号']);
    const roundTrip = await dryRunApi('suggestions', 'export.xlsx', bytes);
    expect(roundTrip.report.errors).toEqual([]);
    expect(roundTrip.report).toMatchObject({ inserted: 0, updated: 0 });

    // Kept commitment: the trigger writes the public change log.
    const kept = writeXlsx('台账', [
      [...header, '兑现日期', '落实情况'],
      [...line(101, { 20: '已兑现' }), '2024-10-01', '第三条线路已开通'],
    ] as never);
    const update = await dryRunApi('suggestions', 'kept.xlsx', kept);
    expect(update.report).toMatchObject({ updated: 1, unchanged: 0, errors: [] });
    expect((await commitApi('suggestions', update.importId ?? '')).status).toBe(202);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM change_log WHERE entity_type = 'commitment' AND new_value = 'kept'",
      ),
    ).toBe(1);
  });

  it('refuses rows that contradict themselves or the database', async () => {
    const other = `${w.p}-unit2`;
    await db()
      .prepare(`INSERT INTO handling_units (id, name, kind) VALUES (?1, '另一单位', 'other')`)
      .bind(other)
      .run();
    const file = writeXlsx('台账', [
      header,
      line(101, { 9: other }),
      line(201, { 13: null }),
      line(202, { 18: null, 19: '2024-12-31', 20: null }),
      line(203, { 1: '提案', 5: '火星' }),
    ] as never);
    const { report } = await dryRunApi('suggestions', 'bad.xlsx', file);
    expect(report.errors.map((e) => `${e.row}:${e.column}`)).toEqual([
      '2:主办单位编号',
      '3:答复日期',
      '3:答复日期',
      '4:承诺事项',
      '5:类型',
      '5:领域',
    ]);
    expect(report.errors[0]?.message).toContain('主办单位');
  });
});

describe('exports', () => {
  it('writes CSV with a BOM and the import headers, formulas neutralised', async () => {
    await db()
      .prepare(
        `INSERT INTO deputies (id, name, gender, ethnicity, term_id, electoral_unit_id, unit_position, status_since) VALUES ('imp-f', '=HYPERLINK("x")', 'male', '汉族', ?1, ?2, '+1', '2022-01-01')`,
      )
      .bind(w.term, w.electoralUnit)
      .run();
    const response = await get(worker, editor, '/staff/imports/roster/export?format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Disposition')).toMatch(/attachment/);
    const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(
      await response.arrayBuffer(),
    );
    expect(text.startsWith('\uFEFF代表编号,姓名,性别')).toBe(true);
    expect(text).toContain(`imp-f,"'=HYPERLINK(""x"")",男`);
    // And the neutralised cell imports back as it was.
    const { report } = await dryRunApi('roster', 'export.csv', encoder.encode(text));
    expect(report.errors).toEqual([]);
    expect(report.inserted).toBe(0);
    expect(report.updated).toBe(0);
  });
});
