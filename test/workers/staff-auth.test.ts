import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AccessFailure,
  type AccessKeySet,
  AccessJwtError,
  remoteKeySet,
  staticKeySet,
  teamKeySet,
  verifyAccessJwt,
} from '../../functions/lib/access-jwt.ts';
import { defaultStaffDeps } from '../../functions/staff/auth/routes.ts';
import wranglerToml from '../../wrangler.toml?raw';
import {
  accessApp,
  AUD,
  claims,
  csrfFromHtml,
  get,
  makeRsaKey,
  ORIGIN,
  postForm,
  seedStaffWorld,
  signIn,
  signJwt,
  staffAppWith,
  type StaffWorld,
  TEAM,
  type TestKeys,
  unsignedJwt,
  worker,
} from './staff-fixtures.ts';

let w: StaffWorld;
let key: TestKeys;
let otherKey: TestKeys;

beforeAll(async () => {
  w = await seedStaffWorld('auth');
  key = await makeRsaKey('key-1');
  otherKey = await makeRsaKey('key-other');
});

function withToken(token: string, path = '/api/staff/session'): Request {
  return new Request(`${ORIGIN}${path}`, { headers: { 'Cf-Access-Jwt-Assertion': token } });
}

describe('Cloudflare Access sign-in', () => {
  it('accepts a valid token of an active staff member and names them', async () => {
    const app = accessApp([key]);
    const response = await app(withToken(await signJwt(key, {}, claims(w.emails.handler))));
    expect(response.status).toBe(200);
    const body = await response.json<{ staff: { id: string; role: string }; signIn: string }>();
    expect(body.staff).toMatchObject({ id: w.staff.handler, role: 'handler' });
    expect(body.signIn).toBe('access');
  });

  it('matches the email case-insensitively', async () => {
    const app = accessApp([key]);
    const response = await app(withToken(await signJwt(key, {}, claims(w.emails.handler.toUpperCase()))));
    expect(response.status).toBe(200);
  });

  const refused: Array<[string, () => Promise<string>, number]> = [
    ['a missing token', () => Promise.resolve(''), 401],
    ['garbage', () => Promise.resolve('not-a-jwt'), 401],
    [
      'an expired token',
      async () => signJwt(key, {}, claims(w.emails.handler, { exp: Math.floor(Date.now() / 1000) - 3600 })),
      401,
    ],
    [
      'a token not valid yet',
      async () => signJwt(key, {}, claims(w.emails.handler, { nbf: Math.floor(Date.now() / 1000) + 3600 })),
      401,
    ],
    [
      'the wrong audience',
      async () => signJwt(key, {}, claims(w.emails.handler, { aud: ['someone-else'] })),
      401,
    ],
    [
      'an audience given as the wrong string',
      async () => signJwt(key, {}, claims(w.emails.handler, { aud: 'someone-else' })),
      401,
    ],
    [
      'the wrong issuer',
      async () => signJwt(key, {}, claims(w.emails.handler, { iss: 'https://evil.cloudflareaccess.com' })),
      401,
    ],
    [
      'alg none (unsigned)',
      () => Promise.resolve(unsignedJwt({ alg: 'none', kid: 'key-1' }, claims(w.emails.handler))),
      401,
    ],
    ['alg HS256', async () => signJwt(key, { alg: 'HS256' }, claims(w.emails.handler)), 401],
    ['an unknown key id', async () => signJwt(key, { kid: 'key-unknown' }, claims(w.emails.handler)), 401],
    [
      "a known key id with another key's signature",
      async () => signJwt({ ...otherKey, kid: 'key-1' }, {}, claims(w.emails.handler)),
      401,
    ],
    [
      'a tampered payload',
      async () => {
        const token = await signJwt(key, {}, claims(w.emails.handler));
        const [head, , sig] = token.split('.');
        const forged = btoa(JSON.stringify(claims(w.emails.admin)))
          .replace(/\+/g, '-')
          .replace(/\//g, '_')
          .replace(/=+$/, '');
        return `${head}.${forged}.${sig}`;
      },
      401,
    ],
    [
      'a token without an email',
      async () => signJwt(key, {}, claims(w.emails.handler, { email: undefined })),
      401,
    ],
    [
      'a valid token of someone who is not staff',
      async () => signJwt(key, {}, claims('visitor@example.cn')),
      403,
    ],
    [
      'a valid token of a deactivated staff member',
      async () => signJwt(key, {}, claims(w.emails.inactive)),
      403,
    ],
  ];

  it.each(refused)('refuses %s', async (_label, makeToken, status) => {
    const app = accessApp([key]);
    const token = await makeToken();
    const response = await app(token === '' ? new Request(`${ORIGIN}/api/staff/session`) : withToken(token));
    expect(response.status).toBe(status);
    const consolePage = await app(
      token === '' ? new Request(`${ORIGIN}/staff/opinions`) : withToken(token, '/staff/opinions'),
    );
    expect(consolePage.status).toBe(status);
    expect(consolePage.headers.get('Content-Type')).toMatch(/text\/html/);
  });

  it('checks the token on every hostname the Worker answers (no trust in the host)', async () => {
    const app = accessApp([key]);
    for (const host of ['https://portal.example.cn', 'https://deputy-portal.someone.workers.dev']) {
      const anonymous = await app(new Request(`${host}/staff/opinions`));
      expect(anonymous.status).toBe(401);
      const valid = await app(
        new Request(`${host}/api/staff/session`, {
          headers: { 'Cf-Access-Jwt-Assertion': await signJwt(key, {}, claims(w.emails.admin)) },
        }),
      );
      expect(valid.status).toBe(200);
    }
  });

  it('refuses every token while Access is not configured (placeholders count as not configured)', async () => {
    const placeholder = staffAppWith(
      {
        access: defaultStaffDeps.access,
      },
      {
        ACCESS_TEAM_DOMAIN: 'your-team.cloudflareaccess.com',
        ACCESS_AUD: 'replace-with-the-access-application-aud-tag',
      },
    );
    const response = await placeholder(withToken(await signJwt(key, {}, claims(w.emails.admin))));
    expect(response.status).toBe(401);
  });
});

describe('why a token is refused', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: Array<[string, () => Promise<string>, AccessFailure]> = [
    ['no token', () => Promise.resolve(''), 'missing'],
    ['two segments', () => Promise.resolve('a.b'), 'malformed'],
    [
      'alg none',
      () => Promise.resolve(unsignedJwt({ alg: 'none', kid: 'key-1' }, claims(w.emails.handler))),
      'algorithm',
    ],
    ['alg HS256', async () => signJwt(key, { alg: 'HS256' }, claims(w.emails.handler)), 'algorithm'],
    [
      'an unknown key id',
      async () => signJwt(key, { kid: 'key-unknown' }, claims(w.emails.handler)),
      'unknown_key',
    ],
    [
      'another key',
      async () => signJwt({ ...otherKey, kid: 'key-1' }, {}, claims(w.emails.handler)),
      'signature',
    ],
    ['expired', async () => signJwt(key, {}, claims(w.emails.handler, { exp: now() - 3600 })), 'expired'],
    ['no expiry', async () => signJwt(key, {}, claims(w.emails.handler, { exp: undefined })), 'expired'],
    [
      'not valid yet',
      async () => signJwt(key, {}, claims(w.emails.handler, { nbf: now() + 3600 })),
      'not_yet_valid',
    ],
    [
      'issued in the future',
      async () => signJwt(key, {}, claims(w.emails.handler, { iat: now() + 3600 })),
      'not_yet_valid',
    ],
    [
      'the wrong audience',
      async () => signJwt(key, {}, claims(w.emails.handler, { aud: ['x'] })),
      'audience',
    ],
    [
      'the wrong issuer',
      async () => signJwt(key, {}, claims(w.emails.handler, { iss: 'https://evil.example' })),
      'issuer',
    ],
    ['no email', async () => signJwt(key, {}, claims(w.emails.handler, { email: undefined })), 'no_email'],
  ];
  it.each(cases)('%s', async (_label, makeToken, expected) => {
    const keys = staticKeySet({ keys: [key.jwk] });
    const failure = await verifyAccessJwt(await makeToken(), { keys, teamDomain: TEAM, audience: AUD }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AccessJwtError);
    expect(failure).toMatchObject({ reason: expected });
  });
});

