import { suggestionCategoryLabels } from '#domain/suggestions.ts';
import { ALL_SESSIONS, publishedStats } from '../published-stats.ts';
import { type SuggestionSummary } from '../stats.ts';
import { dataset } from './dataset.ts';
import { summaryColumns, sessionIdColumn } from './columns.ts';

type CategoryRow = { sessionId: string; category: string; s: SuggestionSummary };

export const statsCategories = dataset<CategoryRow>({
  id: 'stats-categories',
  title: '议案建议办理统计（按领域）',
  description: '每个领域在每次会议一行，另有全部会议合计（会议ID 为 all）。',
  kind: 'statistic',
  rowNoun: '一个领域在一次会议（或全部合计）',
  rowId: (r) => `${r.sessionId}/${r.category}`,
  rows: (model) => {
    const stats = publishedStats(model);
    const out: CategoryRow[] = [];
    for (const sessionId of [ALL_SESSIONS, ...model.sessions.map((s) => s.id)]) {
      for (const [category, s] of stats.categories.get(sessionId) ?? []) out.push({ sessionId, category, s });
    }
    return out;
  },
  columns: [
    ...sessionIdColumn<CategoryRow>(),
    {
      key: 'category',
      label: '领域',
      type: 'enum',
      codes: suggestionCategoryLabels,
      description: '领域。',
      get: (r) => r.category,
    },
    ...summaryColumns<CategoryRow>((r) => r.s),
  ],
});
