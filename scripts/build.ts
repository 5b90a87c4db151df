/**
 * npm run build: the prerendered site from D1 and MDX, the Worker that renders record pages on
 * request, then the search index (D1 FTS5). Astro writes the static files to <out>/client and the Worker
 * with its wrangler config to <out>/server (`wrangler dev --config <out>/server/wrangler.json`).
 * Locally it reads the on-disk D1 (.wrangler/state); PORTAL_D1=remote reads production.
 *
 * A publish (PORTAL_PUBLISH_VERSION set, as the build hook does) builds into a staging folder
 * and then swaps it into dist/, so the running `wrangler dev` keeps serving the old site until
 * the new one is complete; it then keeps the open-data manifest and files in D1 and R2 as the next
 * changelog's base and the downloadable history (site/lib/records/store-snapshot.ts).
 */
import { cp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { D1Database } from '@cloudflare/workers-types';
import { rebuildSearchIndex } from '../functions/search/actions.ts';
import type { SearchDocumentRow } from '../functions/search/queries.ts';
import { buildProxyOptions } from '../site/loaders/build-database.ts';
import { storeSnapshot } from '../site/lib/records/store-snapshot.ts';
import { run, seconds } from './lib/run.ts';

/** The static files of a build (what Workers static assets serve). */
export function clientDir(outDir: string): string {
  return join(outDir, 'client');
}

/** The wrangler configuration of a build's Worker. */
export function workerConfig(outDir: string): string {
  return join(outDir, 'server', 'wrangler.json');
}

export async function buildSite(options: { migrate: boolean; env?: NodeJS.ProcessEnv }): Promise<void> {
  const startedAt = performance.now();
  const env = options.env ?? {};
  if (options.migrate && process.env.PORTAL_D1 !== 'remote') {
    await run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local'], env);
  }
  const outDir = env.PORTAL_OUT_DIR ?? process.env.PORTAL_OUT_DIR ?? 'dist';
  await run('astro', ['build'], { ...env, PORTAL_OUT_DIR: outDir, ...astroMemoryEnv(env) });
  await buildSearchIndex(env);
  console.log(`site built in ${seconds(startedAt)}`);
}

/**
 * The astro step's V8 heap limit in MB. Without one, V8 lets the garbage of thousands of rendered
 * pages pile up (a city's suggestion lists alone are 436 MB of HTML) to several GB before it
 * collects: at scale 10 the astro process peaked at 2.35 GB, with 1,200 MB at 1.7 GB and the same
 * files. The data a build holds stays well below it; PORTAL_BUILD_HEAP_MB changes it (a bigger
 * city, or to measure), and a NODE_OPTIONS that sets its own limit wins.
 */
const ASTRO_HEAP_MB = 1200;

/**
 * Memory the astro process keeps but no longer uses, handed back. Measured at scale 1 (astro
 * process peak, quiet machine): 1,190–1,200 MB as it was; 1,063 MB when the bundler's allocator
 * (rolldown's mimalloc) returns freed pages at once (MIMALLOC_PURGE_DELAY=0); 938 MB when it also
 * commits its arenas as used (MIMALLOC_ARENA_EAGER_COMMIT=0); 801 MB with V8's young generation
 * kept to 2 MB semi-spaces as well (the rendered pages are short-lived garbage), for the same build
 * time. Variables already set in the environment win.
 */
const ALLOCATOR_ENV = { MIMALLOC_PURGE_DELAY: '0', MIMALLOC_ARENA_EAGER_COMMIT: '0' } as const;
const SEMI_SPACE_MB = 2;

export function astroMemoryEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const allocator = Object.fromEntries(
    Object.entries(ALLOCATOR_ENV).filter(([name]) => (env[name] ?? process.env[name]) === undefined),
  );
  const nodeOptions = env.NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? '';
  const flags: string[] = [];
  if (!nodeOptions.includes('--max-old-space-size')) {
    const heapMb = Number(env.PORTAL_BUILD_HEAP_MB ?? process.env.PORTAL_BUILD_HEAP_MB ?? ASTRO_HEAP_MB);
    if (!Number.isInteger(heapMb) || heapMb < 256)
      throw new Error('PORTAL_BUILD_HEAP_MB: a whole number of MB, at least 256');
    flags.push(`--max-old-space-size=${String(heapMb)}`);
  }
  if (!nodeOptions.includes('--max-semi-space-size'))
    flags.push(`--max-semi-space-size=${String(SEMI_SPACE_MB)}`);
  return { ...allocator, NODE_OPTIONS: [nodeOptions, ...flags].filter(Boolean).join(' ') };
}