describe('JWKS key set (the production path)', () => {
  // jose keeps time with Date.now: the tests move the clock instead of waiting.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

  function jwksServer(keys: () => TestKeys[]) {
    const calls: string[] = [];
    const fetcher = (url: string) => {
      calls.push(url);
      return Promise.resolve(
        Response.json({ keys: keys().map((k) => k.jwk), public_cert: { kid: 'x', cert: '' } }),
      );
    };
    return { calls, fetcher };
  }
  const verify = async (keys: AccessKeySet) =>
    verifyAccessJwt(await signJwt(key, {}, claims(w.emails.handler)), {
      keys,
      teamDomain: TEAM,
      audience: AUD,
    });
  const reason = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof AccessJwtError ? error.reason : 'other'),
    );

  it('fetches the team certs URL once and caches the keys', async () => {
    const server = jwksServer(() => [key]);
    const keys = remoteKeySet(`https://${TEAM}/cdn-cgi/access/certs`, { fetcher: server.fetcher });
    const token = await signJwt(key, {}, claims(w.emails.handler));
    for (let i = 0; i < 3; i += 1) {
      await expect(verifyAccessJwt(token, { keys, teamDomain: TEAM, audience: AUD })).resolves.toMatchObject({
        email: w.emails.handler,
      });
    }
    expect(server.calls).toEqual([`https://${TEAM}/cdn-cgi/access/certs`]);
  });

  it('refetches once for a new key id (rotation), and rate-limits refetches for unknown ids', async () => {
    let published = [key];
    const server = jwksServer(() => published);
    const keys = remoteKeySet('https://team.example/cdn-cgi/access/certs', {
      fetcher: server.fetcher,
      minRefetchIntervalMs: 30_000,
    });
    const verifyWith = async (signer: TestKeys) =>
      reason(
        verifyAccessJwt(
          await signJwt(signer, {}, claims(w.emails.handler, { iss: 'https://team.example' })),
          {
            keys,
            teamDomain: 'team.example',
            audience: AUD,
          },
        ),
      );
    expect(await verifyWith(key)).toBe('accepted');
    expect(server.calls).toHaveLength(1);

    // A forged kid right away: no refetch (the last fetch was a moment ago).
    expect(await verifyWith({ ...key, kid: 'forged' })).toBe('unknown_key');
    expect(server.calls).toHaveLength(1);

    // Rotation: the team publishes a new key; after the interval one refetch picks it up.
    const rotated = await makeRsaKey('key-2');
    published = [rotated, key];
    advance(31_000);
    expect(await verifyWith(rotated)).toBe('accepted');
    expect(server.calls).toHaveLength(2);
    expect(await verifyWith(rotated)).toBe('accepted');
    expect(await verifyWith({ ...key, kid: 'forged-again' })).toBe('unknown_key');
    expect(server.calls).toHaveLength(2);
  });

  it('keeps cached keys when a refresh fails, and says so when it has none', async () => {
    let up = true;
    let calls = 0;
    const fetcher = () => {
      calls += 1;
      return Promise.resolve(up ? Response.json({ keys: [key.jwk] }) : new Response('down', { status: 503 }));
    };
    const keys = remoteKeySet(`https://${TEAM}/cdn-cgi/access/certs`, { fetcher, maxAgeMs: 1000 });
    expect(await reason(verify(keys))).toBe('accepted');
    up = false;
    advance(60_000);
    expect(await reason(verify(keys))).toBe('accepted');
    expect(calls).toBe(2);

    const empty = remoteKeySet(`https://${TEAM}/cdn-cgi/access/certs`, { fetcher });
    expect(await reason(verify(empty))).toBe('keys_unavailable');
  });

  it('builds the production key set from configuration, one per team and isolate', () => {
    const setup = defaultStaffDeps.access({ ACCESS_TEAM_DOMAIN: `https://${TEAM}/`, ACCESS_AUD: AUD });
    expect(setup).not.toBeNull();
    expect(setup?.teamDomain).toBe(TEAM);
    expect(setup?.audience).toBe(AUD);
    expect(setup?.keys).toBe(teamKeySet(TEAM));
    expect(teamKeySet(TEAM).url).toBe(`https://${TEAM}/cdn-cgi/access/certs`);
    expect(defaultStaffDeps.access(env)).toBeNull();
    expect(defaultStaffDeps.access({ ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: '' })).toBeNull();
  });
});

