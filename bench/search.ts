/**
 * What a search costs a reader: Chromium opens /search/, types queries one after another, and the
 * DevTools protocol counts the bytes of every Pagefind request on the wire (compressed bodies and
 * headers, CDP encodedDataLength). The first query pays for Pagefind's script, WebAssembly and
 * metadata; later ones only for the index chunks and result fragments they need.
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/lib/chromium.ts';
import type { SearchFigures } from './results.ts';

export async function measureSearch(baseUrl: string, queries: string[]): Promise<SearchFigures[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const urls = new Map<string, string>();
    let bytes = 0;
    let requests = 0;
    let fragmentBytes = 0;
    let fragments = 0;
    let bodyBytes = 0;
    cdp.on('Network.dataReceived', (event) => {
      if (urls.get(event.requestId)?.includes('/pagefind/')) bodyBytes += event.encodedDataLength;
    });
    cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
    cdp.on('Network.loadingFinished', (event) => {
      const url = urls.get(event.requestId) ?? '';
      if (!url.includes('/pagefind/')) return;
      bytes += event.encodedDataLength;
      requests++;
      if (url.includes('/pagefind/fragment/')) {
        fragmentBytes += event.encodedDataLength;
        fragments++;
      }
    });
    await page.goto(`${baseUrl}/search/`);
    const figures: SearchFigures[] = [];
    for (const query of queries) {
      bytes = 0;
      requests = 0;
      fragmentBytes = 0;
      fragments = 0;
      bodyBytes = 0;
      await page.fill('#q', query);
      await page.click('#search-form button[type=submit]');
      // search.js writes the count only after every shown result's fragment has arrived.
      await page.waitForFunction(() =>
        /找到|没有找到|不可用/.test(document.getElementById('search-status')?.textContent ?? ''),
      );
      await page.waitForLoadState('networkidle');
      const status = (await page.locator('#search-status').textContent()) ?? '';
      figures.push({
        query,
        requests,
        transferredBytes: bytes,
        bodyBytes,
        fragments,
        fragmentBytes,
        results: Number(/找到 (\d+) 个结果/.exec(status)?.[1] ?? 0),
      });
    }
    return figures;
  } finally {
    await browser.close();
  }
}
