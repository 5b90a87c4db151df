/**
 * The combined suggestion filter's Worker side: what it accepts and where it sends the reader,
 * which must be the paths the site builds (site/lib/records/facets.ts listPath and comboPath; the
 * browser test follows the redirect onto a built page).
 */
import { describe, expect, it } from 'vitest';
import { filterPath, SuggestionFilterQuery } from '../../functions/filters/schema.ts';

describe('the suggestion filter query', () => {
  it('takes empty selects as “any” and known values as they are', () => {
    expect(SuggestionFilterQuery.parse({ category: '', unit: '', result: '' })).toEqual({});
    expect(
      SuggestionFilterQuery.parse({ category: 'education', unit: 'dept-education', result: 'none' }),
    ).toEqual({
      category: 'education',
      unit: 'dept-education',
      result: 'none',
    });
  });

  it.each([
    [{ category: 'nonsense' }, '领域'],
    [{ result: 'D' }, '办理结果'],
    [{ unit: '../etc' }, '承办单位'],
    [{ unit: 'x'.repeat(81) }, '承办单位'],
  ])('refuses %o with a zh-CN message', (query, word) => {
    const parsed = SuggestionFilterQuery.safeParse(query);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain(word);
  });
});

describe('where the filter sends the reader', () => {
  it('agrees with the paths the site builds', () => {
    expect(filterPath({})).toBe('/suggestions/');
    expect(filterPath({ category: 'education' })).toBe('/suggestions/category/education/');
    expect(filterPath({ unit: 'dept-x' })).toBe('/suggestions/unit/dept-x/');
    expect(filterPath({ result: 'none' })).toBe('/suggestions/result/none/');
    expect(filterPath({ category: 'education', result: 'A' })).toBe('/suggestions/combo/education/all/A/');
    expect(filterPath({ category: 'education', unit: 'dept-x', result: 'B' })).toBe(
      '/suggestions/combo/education/dept-x/B/',
    );
  });
});
