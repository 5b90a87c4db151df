/**
 * One benchmarked build, in a process of its own so that its whole process tree can be measured:
 *   node bench/build-site.ts <D1 persist dir (…/v3)> <out dir> <cache dir>
 */
import { buildSite } from '../scripts/build.ts';

const [persist, outDir, cacheDir] = process.argv.slice(2);
if (!persist || !outDir || !cacheDir) {
  console.error('usage: node bench/build-site.ts <persist dir> <out dir> <cache dir>');
  process.exit(2);
}
await buildSite({
  migrate: false,
  env: { PORTAL_D1_PERSIST: persist, PORTAL_OUT_DIR: outDir, PORTAL_CACHE_DIR: cacheDir },
});
