/**
 * Reading a built site from disk: its files, its pages as site paths, and what each page costs a
 * reader (gzip bytes of the HTML with its CSS, and of the scripts it loads at once).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ELDER_CSS } from '../functions/preferences/schema.ts';

/** Every file under `dir`, as paths relative to it with forward slashes. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The site path a built HTML file answers: 'a/b/index.html' → '/a/b/', '404.html' → '/404.html'. */
export function sitePathOf(file: string): string {
  if (file === 'index.html') return '/';
  if (file.endsWith('/index.html')) return `/${file.slice(0, -'index.html'.length)}`;
  return `/${file}`;
}

/** The built HTML pages of a site (Pagefind's own files excluded), as site paths. */
export function builtPages(dir: string): string[] {
  return listFiles(dir)
    .filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/'))
    .map(sitePathOf)
    .sort();
}

export function builtFile(dir: string, sitePath: string): string {
  return sitePath.endsWith('/') ? join(dir, sitePath, 'index.html') : join(dir, sitePath);
}

export const gzipBytes = (data: string | Buffer): number => gzipSync(data, { level: 9 }).length;

/** `/prefs/elder.css` is answered by the Worker; count its larger (elder mode on) version. */
const WORKER_STYLESHEETS = new Map([['/prefs/elder.css', ELDER_CSS]]);

export interface PageWeight {
  /** gzip bytes of the HTML (with its inlined CSS) plus each linked stylesheet, gzipped apart. */
  htmlCssGzip: number;
  /** gzip bytes of the scripts the page loads by itself (not those it imports later on demand). */
  scriptGzip: number;
  /** The page's <script> tags, as written. */
  scripts: string[];
  /** Stylesheets or scripts the page names that are neither in the build nor served by the Worker. */
  missing: string[];
}

export function pageWeight(dir: string, sitePath: string): PageWeight {
  const html = readFileSync(builtFile(dir, sitePath), 'utf8');
  let htmlCssGzip = gzipBytes(html);
  let scriptGzip = 0;
  const missing: string[] = [];
  const local = (href: string): string | null => {
    const file = join(dir, href.split('?')[0] ?? href);
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  };
  for (const match of html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)) {
    const href = /href="([^"]+)"/.exec(match[0])?.[1] ?? '';
    const css = WORKER_STYLESHEETS.get(href) ?? local(href);
    if (css === null) missing.push(href);
    else htmlCssGzip += gzipBytes(css);
  }
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  for (const tag of scripts) {
    const src = /src="([^"]+)"/.exec(tag)?.[1];
    if (!src) continue;
    const js = local(src);
    if (js === null) missing.push(src);
    else scriptGzip += gzipBytes(js);
  }
  return { htmlCssGzip, scriptGzip, scripts, missing };
}

/** File name endings of font files: the site uses the reader's system fonts only. */
export const FONT_FILE = /\.(woff2?|ttf|otf|eot)$/i;
