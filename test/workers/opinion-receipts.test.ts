/**
 * Tracking codes people can keep: the answer-due date from the category's deadline, the code
 * wrapping only between its groups, and a printable receipt that needs no JavaScript.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashCode, normalizeCode } from '../../functions/lib/codes.ts';
import { beijingDateAfter } from '../../functions/opinions/actions.ts';
import { DEFAULT_ANSWER_DAYS, type OpinionReceipt } from '../../functions/opinions/schema.ts';
import { postForm, postJson, seedAddressees, type ErrorEnvelope } from './participation-fixtures.ts';

let ids: Awaited<ReturnType<typeof seedAddressees>>;
beforeAll(async () => {
  ids = await seedAddressees('rc');
  await env.DB.prepare(`UPDATE opinion_categories SET answer_days = 7 WHERE id = ?1`)
    .bind(ids.category)
    .run();
});

const opinion = (overrides: Record<string, unknown> = {}) => ({
  target: { type: 'station', id: ids.activeStation },
  category: ids.category,
  title: '社区门口的积水',
  content: '每逢下雨社区东门就积水，老人出门很不方便，希望疏通排水。',
  consent: true,
  ...overrides,
});

async function dueOnStored(code: string): Promise<string | null> {
  const hash = await hashCode(normalizeCode(code) ?? '');
  const row = await env.DB.prepare(`SELECT due_on FROM opinions WHERE tracking_hash = ?1`)
    .bind(hash)
    .first<{ due_on: string | null }>();
  return row?.due_on ?? null;
}

/** The code as the page shows it, and the pieces it may wrap between. */
function codeOnPage(page: string): { code: string; groups: string[] } {
  const block = /<p class="code">([\s\S]*?)<\/p>/.exec(page)?.[1] ?? '';
  const groups = [...block.matchAll(/<span>([^<]*)<\/span>/g)].map((m) => m[1] ?? '');
  return { code: groups.join(''), groups };
}

describe('the answer-due date', () => {
  it('comes from the category’s deadline, stored with the opinion and told on the receipt', async () => {
    const response = await postJson('/api/opinions', opinion());
    expect(response.status).toBe(201);
    const receipt = await response.json<OpinionReceipt>();
    expect(receipt.answerDays).toBe(7);
    expect(receipt.dueOn).toBe(beijingDateAfter(new Date(), 7));
    expect(await dueOnStored(receipt.trackingCode)).toBe(receipt.dueOn);
  });

  it('is the default deadline when no category was chosen', async () => {
    const receipt = await (
      await postJson('/api/opinions', opinion({ category: null }))
    ).json<OpinionReceipt>();
    expect(receipt.answerDays).toBe(DEFAULT_ANSWER_DAYS);
    expect(await dueOnStored(receipt.trackingCode)).toBe(beijingDateAfter(new Date(), DEFAULT_ANSWER_DAYS));
  });

  it('is shown by the status lookup', async () => {
    const receipt = await (await postJson('/api/opinions', opinion())).json<OpinionReceipt>();
    const view = await (
      await postJson('/api/opinions/status', { trackingCode: receipt.trackingCode })
    ).json<{ dueOn: string }>();
    expect(view.dueOn).toBe(receipt.dueOn);
  });

  it('the database refuses a deadline outside 1 to 90 days', async () => {
    await expect(
      env.DB.prepare(`UPDATE opinion_categories SET answer_days = 0 WHERE id = ?1`).bind(ids.category).run(),
    ).rejects.toThrow(/CHECK/);
  });
});

describe('the receipt without JavaScript', () => {
  const form = (): Array<[string, string]> => [
    ['target.type', 'station'],
    ['target.id', ids.activeStation],
    ['category', ids.category],
    ['title', '无脚本回执'],
    ['content', '提交后应当看到可以打印的回执和答复期限。'],
    ['consent', 'on'],
  ];

  it('after submitting: the code in unbreakable groups, the due date, a print hint, no script', async () => {
    const response = await postForm('/api/opinions', form());
    expect(response.status).toBe(201);
    const page = await response.text();
    const { code, groups } = codeOnPage(page);
    expect(groups).toHaveLength(5);
    expect(groups.slice(0, 4).every((g) => /^[0-9A-Z]{4}-$/.test(g))).toBe(true);
    expect(code).toMatch(/^([0-9A-Z]{4}-){4}[0-9A-Z*~$=]$/);
    expect(page).toContain('.code span{white-space:nowrap');
    const due = (await dueOnStored(code)) ?? '';
    const [y, m, d] = due.split('-').map(Number);
    expect(page).toContain(`${y}年${m}月${d}日`);
    expect(page).toContain('自收到之日起 7 日内');
    expect(page).toContain('@media print');
    expect(page).not.toMatch(/<script/i);
  });

  it('later, from a posted code: a printable receipt with the record’s facts', async () => {
    const receipt = await (
      await postJson('/api/opinions', opinion({ title: '回执页面' }))
    ).json<OpinionReceipt>();
    const response = await postForm('/api/opinions/receipt', [['trackingCode', receipt.trackingCode]]);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(codeOnPage(page).code).toBe(receipt.trackingCode);
    expect(page).toContain('回执页面');
    expect(page).toContain('答复期限');
    expect(page).not.toMatch(/<script/i);
    // The status page offers it too, as a plain form.
    const status = await (
      await postForm('/api/opinions/status', [['trackingCode', receipt.trackingCode]])
    ).text();
    expect(status).toContain('action="/api/opinions/receipt"');
  });

  it('an unknown code gets the same 404 as the lookup, a malformed one a 400', async () => {
    const unknown = await postJson('/api/opinions/receipt', { trackingCode: '0000-0000-0000-0000-0' });
    expect([400, 404]).toContain(unknown.status);
    const malformed = await postJson('/api/opinions/receipt', { trackingCode: 'x' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json<ErrorEnvelope>()).error.fields?.['trackingCode']).toMatch(/查询码/);
  });
});
