import { zValidator } from '@hono/zod-validator';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../lib/app-env.ts';
import { dims, filterPath, SuggestionFilterQuery, type Dim } from './schema.ts';

/**
 * The combined suggestion filter without JavaScript. The form on the suggestion lists sends field,
 * unit and result here (GET /suggestions/filter/); every non-empty combination is a static page,
 * so the Worker only redirects to it. A combination with no items, or a value it does not know,
 * shows the form page again with the choices kept and a message.
 */

class FilterQueryError extends Error {}

/** The form page again, the choices kept, with the empty-result note or an error message. */
async function formPage(
  c: Context<AppEnv>,
  chosen: Partial<Record<Dim, string>>,
  problem: { error: string } | { empty: true },
): Promise<Response> {
  const asset = await c.env.ASSETS.fetch(new Request(new URL('/suggestions/filter/', c.req.url)));
  if (!asset.ok) return asset;
  let page = new HTMLRewriter();
  for (const d of dims) {
    page = page.on(`select[name="${d}"] option`, {
      element(option) {
        if (option.getAttribute('value') === (chosen[d] ?? '')) option.setAttribute('selected', '');
        else option.removeAttribute('selected');
      },
    });
  }
  page = page
    .on('[data-combo-empty]', {
      element(p) {
        if ('empty' in problem) p.removeAttribute('hidden');
      },
    })
    .on('[data-combo-error]', {
      element(box) {
        if (!('error' in problem)) return;
        box.removeAttribute('hidden');
        box.setInnerContent(problem.error);
      },
    });
  const response = new Response(page.transform(asset).body, {
    status: 'error' in problem ? 400 : 200,
    headers: asset.headers,
  });
  response.headers.delete('Content-Length');
  response.headers.delete('ETag');
  response.headers.set('Cache-Control', 'public, max-age=300');
  return response;
}

export const filterRoutes = new Hono<AppEnv>()
  .get(
    '/filter/*',
    zValidator('query', SuggestionFilterQuery, (result) => {
      if (!result.success) throw new FilterQueryError(result.error.issues[0]?.message ?? '筛选条件不正确。');
      return undefined;
    }),
    async (c) => {
      // The page itself, visited without a choice: the static form.
      if (!dims.some((d) => c.req.query(d) !== undefined)) return c.env.ASSETS.fetch(c.req.raw);
      const query = c.req.valid('query');
      const path = filterPath(query);
      const target = await c.env.ASSETS.fetch(new Request(new URL(path, c.req.url)));
      if (target.ok) return c.redirect(path, 303);
      return formPage(c, query, { empty: true });
    },
  )
  .onError((error, c) => {
    if (!(error instanceof FilterQueryError)) throw error;
    const kept: Partial<Record<Dim, string>> = {};
    for (const d of dims) {
      const raw = c.req.query(d);
      if (raw) kept[d] = raw.slice(0, 80);
    }
    return formPage(c, kept, { error: error.message });
  });
