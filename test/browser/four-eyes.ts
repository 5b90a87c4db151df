/**
 * Four eyes on an official number (issue 12), in Chromium against the running portal: one staff
 * member enters a station count, which changes nothing public; a second confirms it and publishes;
 * only then do the public count and the public change log move, with the confirming role.
 * Run by in-turn.test.ts, one after the other with the journeys that move the same counts.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noChromium, portal, releaseSharedBrowser, screenshots, shareBrowser, url } from './browser.ts';
import { queryD1 } from './d1.ts';
import { BROWSER_D1_PERSIST } from './paths.ts';

let browser: Browser;
beforeAll(async () => {
  if (!noChromium) browser = await shareBrowser();
});
// Mirrors beforeAll: without Chromium no browser was shared.
afterAll(async () => {
  if (!noChromium) await releaseSharedBrowser();
});

async function staffMember(staffId: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url('/staff/sign-in'));
  await page.selectOption('select[name=staffId]', staffId);
  await Promise.all([page.waitForURL(/\/staff\?notice=signed_in/), page.click('form button[type=submit]')]);
  return { context, page };
}

async function stationCount(year: number, candidate: string): Promise<number> {
  const round = (await (await fetch(url(`/api/rounds/${year}`))).json()) as {
    candidates: Array<{ id: string; channels: { station: number } | null }>;
  };
  const found = round.candidates.find((c) => c.id === candidate);
  if (!found?.channels) throw new Error(`no public counts for ${candidate}`);
  return found.channels.station;
}

/** The public change log rows of a candidate's tally, read from the portal's local D1. */
function tallyLog(candidate: string): Array<{ field: string; new_value: string; role: string }> {
  return queryD1(
    BROWSER_D1_PERSIST,
    "SELECT field, new_value, role FROM change_log WHERE entity_type = 'candidate_tally' AND entity_id = ?1 ORDER BY id",
    candidate,
  );
}

describe.skipIf(noChromium)('two staff members and one station count', () => {
  it('moves the public count and the change log only after a second person confirms', async () => {
    const year = portal.roundYear;
    const editor = await staffMember('editor1');
    await editor.page.goto(url(`/staff/rounds/${year}`));
    const form = editor.page.locator(`form[action="/staff/rounds/${year}/counts"]`).first();
    // Each project's forms sit in a <details>: open the first one as a person would.
    await editor.page.locator('details', { has: form }).first().locator('summary').click();
    const candidate = (await form.locator('input[name=candidateId]').getAttribute('value')) ?? '';
    const before = await stationCount(year, candidate);
    const entered = before + 5000;
    await form.locator('input[name=station]').fill(String(entered));
    await form.locator('input[name=reason]').fill('补录联络站计票');
    await form.locator('input[name=reference]').fill('计票单 JP-4EYES-01');
    await Promise.all([
      editor.page.waitForURL(/notice=counts_saved/),
      form.locator('button[type=submit]').click(),
    ]);
    expect(await editor.page.locator('main').textContent()).toContain('须由另一位工作人员确认');
    expect(await stationCount(year, candidate)).toBe(before);

    // The one who entered it sees it waiting and has no way to confirm it.
    await editor.page.goto(url('/staff/publish'));
    const row = editor.page.locator('tr', { hasText: '计票单 JP-4EYES-01' });
    expect(await row.textContent()).toContain('待确认');
    expect(await row.getByRole('button', { name: '核对无误，确认' }).count()).toBe(0);
    // Publishing now leaves the unconfirmed number out.
    await editor.page.fill('textarea[name=summary], input[name=summary]', '未确认的计票不应发布');
    await Promise.all([
      editor.page.waitForLoadState('load'),
      editor.page.click('form[action="/staff/publish"] button[type=submit]'),
    ]);
    expect(await stationCount(year, candidate)).toBe(before);
    expect(tallyLog(candidate)).toEqual([]);

    // A second staff member checks it against the sheet and confirms; the next publish applies it.
    const admin = await staffMember('admin');
    await admin.page.goto(url('/staff/publish'));
    const waiting = admin.page.locator('tr', { hasText: '计票单 JP-4EYES-01' });
    await Promise.all([
      admin.page.waitForURL(/notice=change_confirmed/),
      waiting.getByRole('button', { name: '核对无误，确认' }).click(),
    ]);
    await screenshots(admin.page, 'four-eyes-confirmed');
    expect(await stationCount(year, candidate)).toBe(before);
    await admin.page.fill('textarea[name=summary], input[name=summary]', '联络站计票');
    await Promise.all([
      admin.page.waitForLoadState('load'),
      admin.page.click('form[action="/staff/publish"] button[type=submit]'),
    ]);
    expect(await stationCount(year, candidate)).toBe(entered);
    expect(tallyLog(candidate)).toEqual([
      { field: 'station_count', new_value: String(entered), role: 'admin' },
    ]);
    await editor.context.close();
    await admin.context.close();
  });
});
