/**
 * npm run build: the static site from D1 and MDX, then the search index.
 * Locally it reads the on-disk D1 (.wrangler/state); PORTAL_D1=remote reads production.
 *
 * A publish (PORTAL_PUBLISH_VERSION set, as the build hook does) builds into a staging folder
 * and then swaps it into dist/, so the running `wrangler dev` keeps serving the old site until
 * the new one is complete; it then keeps the open-data manifest and files in D1 and R2 as the next
 * changelog's base and the downloadable history (site/lib/records/store-snapshot.ts).
 */
import { cp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import * as pagefind from 'pagefind';
import { storeSnapshot } from '../site/lib/records/store-snapshot.ts';
import { run, seconds } from './lib/run.ts';

/** Pages handed to Pagefind at once: enough to keep it busy, few enough to keep memory flat. */
const SEARCH_INDEX_BATCH = 8;

export async function buildSite(options: { migrate: boolean; env?: NodeJS.ProcessEnv }): Promise<void> {
  const startedAt = performance.now();
  const env = options.env ?? {};
  if (options.migrate && process.env.PORTAL_D1 !== 'remote') {
    await run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local'], env);
  }
  const outDir = env.PORTAL_OUT_DIR ?? process.env.PORTAL_OUT_DIR ?? 'dist';
  await run('astro', ['build'], { ...env, PORTAL_OUT_DIR: outDir });
  await buildSearchIndex(outDir);
  console.log(`site built in ${seconds(startedAt)}`);
}

/**
 * The search index (Chinese segmentation by pagefind_extended), fetched only when someone searches.
 * Pagefind gets only the pages that mark something searchable (data-pagefind-body: the record
 * pages), a few at a time through its Node API: its CLI parses every page of the site at once,
 * and its memory grows with all of them.
 */
async function buildSearchIndex(outDir: string): Promise<void> {
  const { index, errors } = await pagefind.createIndex();
  if (!index) throw new Error(`Pagefind did not start: ${errors.join('; ')}`);
  try {
    const pages = (await readdir(outDir, { recursive: true })).filter((f) => f.endsWith('.html')).sort();
    let indexed = 0;
    for (let i = 0; i < pages.length; i += SEARCH_INDEX_BATCH) {
      await Promise.all(
        pages.slice(i, i + SEARCH_INDEX_BATCH).map(async (page) => {
          const content = await readFile(join(outDir, page), 'utf8');
          if (!content.includes('data-pagefind-body')) return;
          const added = await index.addHTMLFile({ sourcePath: page, content });
          if (added.errors.length > 0) throw new Error(`Pagefind: ${page}: ${added.errors.join('; ')}`);
          indexed++;
        }),
      );
    }
    const written = await index.writeFiles({ outputPath: join(outDir, 'pagefind') });
    if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
    console.log(`search index: ${indexed} of ${pages.length} pages`);
  } finally {
    await pagefind.close();
  }
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
    const snapshot = await storeSnapshot(staged);
    console.log(
      `open-data version ${snapshot.version} ${snapshot.stored ? 'stored in D1 and R2' : 'was already stored'}`,
    );
  } else {
    await buildSite({ migrate: true });
    // A production build (the deploy hook, npm run deploy) is a publish: keep its open data too.
    if (process.env.PORTAL_D1 === 'remote') {
      const snapshot = await storeSnapshot(process.env.PORTAL_OUT_DIR ?? 'dist');
      console.log(
        `open-data version ${snapshot.version} ${snapshot.stored ? 'stored in D1 and R2' : 'was already stored'}`,
      );
    }
  }
}
