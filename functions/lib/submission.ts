import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env.ts';
import './env-bindings.ts';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { acceptsHtml, ApiError, FIELD_LABELS } from './errors.ts';
import { formPagePath, reshowForm } from './form-errors.ts';
import { single, type FormFields } from './fields.ts';
import { FORM_KEY_FIELD } from './form-pages.ts';

/**
 * What every public submission passes before validation: an Origin check, a rate limit, a JSON or
 * plain-form body of bounded size. Plain HTML form posts (the no-JavaScript path) are turned into
 * the same JSON the API takes, so one zValidator('json', ...) validates both, and are answered
 * with HTML (responseFormat = 'html').
 */

export type ResponseFormat = 'html' | 'json';

export interface SubmissionEnv extends AppEnv {
  /** formFields: a plain form post as sent, to show the form again with them on an error. */
  Variables: { responseFormat: ResponseFormat; formFields: FormFields | undefined };
}

/**
 * The client address for rate limiting: CF-Connecting-IP is set by Cloudflare and cannot be
 * forged through it. IPv6 clients are grouped by /64, the block one subscriber usually holds.
 */
export function clientKey(request: Request): string {
  const ip = request.headers.get('CF-Connecting-IP')?.trim() ?? '';
  if (ip.includes(':')) {
    const groups = expandIpv6(ip);
    // Not an address Cloudflare would send: one bucket for all such, rather than one each.
    if (!groups) return 'ipv6-unparsed';
    return `${groups.slice(0, 4).join(':')}::/64`;
  }
  return ip || 'unknown';
}

/**
 * The eight groups of an IPv6 address, each as four lower-case hex digits, whatever way it was
 * written: `2001:db8::1`, `2001:0DB8:0:0::1` and an IPv4 tail (`::ffff:192.0.2.1`) all expand the
 * same, so compressed spellings cannot each get a rate-limit bucket of their own. Null if invalid.
 */
