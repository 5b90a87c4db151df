import type { D1Database } from '@cloudflare/workers-types';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import { startDevServer } from '../../bench/server.ts';
import { workerConfig } from '../../scripts/build.ts';
import { PUBLISH_VERSION_TTL_MS } from '../../functions/publishing/version.ts';
import { buildProxyOptions } from '../../site/loaders/build-database.ts';
import { textOf } from './helpers/built.ts';
import { BUILD_OUT } from './build-paths.ts';
import { copyTestState } from './test-state.ts';

/**
 * The pages the Worker renders show the published state, through the edge cache keyed to the
 * publish version: a staff edit drafted in the console (the official-change lifecycle) stays
 * invisible, and the publish makes it visible within seconds, without any rebuild. As staff and
 * visitors use it: the test build's Worker, started here on a copy of the test D1 (a publish adds
 * change-log rows, which other site tests compare with the built pages), with a build hook that
 * only says yes.
 */

const STATE_COPY = '.test-build/publish-state';
let siteUrl = '';
let db: D1Database;
let dispose: () => Promise<void> = () => Promise.resolve();
let stopWorker: () => Promise<void> = () => Promise.resolve();
let deputy: DeputyRow;
let staff: { editor: string; admin: string };

interface DeputyRow {
  id: string;
  unit_position: string;
  office_phone: string | null;
  office_email: string | null;
  status: string;
  status_since: string;
}

interface Session {
  cookie: string;
  csrf: string;
}

function cookiesOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const header of response.headers.getSetCookie()) {
    const [pair = ''] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/** Signs in through the development sign-in page (local only), as a staff member would. */
async function signIn(staffId: string): Promise<Session> {
  const page = await fetch(new URL('/staff/sign-in', siteUrl));
  const csrfCookie = cookiesOf(page).staff_csrf;
  const csrf = csrfOf(await page.text());
  const response = await postForm({ cookie: `staff_csrf=${csrfCookie}`, csrf }, '/staff/sign-in', {
    staffId,
  });
  expect(response.status, await response.clone().text()).toBe(303);
  const cookie = `staff_csrf=${csrfCookie}; staff_session=${cookiesOf(response).staff_session}`;
  // The CSRF token is bound to the session (functions/staff/security.ts): read it from a signed-in page.
  const home = await fetch(new URL('/staff', siteUrl), { headers: { Cookie: cookie } });
  return { cookie, csrf: csrfOf(await home.text()) };
}

function postForm(session: Session, path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(new URL(path, siteUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: siteUrl,
      Cookie: session.cookie,
    },
    body: new URLSearchParams({ ...fields, _csrf: session.csrf }),
  });
}

