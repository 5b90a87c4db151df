import type { Context, ExecutionContext, Next } from 'hono';
import type { AppEnv } from './app-env.ts';
import { SITE_CSP, TURNSTILE_FORM_CSP, TURNSTILE_ORIGIN } from './security-headers.ts';
import { turnstileEnabled } from './turnstile.ts';
import { randomHex } from './crypto.ts';

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
 * The hidden field that makes a plain form post (no JavaScript) idempotent: a fresh random key in
 * each form page the Worker serves, which acceptSubmission (lib/submission.ts) turns into the
 * Idempotency-Key the page's script sends as a header. A double click on 提交, or a refresh of
 * the receipt page (the browser posts the form again), then answers the first receipt instead of
 * storing a second opinion or refusing the ballot's spent code.
 */
export const FORM_KEY_FIELD = '_idempotency';

/** 128 random bits, hex: within IdempotencyHeader's 16–128 visible ASCII characters. */
export function newFormKey(): string {
  return randomHex(16);
}

/** A key as the form field may carry it: what the page was given (hex), else nothing. */
const FORM_KEY = /^[0-9a-f]{32}$/;
export function formKeyOf(value: string | undefined): string | undefined {
  return value !== undefined && FORM_KEY.test(value) ? value : undefined;
}

/**
 * The forms whose posts store something: the opinion form and the vote form. The lookups
 * (status, receipt check) store nothing and need no key.
 */
const SUBMITTING_FORMS = ['form[action="/api/opinions"]', 'form[action^="/api/rounds/"][action$="/ballots"]'];

/** Adds the key field at the top of each submitting form of the page (one key for the page). */
export function withFormKey(rewriter: HTMLRewriter, key: string): HTMLRewriter {
  for (const selector of SUBMITTING_FORMS) {
    rewriter.on(selector, {
      element(element) {
        element.prepend(`<input type="hidden" name="${FORM_KEY_FIELD}" value="${key}">`, { html: true });
      },
    });
  }
  return rewriter;
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
  // The whole page every time, never a 304: a copy the browser kept (from before keys, or
  // anyone's) must not stand in for the page with its own key.
  const unconditional = new Request(c.req.raw);
  unconditional.headers.delete('If-None-Match');
  unconditional.headers.delete('If-Modified-Since');
  let page = await c.env.ASSETS.fetch(unconditional);
  if (page.status === 404) {
    // Not a static file: a page the Worker renders (Astro's handlers, after this route).
    await next();
    page = c.res;
    if (innerRequests.has(c.req.raw)) return undefined;
  }
  const siteKey = c.env.TURNSTILE_SITE_KEY;
  const turnstile = turnstileEnabled(c.env) && Boolean(siteKey);
  const isHtml = (page.headers.get('Content-Type') ?? '').startsWith('text/html');
  const keyed = isHtml && page.ok ? withFormKey(new HTMLRewriter(), newFormKey()).transform(page) : page;
  const response =
    turnstile && siteKey && isHtml
      ? withTurnstile(new Response(keyed.body, keyed), siteKey)
      : new Response(keyed.body, keyed);
  response.headers.set('Content-Security-Policy', turnstile ? TURNSTILE_FORM_CSP : SITE_CSP);
  if (keyed !== page) {
    // Each answer holds its own key: no copy of it may be kept (a browser's, or a shared cache's
    // that would give one key to many people), and no validator may bring an old copy back.
    response.headers.set('Cache-Control', 'no-store');
    response.headers.delete('ETag');
    response.headers.delete('Last-Modified');
    response.headers.delete('Content-Length');
  }
  // Replaces the rendered answer whole (Hono would otherwise copy its headers over these).
  c.res = undefined;
  c.res = response;
  return response;
}
