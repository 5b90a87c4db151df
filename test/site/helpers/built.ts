import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BUILD_DIR } from '../build-paths.ts';

/** The built file for a site path: '/deputies/x/' → BUILD_DIR/deputies/x/index.html. */
export function builtPath(sitePath: string): string {
  const clean = sitePath.split('#')[0]?.split('?')[0] ?? sitePath;
  return clean.endsWith('/') ? join(BUILD_DIR, clean, 'index.html') : join(BUILD_DIR, clean);
}

export function hasBuilt(sitePath: string): boolean {
  return existsSync(builtPath(sitePath));
}

export function readBuilt(sitePath: string): string {
  return readFileSync(builtPath(sitePath), 'utf8');
}

export function readBuiltBytes(sitePath: string): Buffer {
  return readFileSync(builtPath(sitePath));
}

/** Every built HTML page as a site path ('/x/y/'), pagefind's bundle excluded. */
export function builtPages(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'pagefind' && name !== '_astro') walk(full);
      } else if (name.endsWith('.html')) {
        const rel = '/' + relative(BUILD_DIR, full).replace(/\\/g, '/');
        out.push(
          rel.endsWith('/index.html')
            ? rel.slice(0, -'index.html'.length)
            : rel === '/index.html'
              ? '/'
              : rel,
        );
      }
    }
  };
  walk(BUILD_DIR);
  return out.sort();
}

/** Same-site link targets of a page (href="/..."), without fragments or queries. */
export function internalLinks(html: string): string[] {
  const out = new Set<string>();
  for (const match of html.matchAll(/href="(\/[^"#?]*)/g)) {
    const href = match[1];
    if (href && !href.startsWith('//')) out.add(href.replace(/&amp;/g, '&'));
  }
  return [...out];
}

/** Decodes the few entities Astro writes into text. */
export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The visible text of an HTML fragment, tags dropped, whitespace collapsed. */
export function textOf(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}
