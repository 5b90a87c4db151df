import type { Context, ExecutionContext, Next } from 'hono';
import type { AppEnv } from './app-env.ts';
import { SITE_CSP, TURNSTILE_FORM_CSP, TURNSTILE_ORIGIN } from './security-headers.ts';
import { turnstileEnabled } from './turnstile.ts';

/**
 * Form pages (/opinions/new/..., /vote/...) are static files (the general form, the vote pages) or
 * pages the Worker renders on request (one per serving deputy and open station, since they grow
 * with the city). Either way the Worker serves them (run_worker_first) so that Turnstile follows
 * the Worker's configuration, not the build's:
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

/**
 * Requests made by fetchFormPage: answered with the page as rendered, since the caller (the
 * no-JavaScript error page, lib/form-errors.ts) adds Turnstile and the errors itself.
 */
const innerRequests = new WeakSet<Request>();

/** How the Worker renders its own pages: the app itself, set by createApp when it has pages. */
let renderPage: ((request: Request, env: Env, ctx: ExecutionContext) => Promise<Response>) | undefined;

export function renderFormPagesWith(
  render: (request: Request, env: Env, ctx: ExecutionContext) => Promise<Response>,
): void {
  renderPage = render;
}

/**
 * A form page as a visitor gets it before Turnstile: the static file, else (a page the Worker
 * renders) the app's answer to a GET of the page. Without rendered pages (the workers tests run
 * createApp() without Astro) only the static file.
 */
export async function fetchFormPage<E extends AppEnv>(c: Context<E>, url: URL): Promise<Response> {
  const asset = await c.env.ASSETS.fetch(new Request(url, { method: 'GET' }));
  if (asset.status !== 404 || !renderPage) return asset;
  const request = new Request(url, { method: 'GET' });
  innerRequests.add(request);
  return renderPage(request, c.env, c.executionCtx);
}

export async function serveFormPage(c: Context<AppEnv>, next: Next): Promise<Response | undefined> {
  let page = await c.env.ASSETS.fetch(c.req.raw);
  if (page.status === 404) {
    // Not a static file: a page the Worker renders (Astro's handlers, after this route).
    await next();
    page = c.res;
    if (innerRequests.has(c.req.raw)) return undefined;
  }
  const siteKey = c.env.TURNSTILE_SITE_KEY;
  const turnstile = turnstileEnabled(c.env) && Boolean(siteKey);
  const isHtml = (page.headers.get('Content-Type') ?? '').startsWith('text/html');
  const response =
    turnstile && siteKey && isHtml
      ? withTurnstile(new Response(page.body, page), siteKey)
      : new Response(page.body, page);
  response.headers.set('Content-Security-Policy', turnstile ? TURNSTILE_FORM_CSP : SITE_CSP);
  // Replaces the rendered answer whole (Hono would otherwise copy its headers over these).
  c.res = undefined;
  c.res = response;
  return response;
}