/**
 * The search index in D1 (functions/search): rebuilt from the live tables, the published state,
 * at every build, which every publish runs. News pages live in content/news, not in D1, so their
 * documents come from the MDX front matter and text.
 */
export async function buildSearchIndex(env: NodeJS.ProcessEnv): Promise<void> {
  // Loaded here, not at the top: wrangler is about 250 MB in memory, and this process only waits
  // while `astro build` (a child process) runs, so it need not hold wrangler meanwhile.
  const { getPlatformProxy } = await import('wrangler');
  const news = await newsDocuments();
  // The local proxy's workerd has once dropped its connection part-way through a scale-10 rebuild
  // ("other side closed"); the rebuild starts from a cleared index, so a second proxy simply
  // does it again. A second failure is a real one.
  for (let attempt = 1; ; attempt++) {
    const proxy = await getPlatformProxy<{ DB: D1Database }>(
      await buildProxyOptions(env.PORTAL_D1_PERSIST ?? process.env.PORTAL_D1_PERSIST),
    );
    try {
      const indexed = await rebuildSearchIndex(proxy.env.DB, news);
      console.log(`search index: ${indexed} records`);
      return;
    } catch (error) {
      const dropped = error instanceof TypeError && /fetch failed/.test(error.message);
      if (!dropped || attempt >= 2) throw error;
      console.warn('search index: the local D1 proxy dropped its connection; rebuilding once more');
    } finally {
      await proxy.dispose();
    }
  }
}

/** The news items as search documents: title, summary and text from content/news/*.mdx. */
async function newsDocuments(): Promise<SearchDocumentRow[]> {
  const dir = 'content/news';
  const out: SearchDocumentRow[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.mdx')).sort()) {
    const text = await readFile(join(dir, file), 'utf8');
    const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
    const field = (name: string): string =>
      new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(front)?.[1]?.trim() ?? '';
    const slug = file.replace(/\.mdx$/, '');
    const title = field('title');
    if (!title) continue;
    out.push({
      kind: 'news',
      record_id: slug,
      url: `/news/${slug}/`,
      title,
      summary: field('summary').slice(0, 120),
      year: Number(field('date').slice(0, 4)) || null,
      codes: null,
      body: `${field('summary')} ${body.replace(/<[^>]+>|[#*_>`[\]()]/g, ' ')}`,
    });
  }
  return out;
}

/**
 * Moves the staged build into dist/: first removes what the new build no longer has, then copies
 * the new files over the old ones in place, so a reader never finds a page missing for longer
 * than the copy takes. (`npm start` restarts `wrangler dev` should its asset watcher trip over
 * the swap.)
 */
async function swapInto(staged: string, target: string): Promise<void> {
  const keep = new Set(await readdir(staged, { recursive: true }));
  for (const entry of await readdir(target, { recursive: true })) {
    if (keep.has(entry)) continue;
    const path = join(target, entry);
    const info = await stat(path).catch(() => null);
    if (info?.isFile()) await rm(path, { force: true });
  }
  await cp(staged, target, { recursive: true, force: true });
  console.log(`published ${relative('.', staged)} → ${target}`);
}

if (import.meta.main) {
  const publishVersion = process.env.PORTAL_PUBLISH_VERSION;
  if (publishVersion) {
    const staged = '.publish/dist';
    await rm(staged, { recursive: true, force: true });
    await buildSite({
      migrate: true,
      env: { PORTAL_OUT_DIR: staged, PORTAL_CACHE_DIR: '.publish/cache' },
    });
    await swapInto(staged, process.env.PORTAL_OUT_DIR ?? 'dist');
    const snapshot = await storeSnapshot(clientDir(staged));
    console.log(
      `open-data version ${snapshot.version} ${snapshot.stored ? 'stored in D1 and R2' : 'was already stored'}`,
    );
  } else {
    await buildSite({ migrate: true });
    // A production build (the deploy hook, npm run deploy) is a publish: keep its open data too.
    if (process.env.PORTAL_D1 === 'remote') {
      const snapshot = await storeSnapshot(clientDir(process.env.PORTAL_OUT_DIR ?? 'dist'));
      console.log(
        `open-data version ${snapshot.version} ${snapshot.stored ? 'stored in D1 and R2' : 'was already stored'}`,
      );
    }
  }
}
