import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { etag } from 'hono/etag';
import type { AppEnv } from '../lib/app-env.ts';
import { valid } from '../lib/validation.ts';
import { ELDER_COOKIE, ELDER_COOKIE_MAX_AGE_SECONDS, ELDER_CSS, ElderToggleQuery } from './schema.ts';

/**
 * `back` resolved against this site and percent-encoded (a header holds ASCII only: a Chinese path
 * would otherwise fail the response); anything that resolves elsewhere goes home instead.
 */
function sameSiteLocation(requestUrl: string, back: string): string {
  const own = new URL(requestUrl);
  const target = new URL(back, own);
  return target.origin === own.origin ? `${target.pathname}${target.search}${target.hash}` : '/';
}

/**
 * The elder-friendly mode without page JavaScript: a link sets a cookie and comes back; every page
 * links /prefs/elder.css, which is the larger-text stylesheet when the cookie is set and empty
 * otherwise. Static pages stay cacheable; only this tiny stylesheet varies by cookie.
 */
export const preferencesRoutes = new Hono<AppEnv>()
  .get('/elder', valid('query', ElderToggleQuery), (c) => {
    const { on, back } = c.req.valid('query');
    const secure = new URL(c.req.url).protocol === 'https:';
    if (on === '1') {
      setCookie(c, ELDER_COOKIE, '1', {
        path: '/',
        maxAge: ELDER_COOKIE_MAX_AGE_SECONDS,
        sameSite: 'Lax',
        httpOnly: true,
        secure,
      });
    } else {
      setCookie(c, ELDER_COOKIE, '', { path: '/', maxAge: 0, sameSite: 'Lax', httpOnly: true, secure });
    }
    c.header('Cache-Control', 'no-store');
    return c.redirect(sameSiteLocation(c.req.url, back), 303);
  })
  // An ETag lets browsers revalidate the per-page stylesheet with a 304 instead of a download.
  .get('/elder.css', etag(), (c) => {
    const on = getCookie(c, ELDER_COOKIE) === '1';
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'private, no-cache');
    c.header('Vary', 'Cookie');
    return c.body(on ? ELDER_CSS : '/* 长辈模式未开启 */\n');
  });
