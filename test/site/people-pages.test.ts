import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { builtPages, hasBuilt, internalLinks, readBuilt, readBuiltBytes, textOf } from './helpers/built.ts';

const LEVEL_LABELS: Record<string, string> = {
  national: '全国人大代表',
  provincial: '省人大代表',
  municipal: '市人大代表',
  county: '区人大代表',
  township: '镇人大代表',
};

/** '2024-08-06' → '2024年8月6日', as pages print dates. */
function cnDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const deputyLink = /^\/deputies\/[a-z0-9-]+\/$/;

describe('a resigned deputy', () => {
  it('is listed with the date and their profile says so honestly', () => {
    const list = readBuilt('/deputies/status/resigned/');
    const item = /<li>\s*<a href="(\/deputies\/[a-z0-9-]+\/)">[^<]+<\/a>.*?已辞职 (\d{4}-\d{2}-\d{2})/s.exec(
      list,
    );
    expect(item, 'the demo city has at least one resigned deputy').not.toBeNull();
    const [, path = '', date = ''] = item ?? [];
    const profile = readBuilt(path);
    const main = textOf(profile.slice(profile.indexOf('<main')));
    expect(profile).toContain('<span class="badge warn">已辞职</span>');
    expect(main).toContain(`该代表已于${cnDate(date)}辞去代表职务。`);
    expect(main).toContain(`${cnDate(date)} 已辞职`); // the status history
    // A former deputy is not offered as a live contact.
    expect(profile).not.toContain('/opinions/new/deputy/');
    expect(profile).not.toContain('办公电话');
  });

  it('differs from a serving deputy, who can be written to', () => {
    const path = internalLinks(readBuilt('/deputies/status/serving/')).find((h) => deputyLink.test(h)) ?? '';
    const profile = readBuilt(path);
    expect(profile).toContain('<span class="badge ok">在任</span>');
    expect(profile).toContain(`/opinions/new/deputy/${path.split('/')[2]}/`);
    expect(profile).not.toContain('该代表已于');
  });
});

describe('find my deputies', () => {
  /** Follows the area links step by step, as a reader would: district, street, community. */
  function leafAreas(): string[] {
    const leaves: string[] = [];
    const seen = new Set<string>();
    const queue = internalLinks(readBuilt('/areas/')).filter((h) => /^\/areas\/[a-z0-9-]+\/$/.test(h));
    while (queue.length > 0) {
      const path = queue.shift() ?? '';
      if (seen.has(path)) continue;
      seen.add(path);
      const html = readBuilt(path);
      const next = html.includes('id="next"')
        ? internalLinks(html.slice(html.indexOf('id="next"'), html.indexOf('id="stations"')))
        : [];
      const deeper = next.filter((h) => /^\/areas\/[a-z0-9-]+\/$/.test(h) && !seen.has(h));
      if (deeper.length === 0) leaves.push(path);
      queue.push(...deeper);
    }
    return leaves;
  }

  it('reaches every community through district and street pages and shows deputies of several levels', () => {
    const leaves = leafAreas();
    expect(leaves.length).toBeGreaterThan(3);
    const best = leaves
      .map((path) => ({ path, html: readBuilt(path) }))
      .map(({ path, html }) => ({
        path,
        html,
        levels: [...html.matchAll(/<h3 id="lv-([a-z]+)">/g)].map((m) => m[1] ?? ''),
      }))
      .sort((a, b) => b.levels.length - a.levels.length)[0];
    expect(best?.levels.length ?? 0).toBeGreaterThanOrEqual(3);
    const { html = '', levels = [] } = best ?? {};
    // Every deputy listed under a level heading really is of that level (their profile says so).
    for (const [i, level] of levels.entries()) {
      const start = html.indexOf(`<h3 id="lv-${level}">`);
      const end =
        i + 1 < levels.length ? html.indexOf(`<h3 id="lv-${levels[i + 1]}">`) : html.indexOf('</main>');
      const deputies = internalLinks(html.slice(start, end)).filter((h) => deputyLink.test(h));
      expect(deputies.length).toBeGreaterThan(0);
      for (const deputy of deputies.slice(0, 5)) {
        expect(readBuilt(deputy)).toContain(
          `<title>${textOf(readBuilt(deputy).match(/<h1>([^<]+)<\/h1>/)?.[1] ?? '')}（${LEVEL_LABELS[level]}）`,
        );
      }
    }
    // The liaison station and its next reception days come with the answer.
    expect(html).toMatch(/href="\/stations\/[a-z0-9-]+\/"/);
  });
});