beforeAll(async () => {
  await copyTestState(STATE_COPY);
  const hook = createServer((req, res) => {
    req.resume();
    res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"accepted":true}');
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const address = hook.address();
  const server = await startDevServer({
    persistTo: STATE_COPY,
    config: workerConfig(BUILD_OUT),
    log: '.test-build/publish-wrangler.log',
    vars: {
      DEPLOY_HOOK_URL: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/rebuild`,
    },
  });
  siteUrl = server.baseUrl;
  stopWorker = async () => {
    hook.close();
    await server.stop();
  };
  const proxy = await getPlatformProxy<{ DB: D1Database }>(await buildProxyOptions(`${STATE_COPY}/v3`));
  db = proxy.env.DB;
  dispose = proxy.dispose;
  const row = await db
    .prepare(
      `SELECT id, unit_position, office_phone, office_email, status, status_since FROM deputies
       WHERE status = 'serving' AND id NOT IN (SELECT entity_id FROM official_changes
         WHERE entity_type = 'deputy' AND state IN ('drafted', 'confirmed'))
       ORDER BY id DESC LIMIT 1`,
    )
    .first<DeputyRow>();
  if (!row) throw new Error('the test D1 has no serving deputy');
  deputy = row;
  const role = async (name: string): Promise<string> => {
    const found = await db
      .prepare('SELECT id FROM staff_users WHERE role = ?1 AND is_active = 1 ORDER BY id LIMIT 1')
      .bind(name)
      .first<{ id: string }>();
    if (!found) throw new Error(`the test D1 has no active ${name}`);
    return found.id;
  };
  staff = { editor: await role('editor'), admin: await role('admin') };
});

afterAll(async () => {
  await dispose();
  await stopWorker();
});

async function visit(path: string): Promise<{ text: string; cache: string | null; version: string | null }> {
  const response = await fetch(new URL(path, siteUrl));
  expect(response.status, path).toBe(200);
  return {
    text: textOf(await response.text()),
    cache: response.headers.get('X-Edge-Cache'),
    version: response.headers.get('X-Publish-Version'),
  };
}

/** Visits until the page passes `check` (the version is re-read at most every TTL). */
async function visitUntil(
  path: string,
  check: (page: { text: string; cache: string | null }) => boolean,
  withinMs: number,
): Promise<{ text: string; cache: string | null }> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const page = await visit(path);
    if (check(page) || Date.now() > deadline) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('record pages rendered by the Worker, cached per publish version', () => {
  it('shows a console edit only once it is published, within seconds and without a rebuild', async () => {
    const path = `/deputies/${deputy.id}/`;
    const edited = `0571-${String(Date.now() % 10_000_000).padStart(7, '0')}`;

    const first = await visit(path);
    expect(first.text).not.toContain(edited);
    // The second visit comes from the edge cache.
    const cached = await visitUntil(path, (p) => p.cache === 'hit', 5_000);
    expect(cached.cache).toBe('hit');

    // An editor corrects the office phone in the console: a drafted change, not yet public.
    const editor = await signIn(staff.editor);
    const formPath = `/staff/records/deputy/${deputy.id}`;
    const form = await (
      await fetch(new URL(formPath, siteUrl), { headers: { Cookie: editor.cookie } })
    ).text();
    const base = /name="_base" value="(\d*)"/.exec(form)?.[1] ?? '';
    const saved = await postForm(editor, formPath, {
      _base: base,
      unit_position: deputy.unit_position,
      office_phone: edited,
      office_email: deputy.office_email ?? '',
      status: deputy.status,
      status_since: deputy.status_since,
      reason: '更正办公电话',
      reference: '',
    });
    expect(saved.status, await saved.clone().text()).toBe(303);
    const draft = await db
      .prepare(
        "SELECT state FROM official_changes WHERE entity_type = 'deputy' AND entity_id = ?1 ORDER BY id DESC LIMIT 1",
      )
      .bind(deputy.id)
      .first<{ state: string }>();
    expect(draft?.state).toBe('drafted');
    await new Promise((r) => setTimeout(r, PUBLISH_VERSION_TTL_MS + 500));
    const unpublished = await visit(path);
    expect(unpublished.text).not.toContain(edited);
    if (deputy.office_phone) expect(unpublished.text).toContain(deputy.office_phone);

    // An admin publishes: the change is applied with the new publish version in one batch.
    const admin = await signIn(staff.admin);
    const publishedAt = Date.now();
    const published = await postForm(admin, '/staff/publish', {});
    expect(published.status, await published.clone().text()).toBe(303);
    const shown = await visitUntil(path, (p) => p.text.includes(edited), PUBLISH_VERSION_TTL_MS + 3_000);
    expect(shown.text).toContain(edited);
    expect(Date.now() - publishedAt).toBeLessThan(PUBLISH_VERSION_TTL_MS + 3_000);
  });

  it('answers an unknown record with the 404 page, and ships no script on record pages', async () => {
    const missing = await fetch(new URL('/deputies/no-such-deputy/', siteUrl));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<html');
    const bad = await fetch(new URL('/reports/%E4%BA%BA/', siteUrl));
    expect(bad.status).toBe(404);
    await bad.arrayBuffer();
    const profile = await fetch(new URL(`/deputies/${deputy.id}/`, siteUrl));
    const html = await profile.text();
    expect(html).not.toMatch(/<script\b/);
    expect(profile.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
  });

  it('renders stations, groups, handling units and project candidates from D1, 404 for unknown ones', async () => {
    const station = await db
      .prepare('SELECT id, name FROM stations LIMIT 1')
      .first<{ id: string; name: string }>();
    const group = await db
      .prepare('SELECT id, name FROM deputy_groups LIMIT 1')
      .first<{ id: string; name: string }>();
    const unit = await db
      .prepare('SELECT id, name FROM handling_units LIMIT 1')
      .first<{ id: string; name: string }>();
    const candidate = await db
      .prepare('SELECT id, round_year, title FROM project_candidates LIMIT 1')
      .first<{ id: string; round_year: number; title: string }>();
    if (!station || !group || !unit || !candidate) throw new Error('the test D1 lacks a record kind');
    for (const [path, name] of [
      [`/stations/${station.id}/`, station.name],
      [`/groups/${group.id}/`, group.name],
      [`/units/${unit.id}/`, unit.name],
      [`/projects/${candidate.round_year}/${candidate.id}/`, candidate.title],
    ] as const) {
      const response = await fetch(new URL(path, siteUrl));
      const html = await response.text();
      expect(response.status, path).toBe(200);
      expect(html, path).toContain(`<h1>${name}</h1>`);
      expect(html, path).not.toMatch(/<script\b/);
      expect(response.headers.get('X-Publish-Version'), path).not.toBeNull();
    }
    for (const path of [
      '/stations/no-such-station/',
      '/groups/no-such-group/',
      '/units/no-such-unit/',
      `/projects/${candidate.round_year + 1}/${candidate.id}/`,
      `/projects/year/${candidate.id}/`,
    ]) {
      const response = await fetch(new URL(path, siteUrl));
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toContain('<html');
    }
  });
});
