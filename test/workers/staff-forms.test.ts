/**
 * Staff forms take the office's own data (issue 13 §7): budgets above 1 亿元 (through the
 * lifecycle since a budget needs a second person), a new-round form
 * whose default is within the limit it states, and a publish page that opens with a summary.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHOICES } from '../../functions/staff/rounds/schema.ts';
import {
  createRound,
  get,
  postForm,
  publishAs,
  runningDeployHook,
  seedStaffWorld,
  type Session,
  signIn,
  staffAppWith,
  type StaffWorld,
  worker,
} from './staff-fixtures.ts';

let w: StaffWorld;
let editor: Session;
const db = () => env.DB;
const YEAR = 2043;

beforeAll(async () => {
  w = await seedStaffWorld('frm');
  editor = await signIn(worker, w.staff.editor);
});

describe('a project candidate’s budget', () => {
  /** A budget is an official figure: drafted by the editor, confirmed by the admin, then published. */
  async function confirmAndPublish(): Promise<void> {
    const change = await db()
      .prepare(
        "SELECT id FROM official_changes WHERE entity_type = 'project_candidate' AND state = 'drafted' ORDER BY id DESC",
      )
      .first<{ id: number }>();
    const app = staffAppWith({ deployHookFetch: runningDeployHook });
    const admin = await signIn(app, w.staff.admin);
    expect(
      (await postForm(app, admin, `/staff/publish/changes/${String(change?.id)}/confirm`, {})).status,
    ).toBe(303);
    await publishAs(app, await signIn(app, w.staff.editor));
  }

  it('saves above 1 亿元, on a new and on an existing candidate', async () => {
    // A new round: drafted by the editor, confirmed by the admin, published.
    const app = staffAppWith({ deployHookFetch: runningDeployHook });
    await createRound(app, await signIn(app, w.staff.editor), await signIn(app, w.staff.admin), {
      year: YEAR,
      title: '预算测试',
      mode: 'code',
      maxChoices: 3,
    });
    const source = { reason: '预算批复', reference: '财预〔2043〕1 号' };
    const added = await postForm(worker, editor, `/staff/rounds/${YEAR}/candidates`, {
      title: '城市排涝工程',
      description: '改造中心城区排水管网。',
      budgetYuan: '250000000',
      ...source,
    });
    expect(added.status).toBe(303);
    await confirmAndPublish();
    const row = await db()
      .prepare('SELECT id, budget_yuan FROM project_candidates WHERE round_year = ?1')
      .bind(YEAR)
      .first<{ id: string; budget_yuan: number }>();
    expect(row?.budget_yuan).toBe(250_000_000);

    const edited = await postForm(worker, editor, `/staff/rounds/${YEAR}/candidates`, {
      candidateId: row?.id ?? '',
      title: '城市排涝工程',
      description: '改造中心城区排水管网（追加二期）。',
      budgetYuan: '1350000000',
      sortOrder: '1',
      ...source,
    });
    expect(edited.status).toBe(303);
    await confirmAndPublish();
    expect(
      await db().prepare('SELECT budget_yuan FROM project_candidates WHERE id = ?1').bind(row?.id).first(),
    ).toEqual({ budget_yuan: 1_350_000_000 });
  });

  it('refuses an impossible amount with a message that names the unit, keeping the old value', async () => {
    const id = (
      await db()
        .prepare('SELECT id FROM project_candidates WHERE round_year = ?1')
        .bind(YEAR)
        .first<{ id: string }>()
    )?.id;
    const refused = await postForm(worker, editor, `/staff/rounds/${YEAR}/candidates`, {
      candidateId: id ?? '',
      title: '城市排涝工程',
      description: '单位填错。',
      budgetYuan: '5000000000000',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('预算不能超过 1 万亿元');
    expect(
      await db().prepare('SELECT budget_yuan FROM project_candidates WHERE id = ?1').bind(id).first(),
    ).toEqual({ budget_yuan: 1_350_000_000 });
  });
});

describe('the new-round form', () => {
  it('defaults to a number of choices the server accepts, and says the limit', async () => {
    const page = await (await get(worker, editor, '/staff/rounds')).text();
    const input = /<input[^>]*name="maxChoices"[^>]*>/.exec(page)?.[0] ?? '';
    const value = Number(/value="(\d+)"/.exec(input)?.[1]);
    expect(value).toBeGreaterThanOrEqual(1);
    expect(value).toBeLessThanOrEqual(MAX_CHOICES);
    expect(input).toContain(`max="${MAX_CHOICES}"`);
    expect(page).toContain(`每票最多选几项（1 至 ${MAX_CHOICES} 项）`);

    // The form as it comes, only year and title filled in, is accepted (as a draft of the new round).
    const created = await postForm(worker, editor, '/staff/rounds', {
      year: '2044',
      title: '默认设置',
      mode: 'code',
      maxChoices: String(value),
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('Location')).toBe('/staff/rounds?notice=round_drafted');
    // Withdrawn again: the draft was only to show the form is accepted.
    const draft = await db()
      .prepare("SELECT id FROM official_changes WHERE entity_type = 'project_round' AND entity_id = '2044'")
      .first<{ id: number }>();
    expect(
      (await postForm(worker, editor, `/staff/publish/changes/${String(draft?.id)}/withdraw`, {})).status,
    ).toBe(303);
    const tooMany = await postForm(worker, editor, '/staff/rounds', {
      year: '2045',
      title: '选项太多',
      mode: 'code',
      maxChoices: String(MAX_CHOICES + 1),
    });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain(`每票最多可选 ${MAX_CHOICES} 项`);
  });
});

describe('the publish page', () => {
  it('opens with a short summary; the field-by-field list is folded', async () => {
    for (let i = 0; i < 30; i++) {
      await db()
        .prepare('UPDATE deputies SET unit_position = ?2 WHERE id = ?1')
        .bind(w.deputy, `星澜市第${i + 1}中学校长`)
        .run();
    }
    const page = await (await get(worker, editor, '/staff/publish')).text();
    const summaryAt = page.indexOf('发布后，公开网站将反映');
    expect(summaryAt).toBeGreaterThan(0);
    expect(page).toMatch(/<b>代表信息<\/b>：1 条记录，\s*单位职务 30 处/);
    const detailsAt = page.indexOf('<details>');
    expect(detailsAt).toBeGreaterThan(summaryAt);
    expect(page.indexOf('<table>')).toBeGreaterThan(detailsAt);
    expect(page).toMatch(/<summary>查看全部 \d+ 项字段变更<\/summary>/);
  });
});
