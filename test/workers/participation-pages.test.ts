import { env, exports } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { app } from '../../functions/app.ts';
import { TURNSTILE_SCRIPT, withTurnstile } from '../../functions/lib/form-pages.ts';
import { interpretSiteverify } from '../../functions/lib/turnstile.ts';
import { SITE_CSP, SITE_HEADERS, TURNSTILE_FORM_CSP } from '../../functions/lib/security-headers.ts';
import headersFile from '../../site/public/_headers?raw';
import { ORIGIN, postJson } from './participation-fixtures.ts';

describe('Turnstile configuration', () => {
  it('says once, on the first request, that the check is off', async () => {
    const warnings: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
    // The round does not exist: the point is only that requests pass through the Worker.
    await postJson('/api/rounds/2099/ballots', { choices: ['x'] });
    await exports.default.fetch(`${ORIGIN}/vote/2099/`);
    await exports.default.fetch(`${ORIGIN}/opinions/new/`);
    await postJson('/api/opinions', {
      target: { type: 'topic' },
      title: '两次',
      content: '不会重复提示关闭。',
      consent: true,
    });
    expect(warnings.filter((w) => w.includes('Turnstile check is OFF'))).toHaveLength(1);
    vi.restoreAllMocks();
  });
});

describe('reading siteverify answers', () => {
  const table: Array<[string, number, unknown, ReturnType<typeof interpretSiteverify>]> = [
    ['a passed token', 200, { success: true, 'error-codes': [] }, 'pass'],
    [
      'an expired or reused token',
      200,
      { success: false, 'error-codes': ['timeout-or-duplicate'] },
      'refused',
    ],
    ['a forged token', 200, { success: false, 'error-codes': ['invalid-input-response'] }, 'refused'],
    [
      'our own secret refused',
      200,
      { success: false, 'error-codes': ['invalid-input-secret'] },
      'unavailable',
    ],
    [
      'an internal error at Cloudflare',
      200,
      { success: false, 'error-codes': ['internal-error'] },
      'unavailable',
    ],
    ['a 5xx answer', 502, null, 'unavailable'],
    ['a rate-limited answer', 429, null, 'unavailable'],
    ['an answer that is not siteverify JSON', 200, { ok: 1 }, 'unavailable'],
  ];
  it.each(table)('treats %s as %s', (_label, status, body, verdict) => {
    expect(interpretSiteverify(status, body)).toBe(verdict);
  });
});

describe('form pages', () => {
  it('leave the page and the strict CSP alone while Turnstile is not configured', async () => {
    const response = await exports.default.fetch(`${ORIGIN}/opinions/new/`);
    expect(response.headers.get('Content-Security-Policy')).toBe(SITE_CSP);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Referrer-Policy')).toBe('same-origin');
    expect(await response.text()).not.toContain('challenges.cloudflare.com');
  });

  it('allow Turnstile in the CSP once it is configured', async () => {
    const response = await app.request(
      `${ORIGIN}/vote/2031/`,
      undefined,
      { ...env, TURNSTILE_SECRET: 'secret', TURNSTILE_SITE_KEY: 'site-key' },
      createExecutionContext(),
    );
    expect(response.headers.get('Content-Security-Policy')).toBe(TURNSTILE_FORM_CSP);
    expect(TURNSTILE_FORM_CSP).toContain("script-src 'self' https://challenges.cloudflare.com");
    expect(TURNSTILE_FORM_CSP).toContain('frame-src https://challenges.cloudflare.com');
    expect(TURNSTILE_FORM_CSP).toContain("frame-ancestors 'none'");
  });

  it('turn the placeholder into the widget and add its script once', async () => {
    const page = `<!doctype html><html><head><title>t</title></head><body>
      <form id="a"><div data-turnstile hidden></div></form><form id="b"><div data-turnstile hidden></div></form></body></html>`;
    const html = await withTurnstile(
      new Response(page, { headers: { 'Content-Type': 'text/html' } }),
      'key-"<>',
    ).text();
    expect(html.match(/class="cf-turnstile"/g)).toHaveLength(2);
    expect(html).toContain('data-sitekey="key-&quot;<>"'); // quoted attribute: only " needs escaping
    expect(html).not.toMatch(/data-turnstile[^>]*hidden/);
    expect(html.split(TURNSTILE_SCRIPT)).toHaveLength(2);
    const untouched = await withTurnstile(
      new Response('<p>无表单</p>', { headers: { 'Content-Type': 'text/html' } }),
      'k',
    ).text();
    expect(untouched).toBe('<p>无表单</p>');
  });
});

describe('site/public/_headers', () => {
  /** The file's rules: path pattern → header lines (detaching "! Name" lines included). */
  function rules(text: string): Map<string, Array<[string, string]>> {
    const map = new Map<string, Array<[string, string]>>();
    let current: Array<[string, string]> | null = null;
    for (const line of text.split('\n')) {
      if (line.trim() === '' || line.startsWith('#')) continue;
      if (!/^\s/.test(line)) {
        current = [];
        map.set(line.trim(), current);
      } else if (current) {
        const [name = '', value = ''] = line.trim().split(/:\s(.*)/s);
        current.push([name, value]);
      }
    }
    return map;
  }

  it('gives static pages the same headers the Worker gives its own', () => {
    const all = rules(headersFile);
    expect(Object.fromEntries(all.get('/*') ?? [])).toEqual(SITE_HEADERS);
    // Search runs in the Worker now (no WebAssembly): no page needs a looser policy.
    expect(all.get('/search/*')).toBeUndefined();
  });
});
