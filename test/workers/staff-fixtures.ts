import { env, exports } from 'cloudflare:workers';
import { Hono } from 'hono';
import { expect } from 'vitest';
import { hashCode, newCode, normalizeCode } from '../../functions/lib/codes.ts';
import { handleError } from '../../functions/lib/errors.ts';
import type { JWK } from 'jose';
import { staticKeySet } from '../../functions/lib/access-jwt.ts';
import type { StaffDeps } from '../../functions/staff/auth/routes.ts';
import type { Fetcher } from '../../functions/staff/publish/hook.ts';
import { createStaffApps } from '../../functions/staff/routes.ts';

/**
 * Records and sessions for the staff tests, inserted with each file's own ids (D1 storage is
 * shared by the tests of one file). Requests go to the real Worker (exports.default.fetch) or to
 * staff apps built with injected Access keys / hook fetch, always against the real local D1.
 */

export const ORIGIN = 'http://localhost';
const db = () => env.DB;

export interface StaffWorld {
  p: string;
  stations: { a: string; b: string };
  deputy: string;
  unit: string;
  categories: { a: string; b: string };
  staff: {
    admin: string;
    editor: string;
    handler: string;
    stationA: string;
    stationB: string;
    inactive: string;
  };
  emails: { admin: string; handler: string; stationA: string; inactive: string };
  term: string;
  electoralUnit: string;
  session: string;
}

/** A small city: two stations, a deputy, a handling unit, two categories and one staff member per role. */
export async function seedStaffWorld(prefix: string): Promise<StaffWorld> {
  const p = prefix.toLowerCase().replace(/[^a-z0-9]/g, '');
  const w: StaffWorld = {
    p,
    stations: { a: `${p}-sta-a`, b: `${p}-sta-b` },
    deputy: `${p}-dep1`,
    unit: `${p}-unit`,
    categories: { a: `${p}_roads`, b: `${p}_water` },
    staff: {
      admin: `${p}-admin`,
      editor: `${p}-editor`,
      handler: `${p}-handler`,
      stationA: `${p}-sta-staff-a`,
      stationB: `${p}-sta-staff-b`,
      inactive: `${p}-gone`,
    },
    emails: {
      admin: `${p}.admin@example.cn`,
      handler: `${p}.handler@example.cn`,
      stationA: `${p}.station@example.cn`,
      inactive: `${p}.gone@example.cn`,
    },
    term: `${p}-term`,
    electoralUnit: `${p}-eu`,
    session: `${p}-s1`,
  };
  const staffRow = db().prepare(
    'INSERT INTO staff_users (id, email, display_name, role, station_id, is_active) VALUES (?1, ?2, ?3, ?4, ?5, ?6)',
  );
  await db().batch([
    db()
      .prepare(`INSERT INTO areas (id, parent_id, kind, name) VALUES (?1, NULL, 'city', ?2)`)
      .bind(`${p}-city`, `${p}市`),
    db()
      .prepare(`INSERT INTO congresses (id, level, name, area_id) VALUES (?1, 'municipal', ?2, ?3)`)
      .bind(`${p}-cg`, `${p}市人民代表大会`, `${p}-city`),
    db()
      .prepare(
        `INSERT INTO terms (id, congress_id, number, starts_on, ends_on, is_current) VALUES (?1, ?2, 16, '2022-01-01', '2027-12-31', 1)`,
      )
      .bind(w.term, `${p}-cg`),
    db()
      .prepare(
        `INSERT INTO sessions (id, term_id, number, opens_on, closes_on) VALUES (?1, ?2, 1, '2024-01-10', '2024-01-14')`,
      )
      .bind(w.session, w.term),
    db()
      .prepare(`INSERT INTO electoral_units (id, term_id, kind, name) VALUES (?1, ?2, 'electoral_unit', ?3)`)
      .bind(w.electoralUnit, w.term, `${p}选举单位`),
    db()
      .prepare(
        `INSERT INTO deputies (id, name, gender, ethnicity, term_id, electoral_unit_id, status, status_since)
         VALUES (?1, '韩清远', 'male', '汉族', ?2, ?3, 'serving', '2022-01-01')`,
      )
      .bind(w.deputy, w.term, w.electoralUnit),
    db()
      .prepare(
        `INSERT INTO stations (id, name, kind, area_id, address) VALUES (?1, ?3, 'station', ?5, '测试路 1 号'), (?2, ?4, 'station', ?5, '测试路 2 号')`,
      )
      .bind(w.stations.a, w.stations.b, `${p}甲联络站`, `${p}乙联络站`, `${p}-city`),
    db()
      .prepare(`INSERT INTO handling_units (id, name, kind) VALUES (?1, ?2, 'government_department')`)
      .bind(w.unit, `${p}市住房和城乡建设局`),
    db()
      .prepare(`INSERT INTO opinion_categories (id, name, sort_order) VALUES (?1, ?3, 1), (?2, ?4, 2)`)
      .bind(w.categories.a, w.categories.b, `${p}道路交通`, `${p}供水排水`),
    staffRow.bind(w.staff.admin, w.emails.admin, '管理员甲', 'admin', null, 1),
    staffRow.bind(w.staff.editor, `${p}.editor@example.cn`, '编辑乙', 'editor', null, 1),
    staffRow.bind(w.staff.handler, w.emails.handler, '办理员丙', 'handler', null, 1),
    staffRow.bind(w.staff.stationA, w.emails.stationA, '站员丁', 'station_staff', w.stations.a, 1),
    staffRow.bind(w.staff.stationB, `${p}.stationb@example.cn`, '站员戊', 'station_staff', w.stations.b, 1),
    staffRow.bind(w.staff.inactive, w.emails.inactive, '离职己', 'handler', null, 0),
  ]);
  return w;
}

