import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../functions/lib/app-env.ts';
import { handleError } from '../../functions/lib/errors.ts';
import { preferencesRoutes as routes } from '../../functions/preferences/routes.ts';
import { ELDER_COOKIE } from '../../functions/preferences/schema.ts';
import { readBuilt } from './helpers/built.ts';

// The elder-friendly mode's Worker routes, run as Hono runs them (no bindings are involved), with
// the Worker's one error handler so refusals get the same envelope as in production.
const preferencesRoutes = new Hono<AppEnv>().route('/', routes).onError(handleError);

describe('elder-friendly mode', () => {
  it('turns on with a cookie and sends the reader back to the page they came from', async () => {
    const res = await preferencesRoutes.request('/elder?on=1&back=%2Fdeputies%2Fx%2F');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/deputies/x/');
    const cookie = res.headers.get('Set-Cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${ELDER_COOKIE}=1;`));
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toMatch(/Max-Age=\d{7,}/);
  });

  it('turns off by expiring the cookie', async () => {
    const res = await preferencesRoutes.request('/elder?on=0&back=/');
    expect(res.status).toBe(303);
    expect(res.headers.get('Set-Cookie')).toContain('Max-Age=0');
  });

  it.each([
    ['another site', '/elder?on=1&back=%2F%2Fevil.example%2F'],
    ['a backslash trick', '/elder?on=1&back=%2F%5Cevil.example'],
    ['a full URL', '/elder?on=1&back=https%3A%2F%2Fevil.example%2F'],
    ['a bad switch', '/elder?on=yes&back=/'],
    ['no switch', '/elder?back=/'],
  ])('refuses %s with a zh-CN error', async (_label, url) => {
    const res = await preferencesRoutes.request(url);
    expect(res.status).toBe(400);
    expect(res.headers.get('Location')).toBeNull();
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('serves the larger-text stylesheet only to readers who turned it on, never cached shared', async () => {
    const on = await preferencesRoutes.request('/elder.css', { headers: { Cookie: `${ELDER_COOKIE}=1` } });
    const off = await preferencesRoutes.request('/elder.css');
    for (const res of [on, off]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toContain('text/css');
      expect(res.headers.get('Cache-Control')).toBe('private, no-cache');
      expect(res.headers.get('Vary')).toBe('Cookie');
    }
    expect(await on.text()).toContain('font-size:140%');
    expect(await off.text()).not.toContain('font-size');
    // Revalidation answers 304 while the preference is unchanged, and a fresh body once it changes.
    const tag = on.headers.get('ETag') ?? '';
    expect(tag).not.toBe('');
    const again = await preferencesRoutes.request('/elder.css', {
      headers: { Cookie: `${ELDER_COOKIE}=1`, 'If-None-Match': tag },
    });
    expect(again.status).toBe(304);
    const changed = await preferencesRoutes.request('/elder.css', { headers: { 'If-None-Match': tag } });
    expect(changed.status).toBe(200);
  });

  it('is linked from every page, with a static fallback stylesheet when no Worker runs', () => {
    for (const page of ['/', '/deputies/', '/stations/']) {
      const html = readBuilt(page);
      expect(html).toContain('<link rel="stylesheet" href="/prefs/elder.css">');
      expect(html).toMatch(/href="\/prefs\/elder\?on=1&amp;back=[^"]+"/);
    }
    expect(readBuilt('/prefs/elder.css')).not.toContain('font-size');
    expect(readBuilt('/prefs/elder/')).toContain('font-size:140%');
  });
});
