/**
 * What a search costs a reader now that it runs in the Worker (D1 FTS5): one GET of the results
 * page, no script, no index download. Bytes are the page's body gzip-compressed (what a browser
 * receives from Cloudflare; local `wrangler dev` does not compress) and raw.
 */
import { gzipSync } from 'node:zlib';
import type { SearchFigures } from './results.ts';

export async function measureSearch(baseUrl: string, queries: string[]): Promise<SearchFigures[]> {
  const figures: SearchFigures[] = [];
  for (const query of queries) {
    const response = await fetch(`${baseUrl}/search/?q=${encodeURIComponent(query)}`);
    const html = await response.text();
    if (response.status !== 200) throw new Error(`search "${query}": HTTP ${response.status}`);
    const raw = Buffer.from(html);
    figures.push({
      query,
      requests: 1,
      transferredBytes: gzipSync(raw).length,
      bodyBytes: raw.length,
      fragments: 0,
      fragmentBytes: 0,
      results: Number(/找到 (\d+) 个结果/.exec(html)?.[1] ?? 0),
    });
  }
  return figures;
}
