import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { buildSite } from '../../scripts/build.ts';
import { prepareTestDatabase } from '../../scripts/lib/test-database.ts';
import { BUILD_CACHE_DIR, BUILD_DIR, TEST_D1_PERSIST, TEST_STATE_DIR } from './build-paths.ts';

/** Vitest globalSetup: seed the test D1 (unless `npm test` already did) and build the site once. */
export default async function setup(): Promise<void> {
  if (!existsSync(TEST_D1_PERSIST)) await prepareTestDatabase(TEST_STATE_DIR);
  await rm(BUILD_DIR, { recursive: true, force: true });
  await buildSite({
    migrate: false,
    env: { PORTAL_D1_PERSIST: TEST_D1_PERSIST, PORTAL_OUT_DIR: BUILD_DIR, PORTAL_CACHE_DIR: BUILD_CACHE_DIR },
  });
}
