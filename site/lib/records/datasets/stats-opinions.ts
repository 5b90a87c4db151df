import { publishedStats } from '../published-stats.ts';
import { type OpinionYear } from '../stats.ts';
import { dataset } from './dataset.ts';

export const statsOpinions = dataset<OpinionYear>({
  id: 'stats-opinions',
  title: '群众意见建议收办统计（按年）',
  description:
    '每年一行：收到的群众意见建议、已答复数和从收到到首次答复的天数中位数。不含任何意见内容或个人信息。',
  kind: 'statistic',
  rowNoun: '一个年度',
  rowId: (r) => String(r.year),
  rows: (model) => publishedStats(model).opinionYears,
  columns: [
    {
      key: 'year',
      label: '年度',
      type: 'integer',
      description: '收到的年度（北京时间）。',
      get: (r) => r.year,
    },
    {
      key: 'received',
      label: '收到件数',
      type: 'integer',
      description: '收到的意见建议数（不含疑似滥用、暂缓处理的）。',
      get: (r) => r.received,
    },
    {
      key: 'answered',
      label: '已答复件数',
      type: 'integer',
      description: '已首次答复的件数。',
      get: (r) => r.answered,
    },
    {
      key: 'answered_share',
      label: '答复率',
      type: 'ratio',
      description: '已答复件数 ÷ 收到件数。',
      get: (r) => r.answeredShare,
    },
    {
      key: 'median_reply_days',
      label: '答复天数中位数',
      type: 'number',
      description: '从收到到首次答复的天数中位数，保留 1 位小数。',
      get: (r) => r.medianReplyDays,
    },
  ],
});
