import { zValidator } from '@hono/zod-validator';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../lib/app-env.ts';

/**
 * The area search without JavaScript: /areas/find/ is a prerendered list of every street,
 * township, community and village (site/pages/areas/find.astro), each item carrying its full
 * name (`data-area`: district, street and community names run together). With ?q=, the Worker
 * keeps the items whose full name contains what was typed and says how many it found. No database
 * read: the published page is the source, so the answer always matches the pages it links to.
 */

export const AREA_QUERY_MAX = 20;

/** What was typed, with spaces removed and full-width forms folded (ＡＢ → AB). */
const placeName = z
  .string()
  .transform((s) => s.normalize('NFKC').replace(/\s+/g, ''))
  .pipe(z.string().max(AREA_QUERY_MAX, `地名最多输入 ${AREA_QUERY_MAX} 个字，请只输入名称的一部分。`));

export const AreaQuery = z.object({ q: placeName.optional() });

function escapeText(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

interface Filter {
  q: string;
  error: string | null;
}

async function render(c: Context<AppEnv>, filter: Filter): Promise<Response> {
  const asset = await c.env.ASSETS.fetch(c.req.raw);
  const isHtml = (asset.headers.get('Content-Type') ?? '').startsWith('text/html');
  if (!asset.ok || !isHtml || (filter.q === '' && filter.error === null)) return asset;

  const text = await asset.text();
  const matches = (name: string | null) => filter.error === null && (name ?? '').includes(filter.q);
  // First pass: count, per district too, so empty districts and the count can be written in place.
  let found = 0;
  let districtIndex = -1;
  const perDistrict: number[] = [];
  await new HTMLRewriter()
    .on('section[data-district]', {
      element() {
        districtIndex++;
        perDistrict[districtIndex] = 0;
      },
    })
    .on('li[data-area]', {
      element(li) {
        if (!matches(li.getAttribute('data-area'))) return;
        found++;
        perDistrict[districtIndex] = (perDistrict[districtIndex] ?? 0) + 1;
      },
    })
    .transform(new Response(text))
    .arrayBuffer();

  let section = -1;
  const shown = filter.error
    ? ''
    : found === 0
      ? `没有找到名称含“${filter.q}”的街道、镇、社区或村。请只输入名称中的两三个字再试，或在下面逐级选择。`
      : `找到 ${found} 处名称含“${filter.q}”的地方：`;
  const page = new HTMLRewriter()
    .on('title', {
      element(title) {
        title.prepend(filter.error ? '错误：' : `“${filter.q}”的查找结果 - `);
      },
    })
    .on('input[name="q"]', {
      element(input) {
        input.setAttribute('value', filter.q);
        if (filter.error) {
          input.setAttribute('aria-invalid', 'true');
          input.setAttribute('aria-describedby', 'area-q-error');
        }
      },
    })
    .on('[data-area-error]', {
      element(box) {
        if (!filter.error) return;
        box.removeAttribute('hidden');
        // Content written here is not parsed again by the rewriter: the message goes in escaped.
        box.setInnerContent(
          `<p>请修改后再查找：</p><ul><li><a href="#area-q" id="area-q-error">${escapeText(filter.error)}</a></li></ul>`,
          { html: true },
        );
      },
    })
    .on('[data-area-count]', {
      element(p) {
        if (filter.error) return;
        p.removeAttribute('hidden');
        p.setInnerContent(shown);
      },
    })
    .on('[data-area-all]', {
      element(p) {
        if (found > 0) p.remove();
      },
    })
    .on('section[data-district]', {
      element(el) {
        section++;
        if (found > 0 && (perDistrict[section] ?? 0) === 0) el.remove();
      },
    })
    .on('li[data-area]', {
      element(li) {
        if (found > 0 && !matches(li.getAttribute('data-area'))) li.remove();
      },
    })
    .transform(new Response(text, asset));
  const response = new Response(page.body, {
    status: filter.error ? 400 : 200,
    headers: page.headers,
  });
  response.headers.delete('Content-Length');
  response.headers.delete('ETag');
  response.headers.set('Cache-Control', 'public, max-age=300');
  return response;
}

/** A query the search cannot take: the page is shown again with the message (never JSON). */
class AreaQueryError extends Error {
  constructor(
    message: string,
    readonly typed: string,
  ) {
    super(message);
  }
}

export const areaRoutes = new Hono<AppEnv>()
  .get(
    '/find/*',
    zValidator('query', AreaQuery, (result, c) => {
      if (result.success) return undefined;
      throw new AreaQueryError(
        result.error.issues[0]?.message ?? '地名不正确。',
        (c.req.query('q') ?? '').slice(0, AREA_QUERY_MAX * 2),
      );
    }),
    (c) => render(c, { q: c.req.valid('query').q ?? '', error: null }),
  )
  .onError((error, c) => {
    if (error instanceof AreaQueryError) return render(c, { q: error.typed, error: error.message });
    throw error;
  });