export interface SeededOpinion {
  id: number;
  trackingCode: string;
}

/** An opinion with its first timeline entry and (optionally) contact details, like a submission. */
export async function seedOpinion(
  w: StaffWorld,
  options: {
    to: { station: string } | { deputy: string } | 'topic';
    status?: 'received' | 'held' | 'triaged' | 'forwarded' | 'replied' | 'closed';
    title?: string;
    content?: string;
    allowPublication?: boolean;
    contact?: { name: string; contact: string; kind: 'phone' | 'email' } | null;
    dueOn?: string | null;
  },
): Promise<SeededOpinion> {
  const trackingCode = newCode();
  const hash = await hashCode(normalizeCode(trackingCode) ?? '');
  const to = options.to;
  const targetType = to === 'topic' ? 'topic' : 'station' in to ? 'station' : 'deputy';
  const stationId = to !== 'topic' && 'station' in to ? to.station : null;
  const deputyId = to !== 'topic' && 'deputy' in to ? to.deputy : null;
  const row = await db()
    .prepare(
      `INSERT INTO opinions (tracking_hash, target_type, deputy_id, station_id, title, content, status, allow_publication, due_on)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id`,
    )
    .bind(
      hash,
      targetType,
      deputyId,
      stationId,
      options.title ?? `${w.p} 路口信号灯故障`,
      options.content ?? '早高峰时信号灯经常失灵，希望尽快维修。',
      options.status ?? 'received',
      options.allowPublication ? 1 : 0,
      options.dueOn ?? null,
    )
    .first<{ id: number }>();
  const id = row?.id ?? 0;
  const contact =
    options.contact === undefined
      ? { name: '王小红', contact: '13812341234', kind: 'phone' as const }
      : options.contact;
  await db().batch([
    db()
      .prepare(
        `INSERT INTO opinion_events (opinion_id, kind, is_public, public_text) VALUES (?1, 'received', 1, '您的意见已收到。')`,
      )
      .bind(id),
    ...(contact
      ? [
          db()
            .prepare(
              `INSERT INTO opinion_contacts (opinion_id, name, contact, contact_kind, erase_after) VALUES (?1, ?2, ?3, ?4, '2099-01-01T00:00:00Z')`,
            )
            .bind(id, contact.name, contact.contact, contact.kind),
        ]
      : []),
  ]);
  return { id, trackingCode };
}

export type Fetch = (request: Request) => Promise<Response>;

/**
 * The real Worker, as deployed (wrangler.toml's top-level configuration: dev sign-in enabled).
 * Redirects are returned, not followed, as a browser's form post would see them.
 */
export const worker: Fetch = (request) => exports.default.fetch(new Request(request, { redirect: 'manual' }));

