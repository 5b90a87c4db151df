import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSite } from '../../scripts/build.ts';
import { prepareTestDatabase, testDemoCodes, type TestDemoCodes } from '../../scripts/lib/test-database.ts';
import { BUILD_CACHE_DIR, BUILD_OUT, TEST_D1_PERSIST, TEST_STATE_DIR } from './build-paths.ts';

/**
 * One test D1 and one build of the site per vitest run, shared by the global setups of the site
 * and browser projects (vitest runs them one after the other in its main process; whichever comes
 * first builds, the other waits for the same promise). The browser journeys then run on a copy of
 * the D1, so the site tests compare the pages with the untouched demo data.
 *
 * Vitest may load each project's global setup through its own module graph, so the promise lives
 * on globalThis rather than in this module.
 */
const KEY = Symbol.for('deputy-portal.test-site-build');
type Slot = { pending?: Promise<TestDemoCodes> };
const slot: Slot = ((globalThis as Record<symbol, unknown>)[KEY] as Slot | undefined) ?? {};
(globalThis as Record<symbol, unknown>)[KEY] = slot;

/**
 * Set by `npm test` (scripts/test.ts) when it has built the site itself before starting vitest, so
 * that `astro check` can run beside the tests: the global setups then use that build as it is.
 */
export const SITE_BUILT_ENV = 'PORTAL_TEST_SITE_BUILT';

/** The test D1 (reused while up to date) and the site built from it into BUILD_OUT, once. */
export function sharedSiteBuild(): Promise<TestDemoCodes> {
  if (process.env[SITE_BUILT_ENV] === '1') {
    slot.pending ??= testDemoCodes(TEST_STATE_DIR);
    return slot.pending;
  }
  slot.pending ??= (async () => {
    const codes = await prepareTestDatabase(TEST_STATE_DIR);
    // A reused D1 comes with what the last run's Workers kept beside it: pages in the edge cache
    // (keyed by a publish version that did not change, so they would outlive a code change) and
    // rate-limit counters. Each run starts without them, as on a fresh D1.
    for (const kept of ['cache', 'ratelimit']) {
      await rm(join(TEST_D1_PERSIST, kept), { recursive: true, force: true });
    }
    await rm(BUILD_OUT, { recursive: true, force: true });
    await buildSite({
      migrate: false,
      env: {
        PORTAL_D1_PERSIST: TEST_D1_PERSIST,
        PORTAL_OUT_DIR: BUILD_OUT,
        PORTAL_CACHE_DIR: BUILD_CACHE_DIR,
      },
    });
    return codes;
  })();
  return slot.pending;
}
