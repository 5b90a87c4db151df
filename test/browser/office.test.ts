/**
 * The office runs the portal (issue 11): an admin made with `npm run staff:add` signs in, adds a
 * station staff member, adds a reception day and cancels it, edits a duty report and uploads its
 * original, marks a deputy as resigned (confirmed by a second admin) and publishes. Every console
 * page is used without JavaScript, as the forms are meant to work. The test server has no build
 * hook, so the publish applies the changes and then reports that the rebuild could not be
 * started; the Worker-served parts (the report's original) and the database show the result, and
 * one rebuild after the last publish (what the hook would run) shows it on the prerendered pages.
 * Last, a replace-mode import of reception days is submitted and written by a publish.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '../../bench/server.ts';
import { workerConfig } from '../../scripts/build.ts';
import { capture } from '../../scripts/lib/run.ts';
import { launchBrowser, noChromium, screenshots, watchForProblems } from './browser.ts';
import { queryD1 } from './d1.ts';
import {
  BROWSER_CACHE,
  BROWSER_DIST,
  OFFICE_D1_PERSIST,
  OFFICE_STATE_DIR,
  OFFICE_WRANGLER_LOG,
} from './paths.ts';

/**
 * This journey's own portal (the built Worker on the copy of the untouched test D1 that the global
 * setup took for it): it publishes and rebuilds, which the files running beside it must not see,
 * and it needs no change of theirs.
 */
let server: DevServer | undefined;
let browser: Browser;
beforeAll(async () => {
  if (noChromium) return;
  await rm(PUBLISHED, { recursive: true, force: true });
  server = await startDevServer({
    persistTo: OFFICE_STATE_DIR,
    config: workerConfig(BROWSER_DIST),
    log: OFFICE_WRANGLER_LOG,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  // Mirrors beforeAll: without Chromium no browser was opened.
  if (!noChromium) await browser.close();
  await server?.stop();
});

const url = (path: string): string => `${server?.baseUrl ?? ''}${path}`;
const query = <Row>(sql: string, ...params: Array<string | number>): Row[] =>
  queryD1<Row>(OFFICE_D1_PERSIST, sql, ...params);

async function staffPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  return { page, problems: watchForProblems(page) };
}

async function signInAs(page: Page, name: string): Promise<void> {
  await page.goto(url('/staff/sign-in'));
  const option = page.locator('select[name=staffId] option', { hasText: name }).first();
  await page.selectOption('select[name=staffId]', (await option.getAttribute('value')) ?? '');
  await Promise.all([
    page.waitForURL(/\/staff\?notice=signed_in/),
    page.click('form[action="/staff/sign-in"] button[type=submit]'),
  ]);
}

async function submit(page: Page, form: string, expected: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(expected), page.click(`${form} button[type=submit]`)]);
}

/**
 * What the build hook does after a publish (the test server has none): rebuild the site from the
 * database and keep the open-data version in D1 and R2. The build goes to a folder of its own:
 * swapping files under the running `wrangler dev` makes it stop, and the record pages it renders
 * on request already read the live tables.
 */
const PUBLISHED = '.test-build/office-dist';
async function rebuild(version: string): Promise<void> {
  // The publish build swaps into an existing folder.
  await mkdir(PUBLISHED, { recursive: true });
  await capture('node', ['scripts/build.ts'], {
    PORTAL_D1_PERSIST: OFFICE_D1_PERSIST,
    PORTAL_OUT_DIR: PUBLISHED,
    PORTAL_CACHE_DIR: BROWSER_CACHE,
    PORTAL_PUBLISH_VERSION: version,
  });
}

/**
 * The open data of the site as it was deployed before the office's publishes (the build the
 * portal serves, made from this D1 before the journeys), kept in D1 and R2 as its first version,
 * as a production build keeps its own. The publish rebuild below then has an earlier version to
 * list and to serve. Storing it needs no second build of the same data.
 */
async function keepDeployedSnapshot(): Promise<void> {
  await capture('node', ['test/browser/store-deployed-snapshot.ts', join(BROWSER_DIST, 'client')], {
    PORTAL_D1_PERSIST: OFFICE_D1_PERSIST,
  });
}

