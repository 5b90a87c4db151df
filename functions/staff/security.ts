import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { randomToken } from '../lib/crypto.ts';
import { ApiError } from '../lib/errors.ts';
import type { StaffEnv } from './env.ts';

export const CSRF_COOKIE = 'staff_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/** The console's content security policy: no script at all, styles from our own origin only. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:';
}

/** Headers on every console and staff API response: nothing cached, framed, sniffed or leaked. */
export const staffSecurityHeaders: MiddlewareHandler<StaffEnv> = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', CONSOLE_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  c.header('Cross-Origin-Resource-Policy', 'same-origin');
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** The development sign-in's session cookie (auth/routes.ts re-exports it as SESSION_COOKIE). */
export const STAFF_SESSION_COOKIE = 'staff_session';

function base64Url(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * The session this request belongs to, as a secret the page cannot read: the Cloudflare Access
 * assertion (production) or the HttpOnly session cookie (development sign-in); '' before sign-in.
 */
function sessionCredential(c: Context<StaffEnv>): string {
  return c.req.header('Cf-Access-Jwt-Assertion') ?? getCookie(c, STAFF_SESSION_COOKIE) ?? '';
}

/**
 * The token a page embeds: HMAC of the session credential under the browser's random CSRF cookie.
 * Bound to the session, so a token (or a planted cookie) from another session or from before
 * sign-in is refused, and signing in or out changes it.
 */
export async function sessionCsrfToken(cookieSecret: string, credential: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(cookieSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`staff-csrf\0${credential}`));
  return base64Url(mac);
}

/**
 * True when the request comes from our own pages. The console sends `Referrer-Policy:
 * no-referrer`, under which browsers post `Origin: null`; Sec-Fetch-Site still says same-origin
 * then, so `null` passes only together with it (and the session-bound token is checked as well).
 */
export function fromOwnOrigin(c: Context): boolean {
  const origin = c.req.header('Origin');
  const fetchSite = c.req.header('Sec-Fetch-Site');
  const ownOrigin = new URL(c.req.url).origin;
  if (fetchSite !== undefined && fetchSite !== 'same-origin') return false;
  if (origin === undefined || origin === ownOrigin) return true;
  return origin === 'null' && fetchSite === 'same-origin';
}

/**
 * CSRF defence in depth for every state-changing staff request:
 * 1. the Origin (or Sec-Fetch-Site) must be our own origin;
 * 2. a token bound to the session: HMAC of the session credential under the SameSite=Strict,
 *    HttpOnly CSRF cookie, put by the page in the form (console) or the X-CSRF-Token header (API).
 * GET requests get the cookie if they lack one, so every page can embed the token.
 */
export function csrfProtection(source: 'form' | 'header'): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const existing = getCookie(c, CSRF_COOKIE);
    const cookieSecret = existing && TOKEN_RE.test(existing) ? existing : null;
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
      if (!fromOwnOrigin(c)) throw new ApiError(403, 'cross_origin', '拒绝了来自其他网站的请求。');
      let submitted: string | undefined;
      if (source === 'header') {
        submitted = c.req.header(CSRF_HEADER);
      } else {
        const type = c.req.header('Content-Type') ?? '';
        if (/^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type)) {
          // Hono caches the parsed form, so the validators after us read the same body.
          const form = await c.req.formData().catch(() => null);
          // A body that is not the form it claims (multipart cut short, no boundary): say so,
          // rather than call it an expired page. Nothing was read into any action yet.
          if (!form) {
            throw new ApiError(
              400,
              'malformed_form',
              '表单内容不完整或格式有误，无法读取，请回到页面重新提交。',
            );
          }
          const value = form.get(CSRF_FIELD);
          submitted = typeof value === 'string' ? value : undefined;
        }
      }
      const expected = cookieSecret ? await sessionCsrfToken(cookieSecret, sessionCredential(c)) : null;
      if (!expected || !submitted || !timingSafeEqual(expected, submitted)) {
        throw new ApiError(403, 'csrf', '页面已过期或请求来源无法确认，请刷新页面后重试。');
      }
      c.set('csrfToken', expected);
      return next();
    }
    const secret = cookieSecret ?? randomToken();
    if (!cookieSecret) {
      setCookie(c, CSRF_COOKIE, secret, {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        secure: isHttps(c),
      });
    }
    c.set('csrfToken', await sessionCsrfToken(secret, sessionCredential(c)));
    return next();
  };
}
