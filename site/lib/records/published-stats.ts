/**
 * The statistics the site publishes, computed once per build from the model: the same objects
 * feed the pages, the charts and the data files, so they cannot disagree.
 */
import { YEARLY_ACTIVITY_DAYS_FLOOR } from '#domain/deputies.ts';
import { suggestionCategories, type SuggestionCategory, type SuggestionRecord } from '#domain/suggestions.ts';
import type { RecordsModel } from './model.ts';
import {
  activityDistribution,
  opinionYears,
  summarize,
  unitScorecard,
  type ActivityDistribution,
  type OpinionYear,
  type SuggestionSummary,
  type UnitScorecard,
} from './stats.ts';

/** "all" stands for every session together. */
export const ALL_SESSIONS = 'all';

export interface PublishedStats {
  overall: SuggestionSummary;
  bySession: Map<string, SuggestionSummary>;
  /** Key: session id or ALL_SESSIONS, then unit id. Units with no assignment are left out. */
  unitCards: Map<string, Map<string, UnitScorecard>>;
  /** Key: session id or ALL_SESSIONS, then category. Empty categories are left out. */
  categories: Map<string, Map<SuggestionCategory, SuggestionSummary>>;
  activityYears: ActivityDistribution[];
  opinionYears: OpinionYear[];
}

function unitCardsOf(model: RecordsModel, items: readonly SuggestionRecord[]): Map<string, UnitScorecard> {
  const byUnit = new Map<string, SuggestionRecord[]>();
  for (const item of items) {
    for (const a of item.assignments) {
      const list = byUnit.get(a.unitId);
      if (list) list.push(item);
      else byUnit.set(a.unitId, [item]);
    }
  }
  const cards = new Map<string, UnitScorecard>();
  for (const unit of model.units) {
    const unitItems = byUnit.get(unit.id);
    if (unitItems) cards.set(unit.id, unitScorecard(unit.id, unitItems, model.asOf));
  }
  return cards;
}

function categoriesOf(
  model: RecordsModel,
  items: readonly SuggestionRecord[],
): Map<SuggestionCategory, SuggestionSummary> {
  const out = new Map<SuggestionCategory, SuggestionSummary>();
  for (const category of suggestionCategories) {
    const inCategory = items.filter((i) => i.category === category);
    if (inCategory.length > 0) out.set(category, summarize(inCategory, model.asOf));
  }
  return out;
}

function compute(model: RecordsModel): PublishedStats {
  const bySession = new Map<string, SuggestionSummary>();
  const unitCards = new Map<string, Map<string, UnitScorecard>>();
  const categories = new Map<string, Map<SuggestionCategory, SuggestionSummary>>();
  unitCards.set(ALL_SESSIONS, unitCardsOf(model, model.items));
  categories.set(ALL_SESSIONS, categoriesOf(model, model.items));
  for (const session of model.sessions) {
    const items = model.itemsBySession.get(session.id) ?? [];
    bySession.set(session.id, summarize(items, model.asOf));
    unitCards.set(session.id, unitCardsOf(model, items));
    categories.set(session.id, categoriesOf(model, items));
  }
  const years = [...new Set(model.activityYears.map((f) => f.year))].sort((a, b) => b - a);
  return {
    overall: summarize(model.items, model.asOf),
    bySession,
    unitCards,
    categories,
    activityYears: years.map((y) => activityDistribution(model.activityYears, y, YEARLY_ACTIVITY_DAYS_FLOOR)),
    opinionYears: opinionYears(model.opinions),
  };
}

const cache = new WeakMap<RecordsModel, PublishedStats>();

export function publishedStats(model: RecordsModel): PublishedStats {
  let stats = cache.get(model);
  if (!stats) {
    stats = compute(model);
    cache.set(model, stats);
  }
  return stats;
}
