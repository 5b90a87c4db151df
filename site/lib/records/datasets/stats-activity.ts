import { publishedStats } from '../published-stats.ts';
import { activityDayBins, type ActivityDistribution } from '../stats.ts';
import { type Column, dataset } from './dataset.ts';

export const statsActivity = dataset<ActivityDistribution>({
  id: 'stats-activity-days',
  title: '代表闭会期间履职天数分布',
  description:
    '每年一行：任期覆盖该年的代表按闭会期间履职活动天数分组的人数（不含出席人代会），及达到每年 15 天的人数。',
  kind: 'statistic',
  rowNoun: '一个年度',
  rowId: (r) => String(r.year),
  rows: (model) => publishedStats(model).activityYears,
  columns: [
    { key: 'year', label: '年度', type: 'integer', description: '年度。', get: (r) => r.year },
    {
      key: 'deputies',
      label: '代表人数',
      type: 'integer',
      description: '任期覆盖该年的代表人数（已离任的只计离任前的年度）。',
      get: (r) => r.deputies,
    },
    ...activityDayBins.map((bin, i): Column<ActivityDistribution> => ({
      key: bin.key,
      label: `${bin.label}（人）`,
      type: 'integer',
      description: `履职天数在“${bin.label}”的代表人数。`,
      get: (r) => r.bins[i]?.count ?? 0,
    })),
    {
      key: 'meeting_floor',
      label: '达到15天人数',
      type: 'integer',
      description: '全年闭会期间履职不少于 15 天的人数。',
      get: (r) => r.meetingFloor,
    },
    {
      key: 'meeting_floor_share',
      label: '达到15天比例',
      type: 'ratio',
      description: '达到 15 天人数 ÷ 代表人数。',
      get: (r) => r.meetingFloorShare,
    },
    {
      key: 'median_days',
      label: '天数中位数',
      type: 'number',
      description: '履职天数的中位数。',
      get: (r) => r.medianDays,
    },
  ],
});
