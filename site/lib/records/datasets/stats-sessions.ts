import { sessionLabel } from '../format.ts';
import { ALL_SESSIONS, publishedStats } from '../published-stats.ts';
import { type SuggestionSummary } from '../stats.ts';
import { dataset } from './dataset.ts';
import { summaryColumns, sessionIdColumn } from './columns.ts';

export const statsSessions = dataset<{ sessionId: string; name: string; s: SuggestionSummary }>({
  id: 'stats-sessions',
  title: '议案建议办理统计（按会议）',
  description: '每次会议一行，另有一行为全部会议合计（会议ID 为 all）。',
  kind: 'statistic',
  rowNoun: '一次会议（或全部合计）',
  rowId: (r) => r.sessionId,
  rows: (model) => {
    const stats = publishedStats(model);
    return [
      ...model.sessions.map((s) => ({
        sessionId: s.id,
        name: sessionLabel(s),
        s: stats.bySession.get(s.id) ?? stats.overall,
      })),
      { sessionId: ALL_SESSIONS, name: '全部会议合计', s: stats.overall },
    ];
  },
  columns: [
    ...sessionIdColumn<{ sessionId: string; name: string; s: SuggestionSummary }>(),
    { key: 'session', label: '会议', type: 'string', description: '会议全称。', get: (r) => r.name },
    ...summaryColumns<{ sessionId: string; name: string; s: SuggestionSummary }>((r) => r.s),
  ],
});
