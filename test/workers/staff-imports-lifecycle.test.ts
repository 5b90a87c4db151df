import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { draftChange } from '../../functions/changes/actions.ts';
import { changeFieldLabel } from '../../functions/changes/labels.ts';
import { toCsv } from '../../functions/lib/csv.ts';
import { rosterColumns } from '../../functions/staff/imports/schema.ts';
import {
  confirmApi,
  type PublishAnswer,
  publishApi,
  publishingApp,
  submitApi,
  submitForm,
  withdrawApi,
} from './import-lifecycle-fixtures.ts';
import {
  type Fetch,
  get,
  ORIGIN,
  postForm,
  seedStaffWorld,
  type Session,
  signIn,
  type StaffWorld,
} from './staff-fixtures.ts';

/**
 * Imports follow the official-change lifecycle: a commit submits (nothing public changes), a second
 * person confirms kinds that carry official figures, a publish writes each ready import (planned
 * again) with its audit entry and a public change-log row.
 */

let w: StaffWorld;
let app: Fetch;
let editor: Session;
let admin: Session;
const db = () => env.DB;

beforeAll(async () => {
  w = await seedStaffWorld('ilc');
  app = publishingApp();
  editor = await signIn(app, w.staff.editor);
  admin = await signIn(app, w.staff.admin);
});

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

/** A dry run through the API as the given person; the checked file's id and SHA-256. */
async function check(
  session: Session,
  kind: string,
  name: string,
  csv: string,
  mode: 'merge' | 'replace' = 'merge',
): Promise<{ importId: string; sha256: string }> {
  const form = new FormData();
  form.set('mode', mode);
  form.set('file', new File([new TextEncoder().encode(csv)], name));
  const response = await app(
    new Request(`${ORIGIN}/api/staff/imports/${kind}/dry-run`, {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: session.cookie, 'X-CSRF-Token': session.csrf },
      body: form,
    }),
  );
  const body = await response.json<{
    importId: string | null;
    report: { sha256: string; errors: unknown[] };
  }>();
  expect(response.status, JSON.stringify(body.report.errors)).toBe(200);
  expect(body.importId).not.toBeNull();
  return { importId: body.importId ?? '', sha256: body.report.sha256 };
}

const rosterHeader = Object.values(rosterColumns).map((c) => c.header);
const rosterLine = (id: string, name: string, status = '在任') => [
  id,
  name,
  '女',
  '汉族',
  '',
  '',
  w.term,
  w.electoralUnit,
  '',
  '',
  '否',
  '否',
  '',
  '',
  status,
  '2022-01-01',
];

