/**
 * npm run build: the static site from D1 and MDX, then the search index.
 * Locally it reads the on-disk D1 (.wrangler/state); PORTAL_D1=remote reads production.
 *
 * A publish (PORTAL_PUBLISH_VERSION set, as the build hook does) builds into a staging folder
 * and then swaps it into dist/, so the running `wrangler dev` keeps serving the old site until
 * the new one is complete; it then archives the open-data manifest as the next changelog's base.
 */
import { cp, readdir, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { archiveSnapshot } from '../site/lib/records/archive-snapshot.ts';
import { run, seconds } from './lib/run.ts';

export async function buildSite(options: { migrate: boolean; env?: NodeJS.ProcessEnv }): Promise<void> {
  const startedAt = performance.now();
  const env = options.env ?? {};
  if (options.migrate && process.env.PORTAL_D1 !== 'remote') {
    await run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local'], env);
  }
  const outDir = env.PORTAL_OUT_DIR ?? process.env.PORTAL_OUT_DIR ?? 'dist';
  await run('astro', ['build'], { ...env, PORTAL_OUT_DIR: outDir });
  // The search index (Chinese segmentation by pagefind_extended), fetched only when someone searches.
  await run('pagefind', ['--site', outDir, '--quiet'], env);
  console.log(`site built in ${seconds(startedAt)}`);
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
    console.log(`open-data manifest archived: ${await archiveSnapshot(staged, 'content/data-snapshots')}`);
  } else {
    await buildSite({ migrate: true });
  }
}