/** Staff apps with injected dependencies, mounted like functions/index.ts mounts them. */
export function staffAppWith(deps: Partial<StaffDeps>, envOverrides: Partial<Env> = {}): Fetch {
  const base: StaffDeps = { access: () => null, deployHookFetch: (input, init) => fetch(input, init) };
  const { consoleApp, apiApp } = createStaffApps({ ...base, ...deps });
  const app = new Hono<{ Bindings: Env }>();
  app.route('/staff', consoleApp);
  app.route('/api/staff', apiApp);
  app.onError(handleError);
  return async (request) => app.fetch(request, { ...env, ...envOverrides });
}

export interface Session {
  cookie: string;
  csrf: string;
}

function cookiesFrom(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const eq = (pair ?? '').indexOf('=');
    if (eq > 0) out[(pair as string).slice(0, eq)] = (pair as string).slice(eq + 1);
  }
  return out;
}

export function csrfFromHtml(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token in page');
  return match[1];
}

/** Signs in through the development sign-in page, as a person would. */
export async function signIn(fetcher: Fetch, staffId: string): Promise<Session> {
  const page = await fetcher(new Request(`${ORIGIN}/staff/sign-in`));
  const csrfCookie = cookiesFrom(page).staff_csrf;
  const csrf = csrfFromHtml(await page.text());
  const response = await fetcher(
    new Request(`${ORIGIN}/staff/sign-in`, {
      method: 'POST',
      headers: {
        Origin: ORIGIN,
        Cookie: `staff_csrf=${csrfCookie}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: csrf, staffId }),
    }),
  );
  if (response.status !== 303) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const session = cookiesFrom(response).staff_session;
  const cookie = `staff_csrf=${csrfCookie}; staff_session=${session}`;
  // The token is bound to the session (functions/staff/security.ts): read it from a signed-in page.
  const home = await fetcher(new Request(`${ORIGIN}/staff`, { headers: { Cookie: cookie } }));
  return { cookie, csrf: csrfFromHtml(await home.text()) };
}

/** A GET as the signed-in staff member. */
export function get(
  fetcher: Fetch,
  session: Session | null,
  path: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetcher(
    new Request(`${ORIGIN}${path}`, {
      headers: { ...(session ? { Cookie: session.cookie } : {}), ...headers },
    }),
  );
}

/** A console form post (with the CSRF token and our Origin unless told otherwise). */
export function postForm(
  fetcher: Fetch,
  session: Session | null,
  path: string,
  fields: Record<string, string>,
  options: { csrf?: string | null; origin?: string | null; headers?: Record<string, string> } = {},
): Promise<Response> {
  const body = new URLSearchParams(fields);
  const csrf = options.csrf === undefined ? session?.csrf : options.csrf;
  if (csrf) body.set('_csrf', csrf);
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  return fetcher(
    new Request(`${ORIGIN}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(origin ? { Origin: origin } : {}),
        ...(session ? { Cookie: session.cookie } : {}),
        ...options.headers,
      },
      body,
    }),
  );
}

/** A multipart upload from the console. */
export function postFile(
  fetcher: Fetch,
  session: Session,
  path: string,
  file: { name: string; bytes: Uint8Array },
): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', session.csrf);
  form.set('file', new File([file.bytes], file.name));
  return fetcher(
    new Request(`${ORIGIN}${path}`, {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: session.cookie },
      body: form,
    }),
  );
}