const reportHeader = [
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

const ledgerHeader = [
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
  '答复日期',
  '答复结果',
  '答复内容',
  '测评日期',
  '满意度',
];

interface KindCase {
  kind: string;
  secondPerson: boolean;
  file: () => string;
  /** What the public would read of the import's records. */
  live: () => Promise<number>;
  written: number;
}

const kindCases: KindCase[] = [
  {
    kind: 'roster',
    secondPerson: true,
    file: () => toCsv([rosterHeader, rosterLine('ilc-r1', '沈一'), rosterLine('ilc-r2', '沈二')]),
    live: () => count("SELECT COUNT(*) AS n FROM deputies WHERE id IN ('ilc-r1', 'ilc-r2')"),
    written: 2,
  },
  {
    kind: 'suggestions',
    secondPerson: true,
    file: () =>
      toCsv([
        ledgerHeader,
        [
          w.session,
          '建议',
          '901',
          '关于增设公交站台的建议',
          '建议在学校门口增设站台。',
          '交通出行',
          w.deputy,
          '2024-01-11',
          '已答复，待测评',
          w.unit,
          '2024-02-01',
          '2024-05-01',
          '2024-04-20',
          'A',
          '已增设。',
          '2024-05-10',
          '满意',
        ],
      ]),
    live: () =>
      count(
        "SELECT COUNT(*) AS n FROM suggestions WHERE number = 901 AND result_class = 'A' AND session_id = ?1",
        w.session,
      ),
    written: 1,
  },
  {
    kind: 'duty_reports',
    secondPerson: true,
    file: () =>
      toCsv([
        reportHeader,
        [
          w.deputy,
          '2033',
          '书面述职',
          '2033-11-20',
          '原选区选民',
          '遵守。',
          '出席。',
          '视察。',
          '接待。',
          '',
          '41',
          '3',
          '2',
        ],
      ]),
    live: () =>
      count('SELECT COUNT(*) AS n FROM duty_reports WHERE deputy_id = ?1 AND year = 2033', w.deputy),
    written: 1,
  },
  {
    kind: 'activities',
    secondPerson: true,
    file: () =>
      toCsv([
        ['代表编号', '活动日期', '活动类型', '天数', '活动名称'],
        [w.deputy, '2033-03-01', '视察', '1', '视察河道治理'],
        [w.deputy, '2033-03-08', '专题调研', '0.5', '调研社区养老'],
      ]),
    live: () =>
      count(
        "SELECT COUNT(*) AS n FROM duty_activities WHERE deputy_id = ?1 AND occurred_on LIKE '2033-%'",
        w.deputy,
      ),
    written: 2,
  },
  {
    kind: 'reception_days',
    secondPerson: false,
    file: () =>
      toCsv([
        ['联络站编号', '开始时间', '结束时间', '主题', '状态', '变更说明', '值班代表编号'],
        [w.stations.a, '2033-05-07 09:00', '2033-05-07 11:00', '加装电梯', '已安排', '', w.deputy],
      ]),
    live: () =>
      count(
        "SELECT COUNT(*) AS n FROM reception_days WHERE station_id = ?1 AND starts_at LIKE '2033-%'",
        w.stations.a,
      ),
    written: 1,
  },
];

describe('submit, confirm, publish, per kind', () => {
  it.each(kindCases)(
    '$kind: submitted is invisible; the submitter cannot confirm; the publish writes rows, audit and change log',
    async ({ kind, secondPerson, file, live, written }) => {
      const { importId, sha256 } = await check(editor, kind, `${kind}.csv`, file());
      const submitted = await submitForm(app, editor, kind, importId);
      expect(submitted.status).toBe(200);
      const page = await submitted.text();
      expect(page).toContain('已提交，等待发布');
      expect(page).toContain('/staff/publish#pending-imports');
      expect(page.includes('另一位工作人员')).toBe(secondPerson);
      // Nothing public yet: the live tables and the change log are as they were.
      expect(await live()).toBe(0);
      expect(
        await count(
          "SELECT COUNT(*) AS n FROM change_log WHERE entity_type = 'import' AND entity_id = ?1",
          sha256,
        ),
      ).toBe(0);
      expect(
        await count(
          "SELECT COUNT(*) AS n FROM staff_import_files WHERE id = ?1 AND state = 'submitted'",
          importId,
        ),
      ).toBe(1);

      // The publish page lists it with kind, file, hash, submitter and counts.
      const publishPage = await (await get(app, admin, '/staff/publish')).text();
      expect(publishPage).toContain('待发布的导入');
      expect(publishPage).toContain(`${kind}.csv`);
      expect(publishPage).toContain(sha256.slice(0, 16));
      expect(publishPage).toContain('编辑乙');
      expect(publishPage).toContain(`/staff/imports/pending/${importId}`);

      if (secondPerson) {
        // The submitter cannot confirm: 403 in words, and nothing moves.
        const own = await confirmApi(app, editor, importId);
        expect(own.status).toBe(403);
        const error = (await own.json<{ error: { code: string; message: string } }>()).error;
        expect(error).toEqual({
          code: 'same_person',
          message: '不能确认自己提交的导入，请由另一位工作人员核对确认。',
        });
        expect(
          await count(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import.confirm' AND entity_id = ?1",
            sha256,
          ),
        ).toBe(0);
        // Not confirmed, not ready: a publish leaves it pending and writes nothing of it.
        expect((await publishApi(app, editor)).status).toBe(202);
        expect(await live()).toBe(0);
        expect(
          await count(
            "SELECT COUNT(*) AS n FROM staff_import_files WHERE id = ?1 AND state = 'submitted'",
            importId,
          ),
        ).toBe(1);
        // The submitter's page shows no confirm button; the second person's does.
        expect(
          (await (await get(app, editor, '/staff/publish')).text()).includes(
            `/staff/imports/pending/${importId}/confirm`,
          ),
        ).toBe(false);
        expect(publishPage).toContain(`/staff/imports/pending/${importId}/confirm`);
        const confirmed = await postForm(app, admin, `/staff/imports/pending/${importId}/confirm`, {});
        expect(confirmed.status).toBe(303);
        expect(confirmed.headers.get('Location')).toBe(
          '/staff/publish?notice=import_confirmed#pending-imports',
        );
      }

      const published = await publishApi(app, secondPerson ? admin : editor);
      expect(published.status).toBe(202);
      const answer = await published.json<PublishAnswer>();
      expect(answer.imports.applied).toEqual([
        expect.objectContaining({ id: importId, kind, sha256, inserted: written }),
      ]);
      expect(await live()).toBe(written);
      expect(await count('SELECT COUNT(*) AS n FROM staff_import_files WHERE id = ?1', importId)).toBe(0);
      const audit = await db()
        .prepare(
          "SELECT actor, action FROM audit_log WHERE entity_type = 'import' AND entity_id = ?1 ORDER BY id",
        )
        .bind(sha256)
        .all<{ actor: string; action: string }>();
      expect(audit.results.map((a) => a.action)).toEqual(
        secondPerson
          ? ['import.submit', 'import.confirm', `import.${kind}`]
          : ['import.submit', `import.${kind}`],
      );
      const log = await db()
        .prepare(
          `SELECT c.field, c.old_value, c.new_value, c.note, c.role, p.version FROM change_log c
           JOIN publishes p ON p.id = c.publish_id WHERE c.entity_type = 'import' AND c.entity_id = ?1`,
        )
        .bind(sha256)
        .all();
      expect(log.results).toEqual([
        {
          field: kind,
          old_value: null,
          new_value: `新增 ${String(written)} 条，更新 0 条，删除 0 条`,
          note: expect.stringContaining(secondPerson ? '经第二人核对确认' : '批量导入') as string,
          // The confirming role (admin), or the submitter's where no confirmation is needed.
          role: secondPerson ? 'admin' : 'editor',
          version: answer.version,
        },
      ]);
      // The public change log names it in words.
      expect(changeFieldLabel('import', kind)).toMatch(/导入$/);
      expect(changeFieldLabel('import', kind)).not.toBe(kind);
    },
  );

  it('enforces the second person in SQL too: a confirmation by the submitter is refused by a CHECK', async () => {
    const { importId } = await check(
      editor,
      'roster',
      'sql.csv',
      toCsv([rosterHeader, rosterLine('ilc-q1', '沈九')]),
    );
    expect((await submitApi(app, editor, 'roster', importId)).status).toBe(202);
    await expect(
      db()
        .prepare(
          `UPDATE staff_import_files SET state = 'confirmed', confirmed_by = staff_id, confirmed_at = '2033-01-01T00:00:00Z' WHERE id = ?1`,
        )
        .bind(importId)
        .run(),
    ).rejects.toThrow(/CHECK constraint failed/);
    // A kind with official figures can never be submitted as needing no confirmation.
    await expect(
      db().prepare('UPDATE staff_import_files SET needs_confirmation = 0 WHERE id = ?1').bind(importId).run(),
    ).rejects.toThrow(/import_submission_fixed|CHECK constraint failed/);
    expect((await withdrawApi(app, editor, importId)).status).toBe(200);
  });
});

describe('a publish re-plans each import', () => {
  it('leaves an import that no longer plans cleanly pending with the reason, and publishes the rest', async () => {
    await db()
      .prepare(
        `INSERT INTO deputies (id, name, gender, ethnicity, term_id, electoral_unit_id, status_since) VALUES ('ilc-gone', '临时', 'male', '汉族', ?1, ?2, '2022-01-01')`,
      )
      .bind(w.term, w.electoralUnit)
      .run();
    const stale = await check(
      editor,
      'activities',
      'stale.csv',
      toCsv([
        ['代表编号', '活动日期', '活动类型', '天数', '活动名称'],
        ['ilc-gone', '2034-03-01', '视察', '1', '视察堤防'],
      ]),
    );
    expect((await submitApi(app, editor, 'activities', stale.importId)).status).toBe(202);
    // Activity days are an official figure: a second person confirms the file before a publish takes it.
    expect((await confirmApi(app, admin, stale.importId)).status).toBe(200);
    const other = await check(
      editor,
      'reception_days',
      'other.csv',
      toCsv([
        ['联络站编号', '开始时间', '结束时间', '主题', '状态', '变更说明', '值班代表编号'],
        [w.stations.b, '2034-05-07 09:00', '2034-05-07 11:00', '停车', '已安排', '', ''],
      ]),
    );
    expect((await submitApi(app, editor, 'reception_days', other.importId)).status).toBe(202);
    // The database changes after the submission: the deputy the file names is gone.
    await db().prepare("DELETE FROM deputy_status_events WHERE deputy_id = 'ilc-gone'").run();
    await db().prepare("DELETE FROM deputies WHERE id = 'ilc-gone'").run();

    const published = await postForm(app, admin, '/staff/publish', { summary: '' });
    expect(published.status).toBe(303);
    expect(published.headers.get('Location')).toBe('/staff/publish?notice=published_imports_held');
    // The rest of the publish went ahead.
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM reception_days WHERE station_id = ?1 AND starts_at LIKE '2034-%'",
        w.stations.b,
      ),
    ).toBe(1);
    // The stale import wrote nothing, stays pending, and says why.
    expect(await count("SELECT COUNT(*) AS n FROM duty_activities WHERE title = '视察堤防'")).toBe(0);
    const held = await db()
      .prepare('SELECT state, held_reason FROM staff_import_files WHERE id = ?1')
      .bind(stale.importId)
      .first<{ state: string; held_reason: string }>();
    expect(held?.state).toBe('confirmed');
    expect(held?.held_reason).toContain('系统中没有代表“ilc-gone”');
    expect(held?.held_reason).toContain('本次发布未导入');
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM change_log WHERE entity_type = 'import' AND entity_id = ?1",
        stale.sha256,
      ),
    ).toBe(0);
    const page = await (await get(app, admin, '/staff/publish?notice=published_imports_held')).text();
    expect(page).toContain('有导入未能应用');
    expect(page).toContain('上次发布未导入');
    expect(page).toContain('系统中没有代表“ilc-gone”');
    // The detail link checks the file against the data now, with the same problem.
    const detail = await (await get(app, admin, `/staff/imports/pending/${stale.importId}`)).text();
    expect(detail).toContain('系统中没有代表“ilc-gone”');
    expect((await withdrawApi(app, admin, stale.importId)).status).toBe(200);
  });

  it('holds an import when the same publish applies a console change to that kind of record, and applies it at the next', async () => {
    const { id: dayId } = (await db()
      .prepare(
        `INSERT INTO reception_days (station_id, starts_at, ends_at, topic) VALUES (?1, '2038-03-05T09:00:00+08:00', '2038-03-05T11:00:00+08:00', '旧主题') RETURNING id`,
      )
      .bind(w.stations.a)
      .first<{ id: number }>()) ?? { id: 0 };
    // A console edit of that day, drafted through the lifecycle (no second person for a schedule).
    const drafted = await draftChange(
      db(),
      {
        id: w.staff.editor,
        email: '',
        displayName: '编辑乙',
        role: 'editor',
        stationId: null,
        stationName: null,
      },
      {
        entityType: 'reception_day',
        entityId: String(dayId),
        action: 'update',
        values: { topic: '控制台改的主题' },
        baseVersion: 1,
        replacing: null,
        reason: '',
        reference: '',
      },
    );
    expect(drafted.needsConfirmation).toBe(false);
    const { importId } = await check(
      editor,
      'reception_days',
      'overlap.csv',
      toCsv([
        ['联络站编号', '开始时间', '结束时间', '主题', '状态', '变更说明', '值班代表编号'],
        [w.stations.a, '2038-03-05 09:00', '2038-03-05 11:00', '导入改的主题', '已安排', '', ''],
      ]),
    );
    expect((await submitApi(app, editor, 'reception_days', importId)).status).toBe(202);
    const first = await (await publishApi(app, admin)).json<PublishAnswer>();
    expect(first.imports.applied).toEqual([]);
    expect(first.imports.held).toEqual([
      { id: importId, reason: expect.stringContaining('下次发布') as string },
    ]);
    expect(await db().prepare('SELECT topic FROM reception_days WHERE id = ?1').bind(dayId).first()).toEqual({
      topic: '控制台改的主题',
    });
    // The next publish plans the file against the published edit, and applies it.
    const second = await (await publishApi(app, admin)).json<PublishAnswer>();
    expect(second.imports.applied.map((a) => a.id)).toEqual([importId]);
    expect(await db().prepare('SELECT topic FROM reception_days WHERE id = ?1').bind(dayId).first()).toEqual({
      topic: '导入改的主题',
    });
  });

  it('holds an import the database would refuse at publish, naming the row, and publishes the rest', async () => {
    const { importId } = await check(
      editor,
      'roster',
      'refused.csv',
      toCsv([
        rosterHeader,
        rosterLine('ilc-u1', '孔一'),
        rosterLine('ilc-u2', '孔二'),
        rosterLine('ilc-u3', '孔一'),
      ]),
    );
    expect((await submitApi(app, editor, 'roster', importId)).status).toBe(202);
    expect((await confirmApi(app, admin, importId)).status).toBe(200);
    // A rule the row checks do not know, added after the submission: the second 孔一 (row 4) is refused.
    await db().exec("CREATE UNIQUE INDEX ilc_unique_name ON deputies (name) WHERE id GLOB 'ilc-u*'");
    try {
      const published = await publishApi(app, admin);
      expect(published.status).toBe(202);
      const answer = await published.json<PublishAnswer>();
      expect(answer.imports.applied).toEqual([]);
      expect(answer.imports.held).toEqual([
        { id: importId, reason: expect.stringContaining('第 4 行') as string },
      ]);
    } finally {
      await db().exec('DROP INDEX ilc_unique_name');
    }
    expect(await count("SELECT COUNT(*) AS n FROM deputies WHERE id GLOB 'ilc-u*'")).toBe(0);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM staff_import_files WHERE id = ?1 AND state = 'confirmed'",
        importId,
      ),
    ).toBe(1);
    expect((await withdrawApi(app, editor, importId)).status).toBe(200);
  });
});

