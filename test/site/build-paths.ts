/** Where the site tests' build lives: its own D1, output and cache, apart from `npm start`'s. */
export const TEST_STATE_DIR = '.wrangler/test-state';
export const TEST_D1_PERSIST = `${TEST_STATE_DIR}/v3`;
/** Astro's output: client/ (static assets) and server/ (the Worker and its wrangler.json). */
export const BUILD_OUT = '.test-build/dist';
/** The static files alone, as deployed to Workers static assets. */
export const BUILD_CLIENT = `${BUILD_OUT}/client`;
/**
 * Every page as a visitor gets it: the static files plus each page the Worker renders on request,
 * fetched through the running Worker by the global setup (test/site/build-once.ts).
 */
export const BUILD_DIR = '.test-build/visitor';
export const BUILD_CACHE_DIR = '.test-build/cache';
export const WORKER_LOG = '.test-build/wrangler.log';
