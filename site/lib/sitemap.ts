/**
 * sitemap.xml and robots.txt for the whole site, written once the build is done: every
 * prerendered page, and every page the Worker renders on request (their ids read from the same
 * D1 the build read). Past SITEMAP_MAX_URLS the list is split into sitemap-1.xml, sitemap-2.xml...
 * and sitemap.xml becomes their sitemap index (the protocol's limit is 50,000 URLs per file).
 * Register in astro.config.mjs:
 *   integrations: [..., sitemap()]
 */
import { writeFile } from 'node:fs/promises';
import { beijingToday } from '../../functions/lib/time.ts';
import { escapeXml } from '../../functions/lib/xml.ts';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { getBuildDatabase } from '../loaders/build-database.ts';

/** Pages that are not worth a search engine's visit. */
const EXCLUDED = /^(404\/?|search\/|prefs\/|opinions\/(status|new\/(deputy|station))\/|staff)/;

/** URLs per sitemap file before the list is split (below the protocol's 50,000). */
export const SITEMAP_MAX_URLS = 45_000;

/** The record pages the Worker renders: one statement per kind (D1 limits compound SELECTs). */
const ON_DEMAND_PATHS = [
  `SELECT 'deputies/' || id || '/' AS path FROM deputies`,
  `SELECT 'suggestions/' || id || '/' AS path FROM suggestions`,
  `SELECT 'reports/' || id || '/' AS path FROM duty_reports`,
  `SELECT 'stations/' || id || '/' AS path FROM stations`,
  `SELECT 'groups/' || id || '/' AS path FROM deputy_groups`,
  `SELECT 'units/' || id || '/' AS path FROM handling_units`,
  `SELECT 'projects/' || round_year || '/' || id || '/' AS path FROM project_candidates`,
  // One deputy's change log (site/lib/live/changes.ts): deputies whose records have changes.
  `SELECT DISTINCT 'changes/deputy/' || deputy_id || '/' AS path FROM (
     SELECT entity_id AS deputy_id FROM change_log WHERE entity_type = 'deputy'
     UNION SELECT s.lead_deputy_id FROM change_log l JOIN suggestions s ON s.id = l.entity_id
       WHERE l.entity_type = 'suggestion'
     UNION SELECT s.lead_deputy_id FROM change_log l JOIN commitments c ON c.id = l.entity_id
       JOIN suggestions s ON s.id = c.suggestion_id WHERE l.entity_type = 'commitment'
     UNION SELECT r.deputy_id FROM change_log l JOIN duty_reports r ON r.id = l.entity_id
       WHERE l.entity_type = 'duty_report')`,
];

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** The sitemap files: sitemap.xml alone, or an index naming sitemap-1.xml, sitemap-2.xml, ... */
export function sitemapFiles(
  site: string,
  pathnames: readonly string[],
  lastmod: string,
  maxUrls: number = SITEMAP_MAX_URLS,
): Map<string, string> {
  const base = site.replace(/\/$/, '');
  const urls = [...new Set(pathnames)]
    .filter((p) => !EXCLUDED.test(p))
    .sort()
    .map((p) => `<url><loc>${escapeXml(`${base}/${p}`)}</loc><lastmod>${lastmod}</lastmod></url>`);
  const urlset = (list: string[]): string => `${HEAD}<urlset xmlns="${NS}">\n${list.join('\n')}\n</urlset>\n`;
  if (urls.length <= maxUrls) return new Map([['sitemap.xml', urlset(urls)]]);
  const files = new Map<string, string>();
  const parts: string[] = [];
  for (let i = 0; i < urls.length; i += maxUrls) {
    const name = `sitemap-${parts.length + 1}.xml`;
    files.set(name, urlset(urls.slice(i, i + maxUrls)));
    parts.push(`<sitemap><loc>${escapeXml(`${base}/${name}`)}</loc><lastmod>${lastmod}</lastmod></sitemap>`);
  }
  files.set('sitemap.xml', `${HEAD}<sitemapindex xmlns="${NS}">\n${parts.join('\n')}\n</sitemapindex>\n`);
  return files;
}

export function robotsTxt(site: string): string {
  return `User-agent: *\nDisallow: /staff\nDisallow: /api/\n\nSitemap: ${site.replace(/\/$/, '')}/sitemap.xml\n`;
}

export function sitemap(): AstroIntegration {
  let site = 'http://localhost:8787/';
  return {
    name: 'portal-sitemap',
    hooks: {
      'astro:config:done': ({ config }) => {
        if (config.site) site = config.site;
      },
      'astro:build:done': async ({ dir, pages, logger }) => {
        const out = fileURLToPath(dir);
        const lastmod = beijingToday();
        // Prerendered pages (feeds and calendars have their own discovery links), then the
        // Worker's record pages.
        const pathnames = pages.map((p) => p.pathname).filter((p) => p === '' || p.endsWith('/'));
        const db = await getBuildDatabase();
        const onDemand = await db.batch<{ path: string }>(ON_DEMAND_PATHS.map((sql) => db.prepare(sql)));
        pathnames.push(...onDemand.flatMap((r) => r.results.map((row) => row.path)));
        const files = sitemapFiles(site, pathnames, lastmod);
        for (const [name, xml] of files) await writeFile(`${out}/${name}`, xml);
        await writeFile(`${out}/robots.txt`, robotsTxt(site));
        logger.info(`sitemap: ${pathnames.length} pages in ${files.size} file(s)`);
      },
    },
  };
}
