import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as AxeCore from 'axe-core';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Page,
  type Response as PageResponse,
} from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, SCREENSHOT_DIR } from './paths.ts';

/** The running portal (see global-setup.ts); `chromium` is null when the tests must skip. */
export const portal = inject('portal');
export const noChromium = portal.chromium === null;

export function launchBrowser(): Promise<Browser> {
  if (!portal.chromium) throw new Error('Chromium is not installed');
  return chromium.launch({ executablePath: portal.chromium, args: CHROMIUM_ARGS });
}

let shared: { browser: Promise<Browser>; users: number } | undefined;

/**
 * One Chromium for every suite of a test file that asks for it (in-turn.test.ts runs three):
 * each suite works in browser contexts of its own, which share no cookies or storage, so a launch
 * per suite bought nothing but another browser start. Each call is matched by one
 * releaseSharedBrowser(); the last one closes the browser.
 */
export function shareBrowser(): Promise<Browser> {
  shared ??= { browser: launchBrowser(), users: 0 };
  shared.users += 1;
  return shared.browser;
}

export async function releaseSharedBrowser(): Promise<void> {
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  const { browser } = shared;
  shared = undefined;
  await (await browser).close();
}

export const url = (path: string): string => `${portal.baseUrl}${path}`;

/** Each context's one tab and the viewport the context opened it with. */
const tabs = new WeakMap<
  BrowserContext,
  { page: Page; viewport: { width: number; height: number } | null }
>();

/**
 * The context's one tab, reused by the checks that only navigate and read: a new tab starts a
 * renderer, about 0.1 s of CPU and 0.15 s of waiting each, and these files open over a hundred.
 * Each navigation still starts a new document; the context's viewport, which a check may have
 * changed, is put back.
 */
export async function tabIn(context: BrowserContext): Promise<Page> {
  const tab = tabs.get(context);
  if (tab === undefined || tab.page.isClosed()) {
    const page = await context.newPage();
    tabs.set(context, { page, viewport: page.viewportSize() });
    return page;
  }
  const { page, viewport } = tab;
  const current = page.viewportSize();
  if (viewport && (current?.width !== viewport.width || current.height !== viewport.height)) {
    await page.setViewportSize(viewport);
  }
  return page;
}

/**
 * The main frame's answer to an action that navigates (a click on a link or submit button). It
 * replaces Playwright's deprecated, racy `waitForNavigation`: the wait starts before the action.
 */
export async function navigationAnswer(page: Page, action: () => Promise<void>): Promise<PageResponse> {
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame()),
    action(),
  ]);
  return answer;
}

// A random start per test file (files run one after another in fresh workers), then one each.
let nextVisitor = Math.floor(Math.random() * 60_000);

/**
 * Context options that make a browser context one visitor with its own client address (from the
 * 198.18.0.0/15 benchmarking range), as real citizens are. The per-address rate limits (five
 * opinions a minute) then apply per visitor rather than to every journey of the run behind
 * 127.0.0.1; workerd keeps a CF-Connecting-IP the request already carries.
 */
export function visitor(): { extraHTTPHeaders: Record<string, string> } {
  const n = nextVisitor++;
  return {
    extraHTTPHeaders: { 'CF-Connecting-IP': `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}` },
  };
}

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

/**
 * Whether the journeys keep screenshots: `PORTAL_SCREENSHOTS=1 npm test`. They are for people to
 * look at (nothing asserts on them), and each full-page pair costs about 0.6 s of Chromium's CPU,
 * some 17 s a run, on a machine whose two cores the suite already fills.
 */
const KEEP_SCREENSHOTS = process.env['PORTAL_SCREENSHOTS'] === '1';

/** Full-page screenshots at phone and desktop widths, kept in test-results/screenshots. */
export async function screenshots(page: Page, name: string): Promise<void> {
  if (!KEEP_SCREENSHOTS) return;
  const original = page.viewportSize();
  for (const [label, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${label}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/**
 * Collects what a reader would notice going wrong: script errors, console errors (CSP refusals
 * show up there) and failed requests to the portal.
 */
export function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    problems.push(`console: ${message.text()} (${message.location().url || page.url()})`);
  });
  page.on('requestfailed', (request) => {
    // A navigation that replaces a page cancels its pending requests; that is not a failure.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') {
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
    }
  });
  return problems;
}

const AXE_SOURCE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, so the page's strict CSP
 * stays on) and returns the serious and critical WCAG A/AA violations.
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const findings = await page.evaluate(async (tags: string[]) => {
    const axe = (window as unknown as { axe: typeof AxeCore }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
    }));
  }, WCAG_TAGS);
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}
