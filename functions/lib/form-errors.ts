import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { single, type FormFields } from './fields.ts';
import { SITE_CSP, TURNSTILE_FORM_CSP } from './security-headers.ts';
import { turnstileEnabled } from './turnstile.ts';
import {
  FORM_KEY_FIELD,
  fetchFormPage,
  formKeyOf,
  newFormKey,
  withFormKey,
  withTurnstile,
} from './form-pages.ts';

/**
 * The GOV.UK pattern for a plain form post (no JavaScript) that failed: the same form page again,
 * with an error summary at its top linking to each field, the message next to each field, and
 * everything typed kept. The page is the site's own static form page, fetched from the assets and
 * rewritten, so it looks exactly like the form the citizen came from.
 *
 * Which page: the hidden `_page` field the site's forms carry, else the Referer; only paths of
 * the public form pages are accepted. Without either the caller falls back to a result page.
 */

/** The static pages that hold public forms. */
const FORM_PAGES = [
  /^\/opinions\/new\/(?:[a-z]+\/(?:[a-z0-9][a-z0-9_-]{0,79}\/)?)?$/,
  /^\/opinions\/status\/$/,
  /^\/vote\/\d{4}\/$/,
];

/**
 * Fields never written back into the page: the honeypot and Turnstile's token (spent or stale).
 * A voting code typed into the vote form is kept, like any other field the voter typed.
 */
const NOT_KEPT = new Set(['homepage', 'cf-turnstile-response', '_page', 'step']);

export function formPagePath(
  fields: FormFields,
  referer: string | undefined,
  requestUrl: string,
): string | null {
  const own = new URL(requestUrl);
  const candidates: string[] = [];
  const declared = fields['_page'];
  if (typeof declared === 'string') candidates.push(declared);
  if (referer) candidates.push(referer);
  for (const candidate of candidates) {
    let url: URL;
    try {
      url = new URL(candidate, own);
    } catch {
      continue;
    }
    if (url.origin === own.origin && FORM_PAGES.some((re) => re.test(url.pathname))) return url.pathname;
  }
  return null;
}

function values(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export interface FormErrorView {
  message: string;
  /** Problems by field name (the form's own names: title, target.id, choices...). */
  fields: Record<string, string>;
  /** Field names → labels, for the summary. */
  labels: Record<string, string>;
  /** The posted key was spent on another submission: the form gets a new one. */
  newKey?: boolean;
}

/**
 * The form page with the errors shown and the fields refilled, or null when the page cannot be
 * fetched (then the caller answers with its result page).
 */
export async function reshowForm<E extends AppEnv>(
  c: Context<E>,
  path: string,
  status: ContentfulStatusCode,
  submitted: FormFields,
  view: FormErrorView,
): Promise<Response | null> {
  const env = c.env;
  // The static file, or the page as the Worker renders it (form pages of deputies and stations).
  const asset = await fetchFormPage(c, new URL(path, c.req.url));
  if (!asset.ok || !(asset.headers.get('Content-Type') ?? '').startsWith('text/html')) return null;

  const errorFor = (name: string): string | undefined =>
    view.fields[name] ?? (name === 'target.id' ? view.fields['target'] : undefined);
  const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const items = Object.entries(view.fields).map(([name, message]) => {
    const label = view.labels[name];
    const anchor = /^[a-zA-Z][\w.-]*$/.test(name) ? name : '';
    const text = `${label ? `${label}：` : ''}${message}`;
    return anchor ? `<li><a href="#${escape(anchor)}">${escape(text)}</a></li>` : `<li>${escape(text)}</li>`;
  });
  const summary = `<h2>${escape(view.message)}</h2>` + (items.length > 0 ? `<ul>${items.join('')}</ul>` : '');

  let currentSelect: string | null = null;
  // Only the form that was posted: a page can hold two (the vote and the receipt check).
  const form = `form[action="${new URL(c.req.url).pathname}"]`;
  // The same key as the form that was posted: a refused post stored nothing under it, so the
  // corrected post is the first submission with it, and a double click on it is still one. A
  // form posted without a key (a page from before keys) gets one now.
  const posted = view.newKey ? undefined : formKeyOf(single(submitted[FORM_KEY_FIELD]));
  const rewriter = withFormKey(new HTMLRewriter(), posted ?? newFormKey())
    .on('title', {
      element(element) {
        if (view.message) element.prepend('错误：');
      },
    })
    .on(`${form} [data-errors]`, {
      element(element) {
        if (!view.message) return;
        element.removeAttribute('hidden');
        element.setInnerContent(summary, { html: true });
      },
    })
    .on(`${form} [data-error-for]`, {
      element(element) {
        const message = errorFor(element.getAttribute('data-error-for') ?? '');
        if (message) {
          element.removeAttribute('hidden');
          element.setInnerContent(message);
        }
      },
    })
    .on(`${form} input[name]`, {
      element(element) {
        const name = element.getAttribute('name') ?? '';
        const type = (element.getAttribute('type') ?? 'text').toLowerCase();
        if (errorFor(name)) element.setAttribute('aria-invalid', 'true');
        if (NOT_KEPT.has(name) || type === 'hidden' || type === 'submit' || type === 'password') return;
        const sent = values(submitted[name]);
        if (type === 'checkbox' || type === 'radio') {
          const value = element.getAttribute('value') ?? 'on';
          if (sent.includes(value)) element.setAttribute('checked', '');
          else element.removeAttribute('checked');
          return;
        }
        const first = sent[0];
        if (first !== undefined) element.setAttribute('value', first);
      },
    })
    .on(`${form} textarea[name]`, {
      element(element) {
        const name = element.getAttribute('name') ?? '';
        if (errorFor(name)) element.setAttribute('aria-invalid', 'true');
        const first = values(submitted[name])[0];
        if (first !== undefined && !NOT_KEPT.has(name)) element.setInnerContent(first);
      },
    })
    .on(`${form} select[name]`, {
      element(element) {
        currentSelect = element.getAttribute('name');
        if (currentSelect && errorFor(currentSelect)) element.setAttribute('aria-invalid', 'true');
      },
    })
    .on(`${form} select[name] option`, {
      element(element) {
        const sent = currentSelect ? values(submitted[currentSelect]) : [];
        if (sent.length === 0) return;
        if (sent.includes(element.getAttribute('value') ?? '')) element.setAttribute('selected', '');
        else element.removeAttribute('selected');
      },
    });

  const siteKey = env.TURNSTILE_SITE_KEY;
  const turnstile = turnstileEnabled(env) && Boolean(siteKey) && Boolean(env.TURNSTILE_SECRET);
  let response = rewriter.transform(new Response(asset.body, { status, headers: asset.headers }));
  if (turnstile && siteKey) response = withTurnstile(response, siteKey);
  const headers = new Headers(response.headers);
  headers.set('Content-Security-Policy', turnstile ? TURNSTILE_FORM_CSP : SITE_CSP);
  headers.set('Cache-Control', 'no-store');
  headers.delete('ETag');
  headers.delete('Content-Length');
  return new Response(response.body, { status, headers });
}
