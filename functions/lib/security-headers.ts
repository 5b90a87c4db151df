import type { MiddlewareHandler } from 'hono';

/**
 * Security headers on every response the Worker makes. Static pages served straight from assets
 * get the same ones from site/public/_headers (kept equal to SITE_HEADERS; a test compares them).
 */

export const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';

/** The site's pages: own scripts and styles only (Astro inlines page CSS), framed by nobody. */
export const SITE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

/** A form page while Turnstile is configured: its script and its frame are allowed too. */
export const TURNSTILE_FORM_CSP = SITE_CSP.replace(
  "script-src 'self'",
  `script-src 'self' ${TURNSTILE_ORIGIN}`,
).replace("connect-src 'self'", `connect-src 'self' ${TURNSTILE_ORIGIN}; frame-src ${TURNSTILE_ORIGIN}`);

/** API answers are data, not documents: nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const SITE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': SITE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), payment=(), usb=()',
};

const API_HEADERS: Readonly<Record<string, string>> = {
  ...SITE_HEADERS,
  'Content-Security-Policy': API_CSP,
  // A status page must not tell the next site which page the citizen came from.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** A page the API answers a plain form post with: same-origin referrers, so its forms post. */
const API_PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...API_HEADERS,
  'Referrer-Policy': SITE_HEADERS['Referrer-Policy'] ?? 'same-origin',
};

/**
 * Headers a response may set for itself and keep: its own CSP (a result page's nonce) and its own
 * Referrer-Policy (the staff console's strict `no-referrer` must not be weakened to ours).
 */
const OWN_HEADERS = new Set(['Content-Security-Policy', 'Referrer-Policy']);

/**
 * Sets the headers. An HTML page the Worker answers under /api/ (a no-JavaScript result page,
 * which may hold a form such as "was it resolved?") gets the site's `same-origin` policy: under
 * `no-referrer` browsers post its forms with `Origin: null`, which reads as a cross-site post.
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const isHtml = (c.res.headers.get('Content-Type') ?? '').startsWith('text/html');
  const defaults = c.req.path.startsWith('/api/') ? (isHtml ? API_PAGE_HEADERS : API_HEADERS) : SITE_HEADERS;
  let headers = c.res.headers;
  try {
    headers.set('X-Content-Type-Options', 'nosniff');
  } catch {
    // Responses passed through from a binding can have immutable headers; copy them once.
    c.res = new Response(c.res.body, c.res);
    headers = c.res.headers;
  }
  for (const [name, value] of Object.entries(defaults)) {
    if (OWN_HEADERS.has(name) && headers.has(name)) continue;
    headers.set(name, value);
  }
};