export function expandIpv6(address: string): string[] | null {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const v4 = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const octets = v4.slice(2, 6).map(Number);
    if (octets.some((o) => o > 255)) return null;
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    text = `${v4[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string | undefined): string[] | null => {
    if (!part) return [];
    const groups = part.split(':');
    return groups.every((g) => /^[0-9a-f]{1,4}$/.test(g)) ? groups : null;
  };
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...tail].map((g) =>
    g.padStart(4, '0'),
  );
}

/**
 * Refuses posts another site's page makes a browser send (a forged form or fetch). Browsers send
 * Origin with every POST; tools without it (curl, the site's own tests) are not browsers and
 * still meet the rate limit and Turnstile.
 */
export const sameOriginOnly: MiddlewareHandler = async (c, next) => {
  const origin = c.req.header('Origin');
  const fetchSite = c.req.header('Sec-Fetch-Site');
  const ownOrigin = new URL(c.req.url).origin;
  // A page served with `Referrer-Policy: no-referrer` makes browsers post `Origin: null`; the
  // fetch metadata still tells a same-origin post apart, so that pair is our own page.
  const nullFromOwnPage = origin === 'null' && fetchSite === 'same-origin';
  if ((origin !== undefined && origin !== ownOrigin && !nullFromOwnPage) || fetchSite === 'cross-site') {
    throw new ApiError(403, 'cross_origin', '请从本站页面提交。');
  }
  await next();
};

type LimiterName = 'OPINION_LIMITER' | 'LOOKUP_LIMITER' | 'BALLOT_LIMITER' | 'CODE_BALLOT_LIMITER';

/** One call of the Workers Rate Limiting binding, keyed by client address; 429 with Retry-After when over. */
export async function enforceRateLimit(
  env: Env,
  request: Request,
  limiter: LimiterName,
  periodSeconds: number,
): Promise<void> {
  const { success } = await env[limiter].limit({ key: `${limiter}:${clientKey(request)}` });
  if (!success) {
    throw new ApiError(429, 'rate_limited', '操作过于频繁，请稍后再试。', {
      retryAfterSeconds: periodSeconds,
    });
  }
}

/** The rate limit as a middleware, for routes whose limit does not depend on what is posted. */
export function rateLimited(limiter: LimiterName, periodSeconds: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await enforceRateLimit(c.env, c.req.raw, limiter, periodSeconds);
    await next();
  };
}

async function reshowAfterError(
  c: Context<SubmissionEnv>,
  fields: FormFields,
  error: Error,
): Promise<Response | null> {
  // The status the error handler answered with: a known error's own, else its 503.
  const status: ContentfulStatusCode = error instanceof ApiError ? error.status : 503;
  const path = formPagePath(fields, c.req.header('Referer'), c.req.url);
  if (!path) return null;
  const known = error instanceof ApiError;
  // The form's key was spent on another submission (the page was used again, e.g. after "back"):
  // nothing new was stored. The form comes back with a new key, so a second, deliberate click on
  // 提交 sends this text as a submission of its own rather than meeting the same refusal again.
  const keySpent = known && error.code === 'idempotency_key_reused';
  const page = await reshowForm(c, path, status, fields, {
    message: keySpent
      ? '这个表单已经提交过一次，这次的内容与上次不同，所以没有再提交。上次提交的回执仍然有效；如确实要另外提交这份内容，请核对后再点一次提交。'
      : known
        ? error.message
        : '服务暂时不可用，请稍后再试。',
    fields: known ? (error.fields ?? {}) : {},
    labels: FIELD_LABELS,
    newKey: keySpent,
  }).catch(() => null);
  // Headers the error answer set (Retry-After) stay on the page that replaces it.
  const retryAfter = c.res.headers.get('Retry-After');
  if (page && retryAfter) page.headers.set('Retry-After', retryAfter);
  return page;
}

function mediaType(request: Request): string {
  return (request.headers.get('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('Content-Length') ?? 'NaN');
  if (declared > maxBytes) throw new ApiError(413, 'payload_too_large', '提交的内容过长。');
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    // A request body is a byte stream; the platform types leave its chunk type open.
    const reader = (request.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new ApiError(413, 'payload_too_large', '提交的内容过长。');
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Parses an application/x-www-form-urlencoded body; repeated names become lists. */
export function parseForm(text: string): FormFields {
  const fields: FormFields = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const previous = fields[key];
    if (previous === undefined) fields[key] = value;
    else fields[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return fields;
}

/**
 * Accepts application/json (answered with JSON) or application/x-www-form-urlencoded (answered
 * with HTML, fields mapped by `fromForm`), at most `maxBytes`; anything else is 415.
 */
export function acceptSubmission(options: {
  maxBytes: number;
  fromForm: (fields: FormFields) => Record<string, unknown>;
}): MiddlewareHandler<SubmissionEnv> {
  return createMiddleware<SubmissionEnv>(async (c, next) => {
    const type = mediaType(c.req.raw);
    const isForm = type === 'application/x-www-form-urlencoded';
    // A browser's form in another encoding (multipart, text/plain) is still a page a person waits
    // on: it asks for HTML, and gets the refusal as a page rather than raw JSON.
    const wantsPage = isForm || (type !== 'application/json' && acceptsHtml(c.req.raw));
    c.set('responseFormat', wantsPage ? 'html' : 'json');
    if (!isForm && type !== 'application/json') {
      throw new ApiError(
        415,
        'unsupported_media_type',
        wantsPage
          ? '提交方式不正确，请回到本站的表单页面重新提交。'
          : '请以 JSON（application/json）格式提交。',
      );
    }
    const bytes = await readLimited(c.req.raw, options.maxBytes);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw new ApiError(400, 'invalid_encoding', '提交的内容不是有效的 UTF-8 文本。');
    }
    let json = text;
    const headers = new Headers(c.req.raw.headers);
    if (isForm) {
      const fields = parseForm(text);
      c.set('formFields', fields);
      json = JSON.stringify(options.fromForm(fields));
      // The form page's key (lib/form-pages.ts) is the Idempotency-Key of a plain post; the
      // header, when a client sends one, wins. The routes' IdempotencyHeader checks either.
      const formKey = single(fields[FORM_KEY_FIELD]);
      if (formKey && !headers.has('Idempotency-Key')) headers.set('Idempotency-Key', formKey);
    }
    headers.set('Content-Type', 'application/json');
    headers.delete('Content-Length');
    // Validators read the body again; give them a fresh request holding the (mapped) JSON.
    c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers, body: json });
    await next();
    // A failed plain form post: the form page again, with the errors and the fields (GOV.UK).
    const fields = c.get('formFields');
    if (fields && c.error && c.res.status >= 400) {
      const page = await reshowAfterError(c, fields, c.error);
      if (page) {
        // Replaces the error answer whole: Hono would otherwise copy its headers over the page's,
        // and the error page's nonce-only CSP would block the form page's own stylesheet.
        c.res = undefined;
        c.res = page;
      }
    }
  });
}
