/**
 * sitemap.xml and robots.txt for the whole built site, every section included (pages from every
 * helper's folder), written once the build is done. Register in astro.config.mjs:
 *   integrations: [..., sitemap()]
 */
import { writeFile } from 'node:fs/promises';
import { beijingToday } from '../../functions/lib/time.ts';
import { escapeXml } from '../../functions/lib/xml.ts';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** Pages that are not worth a search engine's visit. */
const EXCLUDED = /^(404\/?|search\/|prefs\/|opinions\/(status|new\/(deputy|station))\/|staff)/;

export function sitemapXml(site: string, pathnames: readonly string[], lastmod: string): string {
  const base = site.replace(/\/$/, '');
  const urls = [...new Set(pathnames)]
    .filter((p) => !EXCLUDED.test(p))
    .sort()
    .map((p) => `<url><loc>${escapeXml(`${base}/${p}`)}</loc><lastmod>${lastmod}</lastmod></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
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
        // Static pages only: feeds and calendars have their own discovery links.
        const pathnames = pages.map((p) => p.pathname).filter((p) => p === '' || p.endsWith('/'));
        await writeFile(`${out}/sitemap.xml`, sitemapXml(site, pathnames, lastmod));
        await writeFile(`${out}/robots.txt`, robotsTxt(site));
        logger.info(`sitemap.xml with ${pathnames.length} pages`);
      },
    },
  };
}
