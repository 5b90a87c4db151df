import type { D1Database } from '@cloudflare/workers-types';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  built,
  builtFiles,
  escapeHtml,
  openTestDatabase,
  readBuilt,
  RECORD_SECTIONS,
} from './records-helpers.ts';

let db: D1Database;
let dispose: () => Promise<void>;
/** Every HTML page of the records sections, by site path. */
const pages = new Map<string, string>();

beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase());
  for (const section of RECORD_SECTIONS) {
    for (const file of await builtFiles(section)) {
      if (file.endsWith('.html')) pages.set(file, await readBuilt(file));
    }
  }
});
afterAll(async () => dispose());

/** The file a site link resolves to (directory links serve index.html). */
function fileOf(href: string): string {
  const path = decodeURI(href.split('#')[0]?.split('?')[0] ?? '');
  return path.endsWith('/') ? `${path}index.html` : path;
}

function links(html: string): string[] {
  return [...html.matchAll(/href="(\/[^"]*)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
}

const isRecordPage = (path: string) =>
  /^\/suggestions\/[^/]+\/index\.html$/.test(path) ||
  /^\/units\/[^/]+\/index\.html$/.test(path) ||
  /^\/projects\/\d+\/[^/]+\/index\.html$/.test(path);

describe('record pages', () => {
  it('publishes one page per motion or suggestion, with its deputies and handling units linked', async () => {
    const { results } = await db
      .prepare(
        `SELECT s.id, s.title, s.lead_deputy_id,
           (SELECT json_group_array(deputy_id) FROM suggestion_cosigners WHERE suggestion_id = s.id) AS cosigners,
           (SELECT json_group_array(handling_unit_id) FROM suggestion_assignments WHERE suggestion_id = s.id) AS units,
           (SELECT COUNT(*) FROM suggestion_replies WHERE suggestion_id = s.id) AS replies
         FROM suggestions s`,
      )
      .all<{
        id: string;
        title: string;
        lead_deputy_id: string;
        cosigners: string;
        units: string;
        replies: number;
      }>();
    expect(results.length).toBeGreaterThan(10);
    for (const s of results) {
      const html = pages.get(`/suggestions/${s.id}/index.html`);
      expect(html, `page of ${s.id}`).toBeDefined();
      expect(html).toContain(`<h1>${escapeHtml(s.title)}</h1>`);
      expect(html).toContain(`href="/deputies/${s.lead_deputy_id}/"`);
      for (const d of JSON.parse(s.cosigners) as string[]) expect(html).toContain(`href="/deputies/${d}/"`);
      for (const u of JSON.parse(s.units) as string[]) expect(html).toContain(`href="/units/${u}/"`);
      expect(html?.match(/<article class="rec-reply" id="reply-\d+"/g) ?? []).toHaveLength(s.replies);
    }
  });

  it('publishes a page per livelihood round and candidate, advisory and binding votes side by side', async () => {
    const { results } = await db
      .prepare('SELECT id, round_year, title, deputies_for FROM project_candidates')
      .all<{ id: string; round_year: number; title: string; deputies_for: number | null }>();
    for (const c of results) {
      const html = pages.get(`/projects/${c.round_year}/${c.id}/index.html`);
      expect(html, c.id).toBeDefined();
      expect(html).toContain('群众投票（参考）');
      expect(html).toContain('代表票决（决定）');
      if (c.deputies_for !== null) expect(html).toContain(`<td class="num">${c.deputies_for}</td>`);
      expect(pages.get(`/projects/${c.round_year}/index.html`)).toContain(escapeHtml(c.title));
    }
  });
});

describe('links', () => {
  it('reaches every records page by following links from the section front pages', () => {
    const seen = new Set<string>();
    const queue = ['/suggestions/', '/units/', '/projects/', '/stats/', '/data/', '/changes/'].map(fileOf);
    while (queue.length > 0) {
      const path = queue.pop() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      for (const href of links(pages.get(path) ?? '')) {
        const target = fileOf(href);
        if (pages.has(target) && !seen.has(target)) queue.push(target);
      }
    }
    const unreached = [...pages.keys()].filter((p) => !seen.has(p));
    expect(unreached).toEqual([]);
  });

  it('has no broken links to the site', () => {
    const broken = new Set<string>();
    for (const [path, html] of pages) {
      for (const href of links(html)) {
        const target = fileOf(href);
        // Pages of the API and the staff console are not static files; other helpers own /vote/.
        if (/^\/(api|staff|vote|opinions|prefs|search)\b/.test(target)) continue;
        if (!existsSync(built(target))) broken.add(`${path} → ${href}`);
      }
    }
    expect([...broken].slice(0, 20)).toEqual([]);
  });
});

describe('page budgets and accessibility', () => {
  it('keeps every page within 40 KB and record pages within 25 KB (HTML with its CSS, gzip)', () => {
    const over: string[] = [];
    for (const [path, html] of pages) {
      const size = gzipSync(html).length;
      if (size > (isRecordPage(path) ? 25_000 : 40_000)) over.push(`${path}: ${size}`);
    }
    expect(over).toEqual([]);
    // The stylesheet is inlined, so the HTML size is the HTML+CSS size.
    expect(pages.get('/suggestions/index.html')).not.toMatch(/<link rel="stylesheet" href="\/_astro/);
  });

  it("ships no JavaScript: a round page's table and chart show the same build-time numbers", () => {
    for (const [path, html] of pages) {
      expect(html.match(/<script\b[^>]*>/g) ?? [], path).toEqual([]);
    }
  });

  it('draws charts as labelled images next to a table of the same numbers', () => {
    let charts = 0;
    for (const [path, html] of pages) {
      for (const svg of html.match(/<svg[\s\S]*?<\/svg>/g) ?? []) {
        charts++;
        expect(svg, path).toMatch(/role="img"/);
        const ids = /aria-labelledby="([^"]+)"/.exec(svg)?.[1]?.split(' ') ?? [];
        expect(ids).toHaveLength(2);
        for (const id of ids) expect(svg).toMatch(new RegExp(`<(title|desc) id="${id}">[^<]+<`));
        expect(svg).toMatch(/<text[^>]*>[^<]+<\/text>/);
        expect(html, `${path} has a table too`).toContain('<table');
      }
    }
    expect(charts).toBeGreaterThan(5);
  });
});
