/**
 * The browser tests' own world, apart from the site tests' build and from `npm start`'s data:
 * a small demo D1, a build of the site from it, and the `wrangler dev` log.
 */
export const BROWSER_STATE_DIR = '.test-build/browser-state';
export const BROWSER_D1_PERSIST = `${BROWSER_STATE_DIR}/v3`;
export const BROWSER_DIST = '.test-build/browser-dist';
export const BROWSER_CACHE = '.test-build/browser-cache';
export const WRANGLER_LOG = '.test-build/browser-wrangler.log';
export const SCREENSHOT_DIR = 'test-results/screenshots';

export { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/lib/chromium.ts';

/** What the global setup hands to the test files (vitest provide/inject). */
export interface PortalUnderTest {
  /** Null when Chromium is not installed: every browser test is then skipped, loudly. */
  chromium: string | null;
  baseUrl: string;
  /** The open round's year and unused one-time voting codes printed by the demo loader. */
  roundYear: number;
  votingCodes: string[];
  /** Tracking codes of demo opinions that already have a reply. */
  trackingCodes: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    portal: PortalUnderTest;
  }
}
