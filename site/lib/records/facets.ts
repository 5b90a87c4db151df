/**
 * Filters that work without JavaScript: every filter value is a static, paginated page.
 *
 * To keep the page count in proportion to the number of items (the whole site must stay well
 * under the 20,000-file limit), filters combine at most two ways: one filter on all items
 * (/suggestions/<dim>/<value>/), or a session plus one filter
 * (/suggestions/session/<id>/<dim>/<value>/). Each item then appears on about 2 × (number of
 * dimensions) list pages, whatever the number of sessions, units or categories.
 */
import {
  resultClasses,
  resultClassLabels,
  satisfactionLabels,
  satisfactions,
  suggestionCategories,
  suggestionCategoryLabels,
  suggestionKindLabels,
  suggestionKinds,
  suggestionStatuses,
  suggestionStatusLabels,
  type SuggestionRecord,
} from '#domain/suggestions.ts';
import type { RecordsModel } from './model.ts';
import { isOverdue, wasSentBack } from './stats.ts';

export const PAGE_SIZE = 100;

export interface FacetValue {
  id: string;
  label: string;
}

export interface FacetDimension {
  id: string;
  label: string;
  values: FacetValue[];
  /** The values an item has in this dimension (a unit filter matches lead and co-handlers). */
  keys: (item: SuggestionRecord) => string[];
}

/** Path segments that are filters, never item ids. */
export const RESERVED_SEGMENTS = new Set([
  'page',
  'session',
  'kind',
  'category',
  'unit',
  'result',
  'satisfaction',
  'status',
  'flag',
  'combo',
  'filter',
]);

export function facetDimensions(model: RecordsModel): FacetDimension[] {
  const asOf = model.asOf;
  return [
    {
      id: 'kind',
      label: '类型',
      values: suggestionKinds.map((k) => ({ id: k, label: suggestionKindLabels[k] })),
      keys: (item) => [item.kind],
    },
    {
      id: 'category',
      label: '领域',
      values: suggestionCategories.map((c) => ({ id: c, label: suggestionCategoryLabels[c] })),
      keys: (item) => [item.category],
    },
    {
      id: 'result',
      label: '办理结果',
      values: [
        ...resultClasses.map((c) => ({ id: c, label: resultClassLabels[c] })),
        { id: 'none', label: '尚未答复' },
      ],
      keys: (item) => [item.resultClass ?? 'none'],
    },
    {
      id: 'satisfaction',
      label: '代表满意度',
      values: [
        ...satisfactions.map((s) => ({ id: s, label: satisfactionLabels[s] })),
        { id: 'none', label: '尚未测评' },
      ],
      keys: (item) => [item.satisfaction ?? 'none'],
    },
    {
      id: 'status',
      label: '办理状态',
      values: suggestionStatuses.map((s) => ({ id: s, label: suggestionStatusLabels[s] })),
      keys: (item) => [item.status],
    },
    {
      id: 'flag',
      label: '重点关注',
      values: [
        { id: 'key-supervision', label: '重点督办' },
        { id: 'overdue', label: '逾期未答复或承诺逾期' },
        { id: 'sent-back', label: '曾因不满意重新办理' },
        { id: 'commitments', label: '有承诺事项' },
      ],
      keys: (item) => {
        const flags: string[] = [];
        if (item.keySupervisionLeader) flags.push('key-supervision');
        if (isOverdue(item, asOf)) flags.push('overdue');
        if (wasSentBack(item)) flags.push('sent-back');
        if (item.commitments.length > 0) flags.push('commitments');
        return flags;
      },
    },
    {
      id: 'unit',
      label: '承办单位',
      values: model.units.map((u) => ({ id: u.id, label: u.name })),
      keys: (item) => item.assignments.map((a) => a.unitId),
    },
  ];
}

/** Items grouped by dimension and value, for one scope (all items, or one session's). */
export type FacetGroups = Map<string, Map<string, SuggestionRecord[]>>;

