/** Where the site tests' build lives: its own D1, output and cache, apart from `npm start`'s. */
export const TEST_STATE_DIR = '.wrangler/test-state';
export const TEST_D1_PERSIST = `${TEST_STATE_DIR}/v3`;
export const BUILD_DIR = '.test-build/dist';
export const BUILD_CACHE_DIR = '.test-build/cache';
