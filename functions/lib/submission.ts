import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env.ts';
import './env-bindings.ts';
import { ApiError } from './errors.ts';
import type { FormFields } from './fields.ts';

/**
 * What every public submission passes before validation: an Origin check, a rate limit, a JSON or
 * plain-form body of bounded size. Plain HTML form posts (the no-JavaScript path) are turned into
 * the same JSON the API takes, so one zValidator('json', ...) validates both, and are answered
 * with HTML (responseFormat = 'html').
 */

export type ResponseFormat = 'html' | 'json';

export interface SubmissionEnv extends AppEnv {
  Variables: { responseFormat: ResponseFormat };
}

/**
 * The client address for rate limiting: CF-Connecting-IP is set by Cloudflare and cannot be
 * forged through it. IPv6 clients are grouped by /64, the block one subscriber usually holds.
 */
export function clientKey(request: Request): string {
  const ip = request.headers.get('CF-Connecting-IP')?.trim() ?? '';
  if (ip.includes(':')) return `${ip.split(':').slice(0, 4).join(':')}::/64`;
  return ip || 'unknown';
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
  if ((origin !== undefined && origin !== ownOrigin) || fetchSite === 'cross-site') {
    throw new ApiError(403, 'cross_origin', '请从本站页面提交。');
  }
  await next();
};

type LimiterName = 'OPINION_LIMITER' | 'LOOKUP_LIMITER' | 'BALLOT_LIMITER';

/** The Workers Rate Limiting binding, keyed by client address; 429 with Retry-After when over. */
export function rateLimited(limiter: LimiterName, periodSeconds: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { success } = await c.env[limiter].limit({ key: `${limiter}:${clientKey(c.req.raw)}` });
    if (!success) {
      throw new ApiError(429, 'rate_limited', '操作过于频繁，请稍后再试。', {
        retryAfterSeconds: periodSeconds,
      });
    }
    await next();
  };
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
    c.set('responseFormat', isForm ? 'html' : 'json');
    if (!isForm && type !== 'application/json') {
      throw new ApiError(415, 'unsupported_media_type', '请以 JSON（application/json）格式提交。');
    }
    const bytes = await readLimited(c.req.raw, options.maxBytes);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw new ApiError(400, 'invalid_encoding', '提交的内容不是有效的 UTF-8 文本。');
    }
    const json = isForm ? JSON.stringify(options.fromForm(parseForm(text))) : text;
    const headers = new Headers(c.req.raw.headers);
    headers.set('Content-Type', 'application/json');
    headers.delete('Content-Length');
    // Validators read the body again; give them a fresh request holding the (mapped) JSON.
    c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers, body: json });
    await next();
  });
}
