import { z } from 'zod';
import { textProblem, textProblemMessage } from '../lib/text.ts';

/** What can be searched: the record pages, one kind each. */
export const searchKinds = [
  'deputy',
  'suggestion',
  'report',
  'station',
  'unit',
  'group',
  'project',
  'area',
  'news',
] as const;
export const SearchKind = z.enum(searchKinds);
export type SearchKind = z.infer<typeof SearchKind>;

export const searchKindLabels: Record<SearchKind, string> = {
  deputy: '代表',
  suggestion: '议案建议',
  report: '履职报告',
  station: '联络站',
  unit: '承办单位',
  group: '代表小组',
  project: '民生实事候选项目',
  area: '地区',
  news: '新闻公告',
};

export const SEARCH_PAGE_SIZE = 20;
export const SEARCH_QUERY_MAX = 50;

/** An empty form field means "no filter". */
const blankToUndefined = (value: unknown): unknown => (value === '' ? undefined : value);

/** The search form and the JSON endpoint take the same parameters (query string). */
export const SearchParams = z.object({
  q: z
    .string()
    .trim()
    .max(SEARCH_QUERY_MAX, `搜索词不能超过 ${SEARCH_QUERY_MAX} 个字`)
    // The one text check (lib/text.ts): the query is echoed on the page and in the JSON answer.
    .superRefine((value, ctx) => {
      const problem = textProblem(value, false);
      if (problem) ctx.addIssue({ code: 'custom', message: textProblemMessage('搜索词', problem) });
    })
    .default(''),
  kind: z.preprocess(blankToUndefined, SearchKind.optional()),
  year: z.preprocess(blankToUndefined, z.coerce.number().int().min(1949).max(2200).optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(50).default(1)),
});
export type SearchParams = z.infer<typeof SearchParams>;

export interface SearchHit {
  kind: SearchKind;
  url: string;
  title: string;
  summary: string;
  year: number | null;
}

export interface SearchResults {
  query: string;
  total: number;
  page: number;
  pageCount: number;
  hits: SearchHit[];
  /** Matches per kind (before the kind filter), for the filter links. */
  kinds: { kind: SearchKind; count: number }[];
  /** Years with matches (before the year filter), latest first. */
  years: { year: number; count: number }[];
}
