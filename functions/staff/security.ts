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

/**
 * CSRF defence in depth for every state-changing staff request:
 * 1. the Origin (or Sec-Fetch-Site) must be our own origin;
 * 2. a double-submit token: the SameSite=Strict, HttpOnly cookie must equal the token the page put
 *    in the form (console) or in the X-CSRF-Token header (API).
 * GET requests get the cookie if they lack one, so every page can embed the token.
 */
export function csrfProtection(source: 'form' | 'header'): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const existing = getCookie(c, CSRF_COOKIE);
    const cookieToken = existing && TOKEN_RE.test(existing) ? existing : null;
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
      const origin = c.req.header('Origin');
      const fetchSite = c.req.header('Sec-Fetch-Site');
      const ownOrigin = new URL(c.req.url).origin;
      if (
        (origin !== undefined && origin !== ownOrigin) ||
        (fetchSite !== undefined && fetchSite !== 'same-origin')
      ) {
        throw new ApiError(403, 'cross_origin', '拒绝了来自其他网站的请求。');
      }
      let submitted: string | undefined;
      if (source === 'header') {
        submitted = c.req.header(CSRF_HEADER);
      } else {
        const type = c.req.header('Content-Type') ?? '';
        if (/^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type)) {
          // Hono caches the parsed form, so the validators after us read the same body.
          const value = (await c.req.formData().catch(() => null))?.get(CSRF_FIELD);
          submitted = typeof value === 'string' ? value : undefined;
        }
      }
      if (!cookieToken || !submitted || !timingSafeEqual(cookieToken, submitted)) {
        throw new ApiError(403, 'csrf', '页面已过期或请求来源无法确认，请刷新页面后重试。');
      }
      c.set('csrfToken', cookieToken);
      return next();
    }
    const token = cookieToken ?? randomToken();
    if (!cookieToken) {
      setCookie(c, CSRF_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        secure: isHttps(c),
      });
    }
    c.set('csrfToken', token);
    return next();
  };
}