/** Pages this part of the site owns; other sections have their own tests. */
const PEOPLE_PAGES = /^\/($|404\.html|areas\/|deputies\/|stations\/|reports\/|groups\/|news\/|prefs\/)/;

describe('budgets and no JavaScript', () => {
  const pages = builtPages().filter((p) => PEOPLE_PAGES.test(p));

  it('builds the people pages', () => {
    expect(pages.length).toBeGreaterThan(50);
  });

  it('ships no script on content pages and no external resources', () => {
    for (const page of pages) {
      const html = readBuilt(page);
      expect(html, page).not.toMatch(/<script\b/i);
      expect(html, page).not.toMatch(
        /<link\b[^>]*rel="(stylesheet|icon|preload|modulepreload)"[^>]*href="(https?:)?\/\//i,
      );
      expect(html, page).not.toMatch(/<(img|iframe|video|audio|source)\b[^>]+src="(https?:)?\/\//i);
      expect(html, page).not.toMatch(/@font-face|@import/);
    }
  });

  it('keeps every page within 40 KB of HTML and CSS compressed', () => {
    // CSS is inlined; the only linked stylesheet is the (tiny) elder-mode one.
    const extraCss = gzipSync(readBuiltBytes('/prefs/elder.css')).length;
    let largest = { page: '', bytes: 0 };
    for (const page of pages) {
      const bytes = gzipSync(readBuiltBytes(page)).length + extraCss;
      if (bytes > largest.bytes) largest = { page, bytes };
      expect(bytes, page).toBeLessThanOrEqual(40 * 1024);
    }
    expect(largest.bytes).toBeGreaterThan(0);
  });

  it('gives record pages a canonical URL, OpenGraph tags, an updated date and a citation with a hash', () => {
    const profile =
      internalLinks(readBuilt('/deputies/status/serving/')).find((h) => deputyLink.test(h)) ?? '';
    for (const page of [profile, '/stations/', '/reports/']) {
      const html = readBuilt(page);
      expect(html).toMatch(/<link rel="canonical" href="https?:\/\/[^"]+">/);
      expect(html).toContain('property="og:title"');
    }
    const html = readBuilt(profile);
    expect(html).toMatch(/最后更新：\d{4}-\d{2}-\d{2}/);
    expect(html).toMatch(/内容校验码 SHA-256:[0-9a-f]{12}/);
  });
});

describe('reachable from the home page', () => {
  it('links every page type within a few clicks of the home page', () => {
    const reached = new Set<string>(['/']);
    let frontier = ['/'];
    for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const page of frontier) {
        if (!page.endsWith('/') || !hasBuilt(page)) continue;
        for (const href of internalLinks(readBuilt(page))) {
          if (!reached.has(href)) {
            reached.add(href);
            next.push(href);
          }
        }
      }
      frontier = next;
    }
    const expected: [string, RegExp][] = [
      ['find my deputies', /^\/areas\/$/],
      ['an area page', /^\/areas\/[a-z0-9-]+\/$/],
      ['the directory', /^\/deputies\/$/],
      ['a directory filter', /^\/deputies\/(level|status|expertise|term|unit)\/[a-z0-9-_]+\/$/],
      ['a profile', deputyLink],
      ['a deputy feed', /^\/deputies\/[a-z0-9-]+\/feed\.xml$/],
      ['the stations', /^\/stations\/$/],
      ['a station', /^\/stations\/[a-z0-9-]+\/$/],
      ['a station calendar', /^\/stations\/[a-z0-9-]+\/calendar\.ics$/],
      ['the all-stations calendar', /^\/stations\/calendar\.ics$/],
      ['a duty report', /^\/reports\/[a-z0-9-]+\/$/],
      ['reports by year', /^\/reports\/year\/\d{4}\/$/],
      ['reports by deputy', /^\/reports\/by-deputy\/$/],
      ['report coverage', /^\/reports\/coverage\/$/],
      ['a group', /^\/groups\/[a-z0-9-]+\/$/],
      ['a news page', /^\/news\/[a-z0-9-]+\/$/],
      ['the news feed', /^\/news\/feed\.xml$/],
      ['search', /^\/search\/$/],
    ];
    for (const [label, pattern] of expected) {
      const hit = [...reached].find((href) => pattern.test(href));
      expect(hit, label).toBeDefined();
      expect(hasBuilt(hit ?? ''), `${label} (${hit}) is built`).toBe(true);
    }
  });
});
