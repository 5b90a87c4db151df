import { cp, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { TEST_STATE_DIR } from './build-paths.ts';

/** The edge cache of the site tests' Worker, inside the test state. */
const EDGE_CACHE = join('v3', 'cache');

/**
 * A fresh copy of the test state (the seeded D1) for a portal of its own. The site tests' Worker
 * runs on the original meanwhile and writes its edge cache there, whose files come and go while
 * it runs, so a copy racing it could fail on a file that vanished half-way (ENOENT); the cache is
 * left out: a new portal starts with an empty one anyway.
 */
export async function copyTestState(to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await cp(TEST_STATE_DIR, to, {
    recursive: true,
    filter: (source) => !relative(TEST_STATE_DIR, source).startsWith(EDGE_CACHE),
  });
}