/** A JSON call to the staff API with the X-CSRF-Token header. */
export function postJson(
  fetcher: Fetch,
  session: Session,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetcher(
    new Request(`${ORIGIN}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Origin: ORIGIN,
        Cookie: session.cookie,
        'X-CSRF-Token': session.csrf,
        ...headers,
      },
      body: JSON.stringify(body),
    }),
  );
}

export async function auditEntries(entityType: string, entityId: string) {
  const { results } = await db()
    .prepare(
      'SELECT actor, action, before_json, after_json FROM audit_log WHERE entity_type = ?1 AND entity_id = ?2 ORDER BY id',
    )
    .bind(entityType, entityId)
    .all<{ actor: string; action: string; before_json: string | null; after_json: string | null }>();
  return results;
}

// ---------------------------------------------------------------------------------------------
// The records console and its lifecycle, as the tests of each record type drive it.

/** A build hook that accepts every rebuild (the publish itself is the real one). */
export const runningDeployHook = (): Promise<Response> =>
  Promise.resolve(Response.json({ state: 'running' }, { status: 202 }));

/** The version and the replaced draft a record's edit form carries. */
export async function recordFormState(
  fetcher: Fetch,
  session: Session,
  path: string,
): Promise<{ base: string; replacing: string }> {
  const html = await (await get(fetcher, session, path)).text();
  return {
    base: /name="_base" value="(\d*)"/.exec(html)?.[1] ?? '',
    replacing: /name="_replacing" value="(\d+)"/.exec(html)?.[1] ?? '',
  };
}

/** A record's change waiting for a publish (drafted or confirmed), if any. */
export function openChangeOf(
  entityType: string,
  entityId: string,
): Promise<{ id: number; needs_confirmation: number; state: string } | null> {
  return db()
    .prepare(
      `SELECT id, needs_confirmation, state FROM official_changes
       WHERE entity_type = ?1 AND entity_id = ?2 AND state IN ('drafted', 'confirmed')`,
    )
    .bind(entityType, entityId)
    .first();
}

/** A publish from the console, which answers with a redirect when it went ahead. */
export async function publishAs(fetcher: Fetch, session: Session): Promise<void> {
  expect((await postForm(fetcher, session, '/staff/publish', {})).status).toBe(303);
}

/** A new livelihood-project round's settings, as the staff API takes them. */
export interface NewRound {
  year: number;
  title: string;
  mode: 'code' | 'open';
  maxChoices: number;
  countsPublic?: boolean;
  description?: string;
}

/**
 * A new round through the lifecycle, as the office makes one: `drafter` drafts it (202, nothing
 * public yet), `confirmer` (a second person) confirms it on the publish page, and the drafter
 * publishes it. `fetcher` must accept a publish (staffAppWith a deploy hook); both sessions are
 * signed in on it. Every ready change of the test D1 is published with it, as a real publish would.
 */
export async function createRound(
  fetcher: Fetch,
  drafter: Session,
  confirmer: Session,
  round: NewRound,
): Promise<void> {
  const drafted = await postJson(fetcher, drafter, '/api/staff/rounds', round);
  expect(drafted.status).toBe(202);
  const { change } = await drafted.json<{ change: { changeId: number; needsConfirmation: boolean } }>();
  expect(change.needsConfirmation).toBe(true);
  expect(
    (await postForm(fetcher, confirmer, `/staff/publish/changes/${String(change.changeId)}/confirm`, {}))
      .status,
  ).toBe(303);
  await publishAs(fetcher, drafter);
  expect(await countRows('SELECT COUNT(*) AS n FROM project_rounds WHERE year = ?1', round.year)).toBe(1);
}

/** The `n` of a `SELECT COUNT(*) AS n …`; -1 when there is no row. */
export async function countRows(sql: string, ...params: (string | number)[]): Promise<number> {
  const row = await db()
    .prepare(sql)
    .bind(...params)
    .first<{ n: number }>();
  return row?.n ?? -1;
}

// ---------------------------------------------------------------------------------------------
// Cloudflare Access tokens, signed by the test with its own RSA keys.

export interface TestKeys {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function makeRsaKey(kid: string): Promise<TestKeys> {
  const pair = (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const exported = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
  return {
    kid,
    privateKey: pair.privateKey,
    jwk: { kty: 'RSA', kid, n: exported.n, e: exported.e, alg: 'RS256', use: 'sig' },
  };
}

function base64url(data: string | Uint8Array): string {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function signJwt(
  key: TestKeys,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): Promise<string> {
  const head = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: key.kid, ...header }));
  const body = base64url(JSON.stringify(payload));
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    key.privateKey,
    new TextEncoder().encode(`${head}.${body}`),
  );
  return `${head}.${body}.${base64url(new Uint8Array(signature))}`;
}

export function unsignedJwt(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}.`;
}

export const TEAM = 'portal-test.cloudflareaccess.com';
export const AUD = 'aud-tag-for-tests-0123456789abcdef';

/** Staff apps that check Access tokens against the given keys (no network). */
export function accessApp(keys: TestKeys[], hookFetch?: Fetcher): Fetch {
  const source = staticKeySet({ keys: keys.map((k) => k.jwk) });
  return staffAppWith({
    access: () => ({ keys: source, teamDomain: TEAM, audience: AUD }),
    ...(hookFetch ? { deployHookFetch: hookFetch } : {}),
  });
}

export function claims(email: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: [AUD],
    email,
    exp: now + 600,
    iat: now - 5,
    nbf: now - 5,
    iss: `https://${TEAM}`,
    sub: 'user-1',
    type: 'app',
    ...overrides,
  };
}
