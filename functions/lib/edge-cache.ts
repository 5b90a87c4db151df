import type { MiddlewareHandler } from 'hono';
import { currentPublishVersion } from '../publishing/version.ts';
import { SearchParams } from '../search/schema.ts';
import type { AppEnv } from './app-env.ts';

/** How long the edge keeps a rendered page; a publish moves to new keys long before that. */
const EDGE_TTL_SECONDS = 86_400;

/** Types of responses worth keeping: pages, the search JSON, and the feeds and calendars of deputies and stations. */
const CACHEABLE_TYPES = ['text/html', 'application/json', 'application/atom+xml', 'text/calendar'];

/**
 * The isolate's own copy of the pages asked for most recently, in front of the Cache API: a
 * Cache API lookup costs a call out of the isolate (locally about a third of a static asset's
 * whole cost), a Map lookup nothing. Small, so it never crowds the isolate's 128 MB: at most this
 * many pages and bytes, least recently used out first.
 */
export const MEMORY_CACHE_PAGES = 200;
export const MEMORY_CACHE_BYTES = 8 * 1024 * 1024;

interface KeptPage {
  body: ArrayBuffer;
  status: number;
  headers: [string, string][];
}

/** Key → page, in order of last use (a Map iterates in insertion order; a hit moves to the end). */
const memory = new Map<string, KeptPage>();
let memoryBytes = 0;

function remember(key: string, page: KeptPage): void {
  if (page.body.byteLength > MEMORY_CACHE_BYTES / 16) return;
  const old = memory.get(key);
  if (old) {
    memory.delete(key);
    memoryBytes -= old.body.byteLength;
  }
  memory.set(key, page);
  memoryBytes += page.body.byteLength;
  for (const [oldest, kept] of memory) {
    if (memory.size <= MEMORY_CACHE_PAGES && memoryBytes <= MEMORY_CACHE_BYTES) break;
    memory.delete(oldest);
    memoryBytes -= kept.body.byteLength;
  }
}

function recall(key: string): KeptPage | undefined {
  const page = memory.get(key);
  if (page) {
    // Most recently used goes last.
    memory.delete(key);
    memory.set(key, page);
  }
  return page;
}

/** The pages this isolate keeps in memory now (for tests). */
export function memoryCacheSize(): { pages: number; bytes: number } {
  return { pages: memory.size, bytes: memoryBytes };
}

async function keep(response: Response): Promise<KeptPage> {
  return { body: await response.arrayBuffer(), status: response.status, headers: [...response.headers] };
}

function answer(page: KeptPage): Response {
  const response = new Response(page.body, { status: page.status, headers: page.headers });
  response.headers.set('Cache-Control', 'public, max-age=0, must-revalidate');
  response.headers.set('X-Edge-Cache', 'hit');
  return response;
}

/**
 * The query parameters a Worker-rendered page reads: only the search page reads any, those of its
 * SearchParams. The key keeps just these, sorted, so a query string a page ignores
 * (`/deputies/x/?anything`) is the same page from the cache, not a new render from D1 each time.
 */
const PAGE_QUERY_KEYS: ReadonlySet<string> = new Set(Object.keys(SearchParams.shape));

export function pageQuery(url: URL): string {
  const kept = [...url.searchParams].filter(([name]) => PAGE_QUERY_KEYS.has(name));
  if (kept.length === 0) return '';
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `?${new URLSearchParams(kept).toString()}`;
}

/**
 * The Cache API in front of the pages Astro renders on request, with the isolate's memory in
 * front of that. Both keys hold the publish version, so every publish starts from fresh keys:
 * what the public sees changes at publish and only then, and old entries simply age out (memory:
 * pushed out by newer pages). Browsers revalidate every time (the edge copy is the cheap one), so
 * nobody keeps a page from before the last publish.
 */
export const edgeCache: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== 'GET') return next();
  const version = await currentPublishVersion(c.env.DB);
  const url = new URL(c.req.url);
  const keyUrl = `${url.origin}/__publish/${version}${url.pathname}${pageQuery(url)}`;
  const inMemory = recall(keyUrl);
  if (inMemory) return answer(inMemory);
  const key = new Request(keyUrl);
  const cache = caches.default;
  const hit = await cache.match(key);
  if (hit) {
    const page = await keep(hit);
    remember(keyUrl, page);
    return answer(page);
  }
  await next();
  const type = c.res.headers.get('Content-Type') ?? '';
  if (c.res.status !== 200 || !CACHEABLE_TYPES.some((t) => type.startsWith(t))) return;
  // Read whole (a record page is a few KB): one buffer for the answer and the stored copy costs
  // less than teeing the stream (about 1 ms of CPU a page under local wrangler dev).
  const body = await c.res.arrayBuffer();
  const response = new Response(body, c.res);
  response.headers.set('X-Publish-Version', String(version));
  const stored = new Response(body, response);
  stored.headers.set('Cache-Control', `public, max-age=${EDGE_TTL_SECONDS}`);
  // Memory takes the page at its next visit (from the Cache API): most pages are seen once.
  c.executionCtx.waitUntil(cache.put(key, stored));
  response.headers.set('Cache-Control', 'public, max-age=0, must-revalidate');
  response.headers.set('X-Edge-Cache', 'miss');
  c.res = undefined;
  c.res = response;
};