/** The lines of one [section] of wrangler.toml, up to the next section header. */
function tomlSection(name: string): string[] {
  const lines = wranglerToml.split('\n');
  const start = lines.findIndex((line) => line.trim() === `[${name}]`);
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && /^\s*\[/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((line) => !line.trim().startsWith('#'));
}

describe('configuration', () => {
  it('enables the development sign-in only in the local vars, never in production (vars are not inherited)', () => {
    expect(tomlSection('vars').some((line) => /^STAFF_DEV_SIGNIN\s*=/.test(line))).toBe(true);
    const production = tomlSection('env.production.vars');
    expect(production.length).toBeGreaterThan(0);
    expect(production.some((line) => line.includes('STAFF_DEV_SIGNIN'))).toBe(false);
    expect(production.some((line) => /^ACCESS_TEAM_DOMAIN\s*=/.test(line))).toBe(true);
    expect(production.some((line) => /^ACCESS_AUD\s*=/.test(line))).toBe(true);
  });
});

describe('development sign-in', () => {
  it('signs in on localhost and sets strict, HttpOnly cookies', async () => {
    const page = await worker(new Request(`${ORIGIN}/staff/sign-in`));
    expect(page.status).toBe(200);
    const csrfCookie = page.headers.getSetCookie().find((c) => c.startsWith('staff_csrf='));
    expect(csrfCookie).toMatch(/HttpOnly/);
    expect(csrfCookie).toMatch(/SameSite=Strict/);
    const session = await signIn(worker, w.staff.editor);
    const home = await get(worker, session, '/staff');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('编辑乙');
  });

  it('does not exist on a public hostname, even with the development configuration', async () => {
    const page = await worker(new Request('https://portal.example.cn/staff/sign-in'));
    expect(page.status).toBe(404);
    const session = await signIn(worker, w.staff.admin);
    const elsewhere = await worker(
      new Request('https://portal.example.cn/staff', { headers: { Cookie: session.cookie } }),
    );
    expect(elsewhere.status).toBe(401);
  });

  it('does not exist when the configuration does not enable it (production)', async () => {
    const production = staffAppWith({}, { STAFF_DEV_SIGNIN: undefined });
    expect((await production(new Request(`${ORIGIN}/staff/sign-in`))).status).toBe(404);
    const session = await signIn(worker, w.staff.admin);
    expect(
      (await production(new Request(`${ORIGIN}/staff`, { headers: { Cookie: session.cookie } }))).status,
    ).toBe(401);
  });

  it('refuses a deactivated staff member and an unknown one', async () => {
    await expect(signIn(worker, w.staff.inactive)).rejects.toThrow(/sign-in failed: 400/);
    await expect(signIn(worker, 'nobody-here')).rejects.toThrow(/sign-in failed: 400/);
  });

  it('ends the session on sign-out', async () => {
    const session = await signIn(worker, w.staff.handler);
    const out = await postForm(worker, session, '/staff/sign-out', {});
    expect(out.status).toBe(303);
    expect((await get(worker, session, '/staff')).status).toBe(401);
  });

  it('rejects a forged session cookie', async () => {
    const response = await worker(
      new Request(`${ORIGIN}/staff`, {
        headers: { Cookie: 'staff_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      }),
    );
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('/staff/sign-in');
  });
});

/** Drafts of a new round of this year (what an accepted new-round form makes), and the round if any. */
async function newRoundDrafts(year: number): Promise<number> {
  const row = await env.DB.prepare(
    `SELECT (SELECT COUNT(*) FROM official_changes WHERE entity_type = 'project_round' AND entity_id = ?1)
       + (SELECT COUNT(*) FROM project_rounds WHERE year = ?2) AS n`,
  )
    .bind(String(year), year)
    .first<{ n: number }>();
  return row?.n ?? -1;
}

describe('CSRF protection', () => {
  it('refuses a form post without the token, with a wrong token, or from another origin', async () => {
    const session = await signIn(worker, w.staff.admin);
    const path = '/staff/rounds';
    const fields = { year: '2031', title: '测试轮次', mode: 'code', maxChoices: '3' };
    expect((await postForm(worker, session, path, fields, { csrf: null })).status).toBe(403);
    expect((await postForm(worker, session, path, fields, { csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await postForm(worker, session, path, fields, { origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect(
      (await postForm(worker, session, path, fields, { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status,
    ).toBe(403);
    // A new round is a draft of the lifecycle: none was made by a refused post.
    expect(await newRoundDrafts(2031)).toBe(0);
    expect((await postForm(worker, session, path, fields)).status).toBe(303);
    expect(await newRoundDrafts(2031)).toBe(1);
  });

  it('refuses an API write without the X-CSRF-Token header', async () => {
    const session = await signIn(worker, w.staff.admin);
    const response = await worker(
      new Request(`${ORIGIN}/api/staff/rounds`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN, Cookie: session.cookie },
        body: JSON.stringify({ year: 2032, title: '测试', mode: 'open', maxChoices: 2 }),
      }),
    );
    expect(response.status).toBe(403);
  });

  it("binds the token to the session: another session's token, or the pre-sign-in one, is refused", async () => {
    const admin = await signIn(worker, w.staff.admin);
    const other = await signIn(worker, w.staff.editor);
    const path = '/staff/rounds';
    const fields = { year: '2033', title: '绑定会话', mode: 'code', maxChoices: '3' };
    // Another signed-in staff member's token with this session's cookies.
    expect((await postForm(worker, admin, path, fields, { csrf: other.csrf })).status).toBe(403);
    // A cookie planted by someone else together with a token they computed for it: still refused,
    // because the token depends on the HttpOnly session credential they do not know.
    const planted = 'p'.repeat(43);
    const plantedCookie = admin.cookie.replace(/staff_csrf=[^;]+/, `staff_csrf=${planted}`);
    const forged = await postForm(worker, { cookie: plantedCookie, csrf: planted }, path, fields);
    expect(forged.status).toBe(403);
    // The token on the sign-in page (before the session existed) no longer works after sign-in.
    const page = await worker(
      new Request(`${ORIGIN}/staff/sign-in`, { headers: { Cookie: admin.cookie.split('; ')[0] ?? '' } }),
    );
    expect(
      (await postForm(worker, admin, path, fields, { csrf: csrfFromHtml(await page.text()) })).status,
    ).toBe(403);
    expect(await newRoundDrafts(2033)).toBe(0);
    expect((await postForm(worker, admin, path, fields)).status).toBe(303);
    expect(await newRoundDrafts(2033)).toBe(1);
  });

  it('takes a same-origin post a no-referrer page makes (Origin: null with Sec-Fetch-Site)', async () => {
    const session = await signIn(worker, w.staff.admin);
    const fields = { year: '2034', title: '无来源页面', mode: 'code', maxChoices: '3' };
    const sameSite = { origin: 'null', headers: { 'Sec-Fetch-Site': 'same-origin' } };
    expect((await postForm(worker, session, '/staff/rounds', fields, sameSite)).status).toBe(303);
    // `null` alone (no fetch metadata) is not proof of anything.
    const bare = { ...fields, year: '2035' };
    expect((await postForm(worker, session, '/staff/rounds', bare, { origin: 'null' })).status).toBe(403);
  });

  it('keeps the strict Referrer-Policy on console pages and the staff API', async () => {
    const session = await signIn(worker, w.staff.admin);
    for (const path of ['/staff', '/staff/opinions', '/api/staff/opinions', '/staff/no-such-page']) {
      const response = await get(worker, session, path);
      expect(response.headers.get('Referrer-Policy'), path).toBe('no-referrer');
    }
  });

  it('sends a strict CSP and no-store on console pages', async () => {
    const session = await signIn(worker, w.staff.admin);
    const response = await get(worker, session, '/staff');
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(response.headers.get('Content-Security-Policy')).not.toContain('unsafe-inline');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(response.headers.get('X-Frame-Options')).toBe('DENY');
  });
});
