import { BUILD_OUT } from '../site/build-paths.ts';

/**
 * The browser tests' world, apart from `npm start`'s data: a copy of the site tests' small demo
 * D1 (the journeys write to it), the site tests' build (one build serves both), the Astro cache
 * of the office journey's own rebuilds, and the `wrangler dev` log.
 */
export const BROWSER_STATE_DIR = '.test-build/browser-state';
export const BROWSER_D1_PERSIST = `${BROWSER_STATE_DIR}/v3`;
export const BROWSER_DIST = BUILD_OUT;
export const BROWSER_CACHE = '.test-build/browser-cache';
export const WRANGLER_LOG = '.test-build/browser-wrangler.log';
/**
 * The office journey's own portal: another copy of the test D1 and its own `wrangler dev`, since it
 * publishes and rebuilds (rewriting the search index) while the other browser files run beside it.
 */
export const OFFICE_STATE_DIR = '.test-build/office-state';
export const OFFICE_D1_PERSIST = `${OFFICE_STATE_DIR}/v3`;
export const OFFICE_WRANGLER_LOG = '.test-build/office-wrangler.log';
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
