/** How the tools start Chromium (browser tests, the search benchmark): Debian's, headless, quiet. */

/** Debian's Chromium; CHROMIUM names another binary. Never downloaded by the tests. */
export const CHROMIUM_PATH = process.env['CHROMIUM'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