describe('withdrawing and keeping pending files', () => {
  it('deletes a withdrawn import with its stored file, R2 object too', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => [
      w.deputy,
      `2035-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      '专题调研',
      '1',
      `第 ${String(i)} 次走访社区了解加装电梯进展`,
    ]);
    const { importId, sha256 } = await check(
      editor,
      'activities',
      'big.csv',
      toCsv([['代表编号', '活动日期', '活动类型', '天数', '活动名称'], ...rows]),
    );
    expect((await submitApi(app, editor, 'activities', importId)).status).toBe(202);
    expect(await env.FILES.get(`imports/${importId}`)).not.toBeNull();
    const withdrawn = await postForm(app, admin, `/staff/imports/pending/${importId}/withdraw`, {});
    expect(withdrawn.status).toBe(303);
    expect(withdrawn.headers.get('Location')).toBe('/staff/publish?notice=import_withdrawn#pending-imports');
    expect(await count('SELECT COUNT(*) AS n FROM staff_import_files WHERE id = ?1', importId)).toBe(0);
    expect(await env.FILES.get(`imports/${importId}`)).toBeNull();
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import.withdraw' AND entity_id = ?1",
        sha256,
      ),
    ).toBe(1);
    // Gone means gone: confirming, withdrawing or publishing it again finds nothing.
    expect((await confirmApi(app, admin, importId)).status).toBe(404);
    expect((await withdrawApi(app, admin, importId)).status).toBe(404);
    expect(await count("SELECT COUNT(*) AS n FROM duty_activities WHERE occurred_on LIKE '2035-%'")).toBe(0);
  }, 60_000);

  it('keeps a day-old submitted import through the sweep that removes day-old checked files', async () => {
    const line = (title: string) => [
      ['代表编号', '活动日期', '活动类型', '天数', '活动名称'],
      [w.deputy, '2036-03-01', '视察', '1', title],
    ];
    const pending = await check(editor, 'activities', 'old-pending.csv', toCsv(line('旧的待发布')));
    expect((await submitApi(app, editor, 'activities', pending.importId)).status).toBe(202);
    const checked = await check(editor, 'activities', 'old-checked.csv', toCsv(line('旧的已检查')));
    await db()
      .prepare("UPDATE staff_import_files SET created_at = '2020-01-01T00:00:00Z' WHERE id IN (?1, ?2)")
      .bind(pending.importId, checked.importId)
      .run();
    // The next dry run sweeps.
    await check(editor, 'activities', 'new.csv', toCsv(line('新的')));
    expect(await count('SELECT COUNT(*) AS n FROM staff_import_files WHERE id = ?1', checked.importId)).toBe(
      0,
    );
    expect(await count('SELECT COUNT(*) AS n FROM staff_import_files WHERE id = ?1', pending.importId)).toBe(
      1,
    );
    expect((await withdrawApi(app, editor, pending.importId)).status).toBe(200);
  });
});

describe('two publishes at once', () => {
  it('apply a ready import once', async () => {
    const { importId, sha256 } = await check(
      editor,
      'activities',
      'race.csv',
      toCsv([
        ['代表编号', '活动日期', '活动类型', '天数', '活动名称'],
        [w.deputy, '2037-03-01', '视察', '1', '视察学校'],
      ]),
    );
    expect((await submitApi(app, editor, 'activities', importId)).status).toBe(202);
    expect((await confirmApi(app, admin, importId)).status).toBe(200);
    const answers = await Promise.all([
      publishApi(app, admin),
      publishApi(app, editor),
      publishApi(app, admin),
    ]);
    const statuses = answers.map((a) => a.status);
    // Each publish either went ahead (the import in one of them) or was refused in words.
    for (const status of statuses) expect([202, 409]).toContain(status);
    expect(statuses).toContain(202);
    const applied = (
      await Promise.all(answers.filter((a) => a.status === 202).map((a) => a.json<PublishAnswer>()))
    ).flatMap((a) => a.imports.applied);
    expect(applied.map((a) => a.id)).toEqual([importId]);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import.activities' AND entity_id = ?1",
        sha256,
      ),
    ).toBe(1);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM change_log WHERE entity_type = 'import' AND entity_id = ?1",
        sha256,
      ),
    ).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM duty_activities WHERE title = '视察学校'")).toBe(1);
  });

  it('the claim is in SQL: a second apply of the same import fails its batch', async () => {
    const { importId, sha256 } = await check(
      editor,
      'activities',
      'claim.csv',
      toCsv([
        ['代表编号', '活动日期', '活动类型', '天数', '活动名称'],
        [w.deputy, '2037-04-01', '视察', '1', '视察医院'],
      ]),
    );
    expect((await submitApi(app, editor, 'activities', importId)).status).toBe(202);
    expect((await confirmApi(app, admin, importId)).status).toBe(200);
    const { claimImportStatement, guardedImportAudit } =
      await import('../../functions/staff/imports/queries.ts');
    const claim = () => [
      claimImportStatement(db(), importId, sha256),
      guardedImportAudit(db(), { actor: w.staff.admin, action: 'import.activities', sha256, after: {} }),
    ];
    await db().batch(claim());
    await expect(db().batch(claim())).rejects.toThrow(/NOT NULL constraint failed: audit_log\.actor/);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import.activities' AND entity_id = ?1",
        sha256,
      ),
    ).toBe(1);
  });
});