export function groupByFacets(
  items: readonly SuggestionRecord[],
  dims: readonly FacetDimension[],
): FacetGroups {
  const groups: FacetGroups = new Map();
  for (const dim of dims) {
    const byValue = new Map<string, SuggestionRecord[]>();
    for (const item of items) {
      for (const key of new Set(dim.keys(item))) {
        const list = byValue.get(key);
        if (list) list.push(item);
        else byValue.set(key, [item]);
      }
    }
    groups.set(dim.id, byValue);
  }
  return groups;
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

/** The URL of a list: scope (session id or null), optional filter, page number. */
export function listPath(sessionId: string | null, dim?: string, value?: string, page = 1): string {
  let path = '/suggestions/';
  if (sessionId) path += `session/${sessionId}/`;
  if (dim && value) path += `${dim}/${value}/`;
  if (page > 1) path += sessionId || dim ? `${page}/` : `page/${page}/`;
  return path;
}

export interface FacetIndex {
  dims: FacetDimension[];
  all: FacetGroups;
  bySession: Map<string, FacetGroups>;
}

const cache = new WeakMap<RecordsModel, FacetIndex>();

export function facetIndex(model: RecordsModel): FacetIndex {
  let index = cache.get(model);
  if (!index) {
    for (const item of model.items) {
      if (RESERVED_SEGMENTS.has(item.id))
        throw new Error(`suggestion id "${item.id}" collides with a filter path`);
    }
    const dims = facetDimensions(model);
    const bySession = new Map<string, FacetGroups>();
    for (const s of model.sessions)
      bySession.set(s.id, groupByFacets(model.itemsBySession.get(s.id) ?? [], dims));
    index = { dims, all: groupByFacets(model.items, dims), bySession };
    cache.set(model, index);
  }
  return index;
}

/**
 * Field, unit and result combined (the no-JavaScript form at /suggestions/filter/): a static page
 * for every non-empty combination of two or three of them, /suggestions/combo/<field>/<unit>/<result>/
 * with "all" for a dimension left open. Their number is bounded by the dimensions' sizes (fields ×
 * units × results), not by the number of items, so it stays within the file budget at any scale.
 * One dimension alone is the existing /suggestions/<dim>/<value>/ page.
 */
export const COMBO_DIMS = ['category', 'unit', 'result'] as const;
export type ComboDim = (typeof COMBO_DIMS)[number];
export type Combo = Partial<Record<ComboDim, string>>;
export const COMBO_ANY = 'all';

export function comboKey(combo: Combo): string {
  return COMBO_DIMS.map((d) => combo[d] ?? COMBO_ANY).join('/');
}

export function comboPath(combo: Combo, page = 1): string {
  return `/suggestions/combo/${comboKey(combo)}/${page > 1 ? `${page}/` : ''}`;
}

const comboCache = new WeakMap<RecordsModel, Map<string, { combo: Combo; items: SuggestionRecord[] }>>();

/** Every non-empty combination of two or three of field, unit and result, with its items. */
export function comboGroups(model: RecordsModel): Map<string, { combo: Combo; items: SuggestionRecord[] }> {
  let groups = comboCache.get(model);
  if (groups) return groups;
  groups = new Map();
  const dims = new Map(facetDimensions(model).map((d) => [d.id, d]));
  for (const item of model.items) {
    const keys = COMBO_DIMS.map((d) => [...new Set(dims.get(d)?.keys(item) ?? [])]);
    const [categories = [], units = [], results = []] = keys;
    for (const category of [...categories, undefined])
      for (const unit of [...units, undefined])
        for (const result of [...results, undefined]) {
          const combo: Combo = {};
          if (category !== undefined) combo.category = category;
          if (unit !== undefined) combo.unit = unit;
          if (result !== undefined) combo.result = result;
          if (Object.keys(combo).length < 2) continue;
          const key = comboKey(combo);
          const entry = groups.get(key);
          if (entry) entry.items.push(item);
          else groups.set(key, { combo, items: [item] });
        }
  }
  comboCache.set(model, groups);
  return groups;
}
