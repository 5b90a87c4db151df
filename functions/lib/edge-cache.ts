import type { MiddlewareHandler } from 'hono';
import { currentPublishVersion } from '../publishing/version.ts';
import type { AppEnv } from './app-env.ts';

/** How long the edge keeps a rendered page; a publish moves to new keys long before that. */
const EDGE_TTL_SECONDS = 86_400;

/** Types of responses worth keeping: pages, the search JSON, and the feeds and calendars of deputies and stations. */
const CACHEABLE_TYPES = ['text/html', 'application/json', 'application/atom+xml', 'text/calendar'];

/**
 * The Cache API in front of the pages Astro renders on request. The key holds the publish
 * version, so every publish starts from fresh keys: what the public sees changes at publish and
 * only then, and old entries simply age out. Browsers revalidate every time (the edge copy is
 * the cheap one), so nobody keeps a page from before the last publish.
 */
export const edgeCache: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== 'GET') return next();
  const version = await currentPublishVersion(c.env.DB);
  const url = new URL(c.req.url);
  const key = new Request(`${url.origin}/__publish/${version}${url.pathname}${url.search}`);
  const cache = caches.default;
  const hit = await cache.match(key);
  if (hit) {
    const response = new Response(hit.body, hit);
    response.headers.set('Cache-Control', 'public, max-age=0, must-revalidate');
    response.headers.set('X-Edge-Cache', 'hit');
    return response;
  }
  await next();
  const type = c.res.headers.get('Content-Type') ?? '';
  if (c.res.status !== 200 || !CACHEABLE_TYPES.some((t) => type.startsWith(t))) return;
  const response = new Response(c.res.body, c.res);
  response.headers.set('X-Publish-Version', String(version));
  const stored = response.clone();
  stored.headers.set('Cache-Control', `public, max-age=${EDGE_TTL_SECONDS}`);
  c.executionCtx.waitUntil(cache.put(key, stored));
  response.headers.set('Cache-Control', 'public, max-age=0, must-revalidate');
  response.headers.set('X-Edge-Cache', 'miss');
  c.res = undefined;
  c.res = response;
};
