import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';
import { SITE_CSP, TURNSTILE_FORM_CSP, TURNSTILE_ORIGIN } from './security-headers.ts';
import { turnstileEnabled } from './turnstile.ts';

/**
 * Form pages (/opinions/new/..., /vote/...) are static files, but the Worker serves them
 * (run_worker_first) so that Turnstile follows the Worker's configuration, not the build's:
 * with TURNSTILE_SECRET and TURNSTILE_SITE_KEY set, the page's placeholder
 * <div data-turnstile hidden> becomes the widget, its script is added after it, and the CSP
 * allows challenges.cloudflare.com; without them the page and its strict CSP are left as built.
 */
export const TURNSTILE_SCRIPT = `${TURNSTILE_ORIGIN}/turnstile/v0/api.js`;

export function withTurnstile(response: Response, siteKey: string): Response {
  let scriptAdded = false;
  return new HTMLRewriter()
    .on('[data-turnstile]', {
      element(element) {
        element.setAttribute('class', 'cf-turnstile');
        element.setAttribute('data-sitekey', siteKey);
        element.setAttribute('data-language', 'zh-cn');
        element.removeAttribute('hidden');
        if (!scriptAdded) {
          scriptAdded = true;
          element.after(`<script src="${TURNSTILE_SCRIPT}" async defer></script>`, { html: true });
        }
      },
    })
    .transform(response);
}

export async function serveFormPage(c: Context<AppEnv>): Promise<Response> {
  const asset = await c.env.ASSETS.fetch(c.req.raw);
  const siteKey = c.env.TURNSTILE_SITE_KEY;
  const turnstile = turnstileEnabled(c.env) && Boolean(siteKey);
  const isHtml = (asset.headers.get('Content-Type') ?? '').startsWith('text/html');
  const response =
    turnstile && siteKey && isHtml
      ? withTurnstile(new Response(asset.body, asset), siteKey)
      : new Response(asset.body, asset);
  response.headers.set('Content-Security-Policy', turnstile ? TURNSTILE_FORM_CSP : SITE_CSP);
  return response;
}