/** A static file of the rebuilt site. */
const published = (path: string): Promise<string> => readFile(join(PUBLISHED, 'client', path), 'utf8');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe.skipIf(noChromium)('the office keeps its records up to date', () => {
  it('runs from a first admin made by staff:add to a publish', async () => {
    await capture('node', [
      'scripts/staff-add.ts',
      '--email',
      'journey.admin@example.cn',
      '--name',
      '旅程管理员',
      '--role',
      'admin',
      '--persist-to',
      OFFICE_STATE_DIR,
    ]);
    await keepDeployedSnapshot();
    const firstVersions = query<{ version: string }>('SELECT version FROM data_snapshots ORDER BY built_at');
    const { page } = await staffPage();
    await signInAs(page, '旅程管理员');

    // A station staff member.
    await page.goto(url('/staff/accounts/new'));
    await page.fill('#f-email', 'journey.station@example.cn');
    await page.fill('#f-displayName', '旅程站员');
    await page.selectOption('#f-role', 'station_staff');
    const station = (await page.locator('#f-stationId option').nth(1).getAttribute('value')) ?? '';
    await page.selectOption('#f-stationId', station);
    await submit(page, 'form[action="/staff/accounts"]', /notice=staff_saved/);
    expect(
      query("SELECT role, station_id FROM staff_users WHERE email = 'journey.station@example.cn'"),
    ).toEqual([{ role: 'station_staff', station_id: station }]);

    // A reception day at that station, published, then cancelled with a reason.
    await page.goto(url(`/staff/records/reception_day/new?station_id=${station}`));
    await page.fill('#f-starts_at', '2031-06-10T09:00');
    await page.fill('#f-ends_at', '2031-06-10T11:00');
    await page.fill('#f-topic', '旅程测试接待日');
    await submit(
      page,
      'form[action="/staff/records/reception_day"]',
      /reception_day\/\d+\?notice=change_drafted/,
    );
    const dayId = /reception_day\/(\d+)/.exec(page.url())?.[1] ?? '';
    // A second day the office's spreadsheet will no longer have.
    await page.goto(url(`/staff/records/reception_day/new?station_id=${station}`));
    await page.fill('#f-starts_at', '2031-06-17T09:00');
    await page.fill('#f-ends_at', '2031-06-17T11:00');
    await page.fill('#f-topic', '旅程测试第二次接待');
    await submit(
      page,
      'form[action="/staff/records/reception_day"]',
      /reception_day\/\d+\?notice=change_drafted/,
    );
    await page.goto(url('/staff/publish'));
    await Promise.all([
      page.waitForLoadState(),
      page.click('form[action="/staff/publish"] button[type=submit]'),
    ]);
    expect(query('SELECT status FROM reception_days WHERE id = ?1', Number(dayId))).toEqual([
      { status: 'scheduled' },
    ]);
    await page.goto(url(`/staff/records/reception_day/${dayId}`));
    await page.fill('#f-cancel_reason', '代表参加全市会议，改期另行通知');
    await submit(
      page,
      `form[action="/staff/records/reception_day/${dayId}/cancel"]`,
      /notice=change_drafted/,
    );

    // A duty report: edited, and its original uploaded.
    await page.goto(url('/staff/records/duty_report'));
    const report = ((await page.locator('main table tbody tr a').first().textContent()) ?? '').trim();
    await page.goto(url(`/staff/records/duty_report/${report}`));
    await page.fill('#f-audience', '原选区选民代表');
    await submit(page, `form[action="/staff/records/duty_report/${report}"]`, /notice=change_drafted/);
    await page.setInputFiles('#f-document', {
      name: '履职报告原件.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await submit(
      page,
      `form[action="/staff/records/duty_report/${report}/document"]`,
      /notice=change_drafted/,
    );
    expect(await page.locator('main').textContent()).toContain('待发布：履职报告原件.pdf');

    // A deputy resigns: a second person must confirm.
    await page.goto(url('/staff/records/deputy'));
    const deputy = ((await page.locator('main table tbody tr a').first().textContent()) ?? '').trim();
    await page.goto(url(`/staff/records/deputy/${deputy}`));
    await page.selectOption('#f-status', 'resigned');
    await page.fill('#f-status_since', '2031-06-01');
    await page.fill('#f-reason', '因工作调动辞去代表职务');
    await submit(page, `form[action="/staff/records/deputy/${deputy}"]`, /notice=change_needs_confirmation/);
    await screenshots(page, 'staff-deputy-status');

    // Another admin confirms and publishes.
    const second = await staffPage();
    const other = second.page;
    await other.goto(url('/staff/sign-in'));
    const admins = other.locator('select[name=staffId] option', { hasText: '管理员' });
    let otherName = '';
    for (const text of await admins.allTextContents()) if (!text.includes('旅程')) otherName ||= text.trim();
    await signInAs(other, otherName.split(/[（(]/)[0] ?? otherName);
    await other.goto(url('/staff/publish'));
    expect(await other.locator('main').textContent()).toContain('待确认');
    await Promise.all([
      other.waitForURL(/notice=change_confirmed/),
      other.locator('form[action$="/confirm"] button').first().click(),
    ]);
    await screenshots(other, 'staff-publish');
    await Promise.all([
      other.waitForLoadState(),
      other.click('form[action="/staff/publish"] button[type=submit]'),
    ]);

    expect(
      query('SELECT status, status_note, row_version FROM reception_days WHERE id = ?1', Number(dayId)),
    ).toEqual([{ status: 'cancelled', status_note: '代表参加全市会议，改期另行通知', row_version: 2 }]);
    expect(query('SELECT status, status_since FROM deputies WHERE id = ?1', deputy)).toEqual([
      { status: 'resigned', status_since: '2031-06-01' },
    ]);
    expect(
      query(
        `SELECT field, new_value, role FROM change_log WHERE entity_type = 'deputy' AND entity_id = ?1 AND field = 'status' ORDER BY id DESC LIMIT 1`,
        deputy,
      ),
    ).toEqual([{ field: 'status', new_value: 'resigned', role: 'admin' }]);
    const original = await fetch(url(`/files/reports/${report}`));
    expect(original.status).toBe(200);
    expect(Buffer.from(await original.arrayBuffer())).toEqual(PDF);

    // The station's calendar is rendered by the Worker from the published data: the cancellation
    // shows at publish, without a rebuild.
    // An isolate trusts its copy of the publish version for up to 2 s, so allow a few seconds.
    let ics = '';
    for (let tries = 0; tries < 20 && !ics.includes('STATUS:CANCELLED'); tries++) {
      if (tries > 0) await new Promise((done) => setTimeout(done, 500));
      ics = (await (await fetch(url(`/stations/${station}/calendar.ics`))).text()).replace(/\r\n /g, '');
    }
    // The rebuilt public site: the change log, the report page, /data/.
    await rebuild('journey-second');
    const event = ics.split('BEGIN:VEVENT').find((e) => e.includes(`UID:reception-${dayId}@`)) ?? '';
    expect(event).toContain('STATUS:CANCELLED');
    expect(event).toContain('SEQUENCE:1');
    expect(await published('changes/index.html')).toContain('已辞职');
    expect(await (await fetch(url(`/reports/${report}/`))).text()).toContain(`/files/reports/${report}`);
    const versions = query<{ version: string }>('SELECT version FROM data_snapshots ORDER BY built_at');
    expect(versions.length).toBeGreaterThan(firstVersions.length);
    const earlier = firstVersions.at(-1)?.version ?? '';
    const listing = await published('data/snapshots/index.html');
    expect(listing).toContain(`/data/snapshots/${earlier}/`);
    const older = await fetch(url(`/files/data/${earlier}/manifest.json`));
    expect(older.status).toBe(200);
    expect(((await older.json()) as { version: string }).version).toBe(earlier);

    // The office's spreadsheet for 2031: one day changed, the other gone. Dry run first, then
    // the removal only with the box ticked.
    const csv = [
      '联络站编号,开始时间,结束时间,主题,状态,变更说明,值班代表编号',
      `${station},2031-06-10 09:00,2031-06-10 11:00,旅程测试接待日（改期）,已取消,代表参加全市会议，改期另行通知,`,
    ].join('\r\n');
    await other.goto(url('/staff/imports'));
    const upload = other.locator('form[action="/staff/imports/reception_days"]');
    await upload
      .locator('input[name=file]')
      .setInputFiles({ name: '接待日.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await upload.locator('input[name=mode][value=replace]').check();
    await Promise.all([
      other.waitForURL(/\/staff\/imports\/reception_days$/),
      upload.locator('button[type=submit]').click(),
    ]);
    const dryRun = (await other.locator('main').textContent()) ?? '';
    expect(dryRun).toContain('将要更新的记录');
    expect(dryRun).toContain('旅程测试接待日（改期）');
    expect(dryRun).toContain('将要删除的记录（1）');
    await screenshots(other, 'staff-import-dry-run');
    expect(query("SELECT COUNT(*) AS n FROM reception_days WHERE topic = '旅程测试第二次接待'")).toEqual([
      { n: 1 },
    ]);
    await other.locator('input[name=confirmRemoval]').check();
    await Promise.all([
      other.waitForURL(/\/commit$/),
      other.click('form[action$="/commit"] button[type=submit]'),
    ]);
    const submitted = (await other.locator('main').textContent()) ?? '';
    expect(submitted).toContain('删除 1');
    expect(submitted).toContain('已提交，等待发布');
    // Submitted, not written: the import waits for the publish (reception days need no second person).
    expect(query("SELECT COUNT(*) AS n FROM reception_days WHERE topic = '旅程测试第二次接待'")).toEqual([
      { n: 1 },
    ]);
    await other.goto(url('/staff/publish'));
    const waiting = (await other.locator('main').textContent()) ?? '';
    expect(waiting).toContain('待发布的导入');
    expect(waiting).toContain('接待日.csv');
    await Promise.all([
      other.waitForLoadState(),
      other.click('form[action="/staff/publish"] button[type=submit]'),
    ]);
    expect(query("SELECT COUNT(*) AS n FROM reception_days WHERE topic = '旅程测试第二次接待'")).toEqual([
      { n: 0 },
    ]);
    // Its public trace: one change-log row for the file, with what it did.
    expect(
      query<{ field: string; new_value: string }>(
        "SELECT field, new_value FROM change_log WHERE entity_type = 'import'",
      ).map((r) => [r.field, r.new_value.includes('删除 1 条')]),
    ).toEqual([['reception_days', true]]);
    expect(query('SELECT topic, status FROM reception_days WHERE id = ?1', Number(dayId))).toEqual([
      { topic: '旅程测试接待日（改期）', status: 'cancelled' },
    ]);
  }, 480_000);
});
