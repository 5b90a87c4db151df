import { z } from 'zod';
import { resultClasses, suggestionCategories } from '#domain/suggestions.ts';

/**
 * What the combined suggestion filter accepts and where it sends the reader; the paths follow
 * site/lib/records/facets.ts (listPath and comboPath), test/unit/suggestion-filter.test.ts checks
 * that they agree.
 */

const ANY = 'all';
export const dims = ['category', 'unit', 'result'] as const;
export type Dim = (typeof dims)[number];

/** An empty select ("不限") means any value. */
const open = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const SuggestionFilterQuery = z.object({
  category: open(z.enum(suggestionCategories, { message: '请从列表中选择领域。' })),
  unit: open(z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, '请从列表中选择承办单位。')),
  result: open(z.enum([...resultClasses, 'none'], { message: '请从列表中选择办理结果。' })),
});
export type SuggestionFilterQuery = z.infer<typeof SuggestionFilterQuery>;

/** Where a combination is listed: the list itself, a one-filter page or a combination page. */
export function filterPath(query: SuggestionFilterQuery): string {
  const chosen = dims.filter((d) => query[d] !== undefined);
  if (chosen.length === 0) return '/suggestions/';
  const [only] = chosen;
  if (chosen.length === 1 && only) return `/suggestions/${only}/${query[only]}/`;
  return `/suggestions/combo/${dims.map((d) => query[d] ?? ANY).join('/')}/`;
}
