/**
 * npm run build: the static site from D1 and MDX, then the search index.
 * Locally it reads the on-disk D1 (.wrangler/state); PORTAL_D1=remote reads production.
 */
import { run, seconds } from './lib/run.ts';

export async function buildSite(options: { migrate: boolean; env?: NodeJS.ProcessEnv }): Promise<void> {
  const startedAt = performance.now();
  const env = options.env ?? {};
  if (options.migrate && process.env.PORTAL_D1 !== 'remote') {
    await run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local'], env);
  }
  await run('astro', ['build'], env);
  // The search index (Chinese segmentation by pagefind_extended), fetched only when someone searches.
  const outDir = env.PORTAL_OUT_DIR ?? process.env.PORTAL_OUT_DIR ?? 'dist';
  await run('pagefind', ['--site', outDir, '--quiet'], env);
  console.log(`site built in ${seconds(startedAt)}`);
}

if (import.meta.main) {
  await buildSite({ migrate: true });
}
