/**
 * Search relevance on a fixed list of queries: the Worker's D1 FTS5 search (bigrams) against
 * Pagefind (the engine before issue 14) over the same pages.
 *
 *   node bench/relevance.ts <pages dir> <Worker base URL> <D1 persist dir (…/v3)>
 *
 * <pages dir> holds every page as a visitor gets it (the site tests write one: .test-build/visitor);
 * Pagefind indexes the parts of them marked data-pagefind-body, as its build step did, and runs in
 * Chromium from a local static server. The truth for a query is every record page whose marked text
 * contains it; names and places also have the one page a reader wants first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import type { D1Database } from '@cloudflare/workers-types';
import { chromium } from 'playwright-core';
import * as pagefind from 'pagefind';
import { getPlatformProxy } from 'wrangler';
import { buildProxyOptions } from '../site/loaders/build-database.ts';
import type { SearchResults } from '../functions/search/schema.ts';

const [pagesDir, workerUrl, persist] = process.argv.slice(2);
if (!pagesDir || !workerUrl || !persist) {
  console.error('usage: node bench/relevance.ts <pages dir> <Worker base URL> <D1 persist dir>');
  process.exit(2);
}
const TOPICS = ['交通', '教育', '养老', '加装电梯'];
const DEPTH = 100;

/** The searchable text of a page, as Pagefind saw it: its data-pagefind-body elements. */
function markedText(html: string): string {
  const parts = [...html.matchAll(/<(\w+)[^>]*data-pagefind-body[^>]*>([\s\S]*?)<\/\1>/g)].map(
    (m) => m[2] ?? '',
  );
  return parts
    .join(' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/g, ' ');
}

const pages = new Map<string, string>();
for (const file of readdirSync(pagesDir, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('index.html')) continue;
  const html = readFileSync(join(pagesDir, file), 'utf8');
  if (html.includes('data-pagefind-body')) pages.set(`/${file.replace(/index\.html$/, '')}`, html);
}

// Pagefind over the same pages, written into a scratch folder served with the pages.
const scratch = join('.bench', 'relevance-pagefind');
const { index } = await pagefind.createIndex();
if (!index) throw new Error('Pagefind did not start');
for (const [path, html] of pages)
  await index.addHTMLFile({ sourcePath: `${path.slice(1)}index.html`, content: html });
await index.writeFiles({ outputPath: join(scratch, 'pagefind') });
await pagefind.close();

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  try {
    const body = path === '/' ? '<!doctype html><title>pf</title>' : readFileSync(join(scratch, path));
    res.writeHead(200, {
      'Content-Type': path === '/' ? 'text/html' : (TYPES[extname(path)] ?? 'application/octet-stream'),
    });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const address = server.address();
const staticUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const proxy = await getPlatformProxy<{ DB: D1Database }>(await buildProxyOptions(persist));
const db = proxy.env.DB;
const names = await db
  .prepare(
    "SELECT name AS q, '/deputies/' || id || '/' AS want FROM deputies WHERE status = 'serving' ORDER BY id LIMIT 3",
  )
  .all<{ q: string; want: string }>();
const places = await db
  .prepare(
    `SELECT q, want FROM (SELECT name AS q, '/areas/' || id || '/' AS want, kind FROM areas WHERE kind IN ('district', 'community')
       AND name NOT IN (SELECT name FROM areas GROUP BY name HAVING COUNT(*) > 1) ORDER BY kind, id) GROUP BY kind`,
  )
  .all<{ q: string; want: string }>();
const stations = await db
  .prepare("SELECT name AS q, '/stations/' || id || '/' AS want FROM stations ORDER BY id LIMIT 1")
  .all<{ q: string; want: string }>();
await proxy.dispose();

const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox'],
});
const tab = await browser.newPage();
await tab.goto(`${staticUrl}/`);

