import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  type AccessKeySet,
  AccessJwtError,
  normalizeTeamDomain,
  teamKeySet,
  verifyAccessJwt,
} from '../../lib/access-jwt.ts';
import { ApiError } from '../../lib/errors.ts';
import type { StaffEnv } from '../env.ts';
import type { Fetcher } from '../publish/hook.ts';
import { page } from '../layout.tsx';
import { devSignInView } from './views.tsx';
import { isHttps, STAFF_SESSION_COOKIE } from '../security.ts';
import { randomToken, sha256Hex } from '../../lib/crypto.ts';
import { valid } from '../../lib/validation.ts';
import {
  createSession,
  deleteSession,
  findActiveStaffByEmail,
  findSessionStaff,
  listActiveStaff,
} from './queries.ts';
import { type Capability, can, DevSignInForm, type StaffUser } from './schema.ts';
import { nowIso } from '../../lib/time.ts';

export const SESSION_COOKIE = STAFF_SESSION_COOKIE;
const SESSION_HOURS = 8;
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** How Cloudflare Access tokens are checked: the team's keys, issuer and audience. */
export interface AccessSetup {
  keys: AccessKeySet;
  teamDomain: string;
  audience: string;
}

/** The configuration Access checks read (from wrangler.toml's production vars). */
export interface AccessVars {
  ACCESS_TEAM_DOMAIN?: string | undefined;
  ACCESS_AUD?: string | undefined;
}

/** What the staff apps depend on from outside, injectable so tests can bring their own keys. */
export interface StaffDeps {
  access: (env: AccessVars) => AccessSetup | null;
  deployHookFetch: Fetcher;
}

const PLACEHOLDERS = new Set([
  'your-team.cloudflareaccess.com',
  'replace-with-the-access-application-aud-tag',
]);

/** Production: the team domain and AUD from configuration, keys fetched from the team's JWKS. */
export const defaultStaffDeps: StaffDeps = {
  access: (env) => {
    const teamDomain = normalizeTeamDomain(env.ACCESS_TEAM_DOMAIN ?? '');
    const audience = (env.ACCESS_AUD ?? '').trim();
    if (!teamDomain || !audience || PLACEHOLDERS.has(teamDomain) || PLACEHOLDERS.has(audience)) return null;
    return { keys: teamKeySet(teamDomain), teamDomain, audience };
  },
  deployHookFetch: (input, init) => fetch(input, init),
};

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The development sign-in exists only when the configuration enables it (top-level vars, never
 * the production environment) and only for requests to a loopback host, so even a Worker deployed
 * by mistake with the development configuration does not offer it on a public hostname.
 */
export function devSignInAvailable(c: Context<StaffEnv>): boolean {
  return c.env.STAFF_DEV_SIGNIN === 'enabled' && LOCAL_HOSTS.has(new URL(c.req.url).hostname);
}

async function resolveStaff(c: Context<StaffEnv>, deps: StaffDeps): Promise<StaffUser> {
  const assertion = c.req.header('Cf-Access-Jwt-Assertion');
  if (assertion !== undefined) {
    const access = deps.access(c.env);
    if (!access) throw new ApiError(401, 'access_not_configured', '身份认证尚未配置，无法确认您的身份。');
    let email: string;
    try {
      email = (await verifyAccessJwt(assertion, access)).email;
    } catch (error) {
      if (error instanceof AccessJwtError) {
        if (error.reason === 'keys_unavailable') {
          throw new ApiError(503, 'access_keys_unavailable', '暂时无法验证登录凭证，请稍后再试。', {
            retryAfterSeconds: 30,
          });
        }
        throw new ApiError(401, 'unauthenticated', '登录凭证无效或已过期，请重新登录。');
      }
      throw error;
    }
    const staff = await findActiveStaffByEmail(c.env.DB, email);
    if (!staff) throw new ApiError(403, 'not_staff', '该账号不是本平台的工作人员，或已被停用。');
    c.set('signIn', 'access');
    return staff;
  }
  if (devSignInAvailable(c)) {
    const token = getCookie(c, SESSION_COOKIE);
    if (token && TOKEN_RE.test(token)) {
      const staff = await findSessionStaff(c.env.DB, await sha256Hex(token), nowIso());
      if (staff) {
        c.set('signIn', 'dev');
        return staff;
      }
    }
  }
  throw new ApiError(401, 'unauthenticated', '请先登录。');
}

/** Every staff route: who is asking, checked on each request. */
export function identifyStaff(deps: StaffDeps): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    c.set('staff', await resolveStaff(c, deps));
    await next();
  };
}

/** The development sign-in and sign-out pages (mounted before identifyStaff). */
export const devSignInRoutes = new Hono<StaffEnv>()
  .use('/sign-in', async (c, next) => {
    // Hono types a path middleware's input as any; devSignInAvailable reads only env and URL.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
    if (!devSignInAvailable(c)) throw new ApiError(404, 'not_found', '未找到请求的页面。');
    await next();
  })
  .get('/sign-in', async (c) => {
    const staff = await listActiveStaff(c.env.DB);
    return c.html(
      page(
        { title: '本地开发登录', staff: null, csrfToken: c.get('csrfToken') },
        devSignInView(c.get('csrfToken'), staff),
      ),
    );
  })
  .post('/sign-in', valid('form', DevSignInForm), async (c) => {
    const { staffId } = c.req.valid('form');
    const token = randomToken();
    const expiresAt = nowIso(Date.now() + SESSION_HOURS * 3600_000);
    const created = await createSession(c.env.DB, {
      tokenHash: await sha256Hex(token),
      staffId,
      expiresAt,
      nowIso: nowIso(),
    });
    if (!created) throw new ApiError(400, 'validation_failed', '该工作人员不存在或已停用。');
    setCookie(c, SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c),
      maxAge: SESSION_HOURS * 3600,
    });
    return c.redirect('/staff?notice=signed_in', 303);
  })
  .post('/sign-out', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token && TOKEN_RE.test(token)) await deleteSession(c.env.DB, await sha256Hex(token));
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
    return c.redirect(devSignInAvailable(c) ? '/staff/sign-in' : '/cdn-cgi/access/logout', 303);
  });

/** Role check for a whole sub-app or route: 403 unless the signed-in role has the capability. */
export function requireCapability(capability: Capability): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    if (!can(c.get('staff'), capability)) {
      throw new ApiError(403, 'forbidden', '您的角色没有这项权限。');
    }
    await next();
  };
}
