import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupByPageType, pageTypes } from '../../bench/page-types.ts';
import { MAX_STATIC_FILES, readBenchResults } from '../../bench/results.ts';
import {
  builtFile,
  builtPages,
  FONT_FILE,
  listFiles,
  pageWeight,
  type PageWeight,
} from '../../bench/site-files.ts';
import { BUILD_CLIENT, BUILD_DIR } from './build-paths.ts';

/**
 * Budgets over the whole site as visitors get it, page type by page type
 * (bench/page-types.ts), the pages the Worker renders on request included: no JavaScript
 * on content pages, at most 40 KB of HTML and CSS (gzip) per page, no web fonts, and at most
 * 20,000 static files (the Workers free plan's limit on static assets).
 */

const KB = 1024;
const PAGE_BUDGET = 40 * KB;

const files = listFiles(BUILD_DIR);
/** What is deployed as static assets (the Worker's pages are not files). */
const staticFiles = listFiles(BUILD_CLIENT);
const pages = builtPages(BUILD_DIR);
const { groups, unclassified } = groupByPageType(pages);
const weights = new Map<string, PageWeight>(pages.map((p) => [p, pageWeight(BUILD_DIR, p)]));

describe('page types', () => {
  it('puts every built page into exactly one known page type', () => {
    expect(pages.length).toBeGreaterThan(200);
    expect(unclassified).toEqual([]);
  });

  it.each(pageTypes.map((t) => [t.name]))('builds at least one %s page', (name) => {
    expect(groups.get(name)?.length ?? 0).toBeGreaterThan(0);
  });
});

describe('no JavaScript on content pages', () => {
  it.each(pageTypes.map((t) => [t.name, t.kind]))('%s pages (%s)', (name, kind) => {
    for (const page of groups.get(name) ?? []) {
      const weight = weights.get(page);
      if (!weight) throw new Error(`no weight for ${page}`);
      expect(weight.missing, `${page} names files the build lacks`).toEqual([]);
      if (kind === 'content' || kind === 'record') {
        expect(weight.scripts, page).toEqual([]);
        continue;
      }
      // Forms and live pages load the site's own files; the CSP allows no inline script.
      const html = readFileSync(builtFile(BUILD_DIR, page), 'utf8');
      for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        expect(attributes, page).toMatch(/\bsrc="\/[^/"][^"]*"/);
        expect(body?.trim(), page).toBe('');
      }
      expect(html, page).not.toMatch(/\son[a-z]+="/);
    }
  });
});

describe('at most 40 KB of HTML and CSS per page (gzip, the Worker’s elder-mode stylesheet included)', () => {
  const rows: string[] = [];
  it.each(pageTypes.map((t) => [t.name]))('%s', (name) => {
    let largest = { page: '', bytes: 0 };
    for (const page of groups.get(name) ?? []) {
      const bytes = weights.get(page)?.htmlCssGzip ?? Infinity;
      if (bytes > largest.bytes) largest = { page, bytes };
      expect(bytes, page).toBeLessThanOrEqual(PAGE_BUDGET);
    }
    rows.push(
      `${name.padEnd(20)} ${String(groups.get(name)?.length ?? 0).padStart(5)} pages, largest ${(largest.bytes / KB).toFixed(1)} KB ${largest.page}`,
    );
  });

  it('prints the largest page of each type', () => {
    console.log(`\nHTML+CSS gzip by page type (test build):\n  ${rows.join('\n  ')}\n`);
    expect(rows).toHaveLength(pageTypes.length);
  });
});

describe('no web fonts', () => {
  it('ships no font files', () => {
    expect(files.filter((f) => FONT_FILE.test(f))).toEqual([]);
  });

  it('declares no @font-face and loads no font service in any page or stylesheet', () => {
    const offenders: string[] = [];
    for (const file of files.filter((f) => /\.(html|css)$/.test(f))) {
      const text = readFileSync(join(BUILD_DIR, file), 'utf8');
      if (/@font-face|fonts\.(googleapis|gstatic)\.com|\.woff2?\b/i.test(text)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});

describe('every file deployable', () => {
  // Workers static assets refuse any file over 25 MiB (large datasets must be split).
  const MAX_ASSET_BYTES = 25 * 1024 * 1024;
  it('has no static asset over 25 MiB', () => {
    const sizes = staticFiles.map((f) => ({ f, bytes: statSync(join(BUILD_CLIENT, f)).size }));
    expect(sizes.filter((s) => s.bytes > MAX_ASSET_BYTES)).toEqual([]);
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    console.log(`largest static asset: ${largest.f} (${(largest.bytes / 1024).toFixed(0)} KiB)`);
  });
});

describe('file count', () => {
  it(`keeps the test build within ${MAX_STATIC_FILES.toLocaleString('en')} static files`, () => {
    console.log(`test build: ${pages.length} pages, ${staticFiles.length} static files`);
    expect(staticFiles.length).toBeGreaterThan(200);
    expect(staticFiles.length).toBeLessThanOrEqual(MAX_STATIC_FILES);
  });

  // The demo city is too big to build in `npm test`; `npm run bench` builds it and records its
  // file count in .bench/results.json, which is checked here when present.
  const demoCity = readBenchResults()?.builds.find((b) => b.scale === 1);
  it.skipIf(!demoCity)('keeps the last benchmarked demo city (scale 1) within the limit too', () => {
    expect(demoCity?.files).toBeGreaterThan(staticFiles.length);
    expect(demoCity?.files).toBeLessThanOrEqual(MAX_STATIC_FILES);
  });
});