async function pagefindSearch(q: string): Promise<{ total: number; urls: string[] }> {
  return tab.evaluate(
    async ({ q, depth }) => {
      // A variable, so TypeScript does not look for the module: the browser loads it from the site.
      const pagefindModule: string = '/pagefind/pagefind.js';
      const pf = (await import(pagefindModule)) as {
        search: (q: string) => Promise<{ results: { data: () => Promise<{ url: string }> }[] }>;
      };
      const found = await pf.search(q);
      const urls = await Promise.all(found.results.slice(0, depth).map(async (r) => (await r.data()).url));
      return { total: found.results.length, urls };
    },
    { q, depth: DEPTH },
  );
}

async function workerSearch(q: string): Promise<{ total: number; urls: string[] }> {
  const urls: string[] = [];
  let total = 0;
  for (let page = 1; urls.length < DEPTH; page++) {
    const response = await fetch(
      `${workerUrl}/api/search?${new URLSearchParams({ q, page: String(page) }).toString()}`,
    );
    const body = (await response.json()) as SearchResults;
    total = body.total;
    urls.push(...body.hits.map((h) => h.url));
    if (page >= body.pageCount) break;
  }
  return { total, urls: urls.slice(0, DEPTH) };
}

const clean = (url: string): string => url.replace(/index\.html$/, '');
const rows: string[][] = [];
const queries = [
  ...names.results.map((r) => ({ ...r, type: 'name' })),
  ...places.results.map((r) => ({ ...r, type: 'place' })),
  ...stations.results.map((r) => ({ ...r, type: 'station' })),
  ...TOPICS.map((q) => ({ q, want: '', type: 'topic' })),
];
const totals = { fts: { p10: 0, recall: 0, first: 0 }, pf: { p10: 0, recall: 0, first: 0 } };
for (const { q, want, type } of queries) {
  const truth = new Set([...pages].filter(([, html]) => markedText(html).includes(q)).map(([p]) => p));
  const score = (found: { total: number; urls: string[] }) => {
    const urls = found.urls.map(clean);
    const top = urls.slice(0, 10);
    const p10 = top.length === 0 ? 0 : top.filter((u) => truth.has(u)).length / top.length;
    const recall =
      truth.size === 0 ? 1 : urls.filter((u) => truth.has(u)).length / Math.min(truth.size, DEPTH);
    const rank = want ? urls.indexOf(want) + 1 : 0;
    return { total: found.total, p10, recall, rank };
  };
  const fts = score(await workerSearch(q));
  const pf = score(await pagefindSearch(q));
  totals.fts.p10 += fts.p10;
  totals.pf.p10 += pf.p10;
  totals.fts.recall += fts.recall;
  totals.pf.recall += pf.recall;
  if (want) {
    totals.fts.first += fts.rank === 1 ? 1 : 0;
    totals.pf.first += pf.rank === 1 ? 1 : 0;
  }
  const cell = (s: typeof fts) =>
    `${s.total} hits, P@10 ${(s.p10 * 100).toFixed(0)}%, recall@${DEPTH} ${(s.recall * 100).toFixed(0)}%${want ? `, wanted page at #${s.rank || '—'}` : ''}`;
  rows.push([`${q} (${type})`, String(truth.size), cell(fts), cell(pf)]);
}
await browser.close();
server.close();

const k = queries.length;
const wanted = queries.filter((x) => x.want).length;
console.log('| Query | Pages containing it | D1 FTS5 (Worker) | Pagefind |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log(
  `| **mean** | | P@10 ${((totals.fts.p10 / k) * 100).toFixed(0)}%, recall ${((totals.fts.recall / k) * 100).toFixed(0)}%, wanted page first ${totals.fts.first}/${wanted} | P@10 ${((totals.pf.p10 / k) * 100).toFixed(0)}%, recall ${((totals.pf.recall / k) * 100).toFixed(0)}%, wanted page first ${totals.pf.first}/${wanted} |`,
);
