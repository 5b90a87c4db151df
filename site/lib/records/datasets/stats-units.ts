import { ALL_SESSIONS, publishedStats } from '../published-stats.ts';
import { type UnitScorecard } from '../stats.ts';
import { dataset } from './dataset.ts';
import { sessionIdColumn } from './columns.ts';

type UnitRow = { sessionId: string; unitId: string; unitName: string; u: UnitScorecard };

export const statsUnits = dataset<UnitRow>({
  id: 'stats-units',
  title: '承办单位办理情况',
  description:
    '每个承办单位在每次会议一行，另有全部会议合计（会议ID 为 all）。主办、协办的交办都计入按期率；结果、满意度只计其主办的件。',
  kind: 'statistic',
  rowNoun: '一个承办单位在一次会议（或全部合计）',
  rowId: (r) => `${r.sessionId}/${r.unitId}`,
  rows: (model) => {
    const stats = publishedStats(model);
    const out: UnitRow[] = [];
    for (const sessionId of [ALL_SESSIONS, ...model.sessions.map((s) => s.id)]) {
      for (const [unitId, u] of stats.unitCards.get(sessionId) ?? []) {
        out.push({ sessionId, unitId, unitName: model.unitName(unitId), u });
      }
    }
    return out;
  },
  columns: [
    ...sessionIdColumn<UnitRow>(),
    {
      key: 'unit_id',
      label: '承办单位ID',
      type: 'string',
      description: '承办单位编号。',
      get: (r) => r.unitId,
    },
    { key: 'unit', label: '承办单位', type: 'string', description: '承办单位名称。', get: (r) => r.unitName },
    {
      key: 'assigned',
      label: '承办件数',
      type: 'integer',
      description: '交办给该单位的件数（主办 + 协办）。',
      get: (r) => r.u.assigned,
    },
    { key: 'as_lead', label: '主办件数', type: 'integer', description: '主办件数。', get: (r) => r.u.asLead },
    { key: 'as_co', label: '协办件数', type: 'integer', description: '协办件数。', get: (r) => r.u.asCo },
    {
      key: 'on_time',
      label: '按期答复',
      type: 'integer',
      description: '首次答复不晚于期限的交办数。',
      get: (r) => r.u.timing.onTime,
    },
    {
      key: 'late',
      label: '逾期后答复',
      type: 'integer',
      description: '首次答复晚于期限的交办数。',
      get: (r) => r.u.timing.late,
    },
    {
      key: 'overdue',
      label: '逾期未答复',
      type: 'integer',
      description: '已过期限仍未答复的交办数。',
      get: (r) => r.u.timing.overdue,
    },
    {
      key: 'pending',
      label: '未到期未答复',
      type: 'integer',
      description: '未到期也未答复（不计入按期率）。',
      get: (r) => r.u.timing.pending,
    },
    {
      key: 'on_time_rate',
      label: '按期答复率',
      type: 'ratio',
      description: '按期答复 ÷ (按期 + 逾期后答复 + 逾期未答复)。',
      get: (r) => r.u.timing.onTimeRate,
    },
    {
      key: 'classified',
      label: '已答复主办件',
      type: 'integer',
      description: '该单位主办且已给出结果分类的件数。',
      get: (r) => r.u.classified,
    },
    {
      key: 'class_a',
      label: 'A类件数',
      type: 'integer',
      description: '该单位最近一次答复为 A 类的主办件。',
      get: (r) => r.u.classes.A,
    },
    {
      key: 'class_b',
      label: 'B类件数',
      type: 'integer',
      description: 'B 类主办件。',
      get: (r) => r.u.classes.B,
    },
    {
      key: 'class_c',
      label: 'C类件数',
      type: 'integer',
      description: 'C 类主办件。',
      get: (r) => r.u.classes.C,
    },
    {
      key: 'share_a',
      label: 'A类占比',
      type: 'ratio',
      description: 'A类件数 ÷ 已答复主办件。',
      get: (r) => r.u.shareA,
    },
    {
      key: 'rated',
      label: '已测评件数',
      type: 'integer',
      description: '主办件中代表已测评的件数。',
      get: (r) => r.u.rated,
    },
    {
      key: 'satisfied',
      label: '满意',
      type: 'integer',
      description: '最近一次测评为满意。',
      get: (r) => r.u.satisfaction.satisfied,
    },
    {
      key: 'basically_satisfied',
      label: '基本满意',
      type: 'integer',
      description: '最近一次测评为基本满意。',
      get: (r) => r.u.satisfaction.basically_satisfied,
    },
    {
      key: 'dissatisfied',
      label: '不满意',
      type: 'integer',
      description: '最近一次测评为不满意。',
      get: (r) => r.u.satisfaction.dissatisfied,
    },
    {
      key: 'satisfied_share',
      label: '满意和基本满意占比',
      type: 'ratio',
      description: '(满意 + 基本满意) ÷ 已测评件数。',
      get: (r) => r.u.satisfiedShare,
    },
    {
      key: 'sent_back',
      label: '不满意退回件数',
      type: 'integer',
      description: '主办件中曾被测评为不满意的件数。',
      get: (r) => r.u.sentBack,
    },
    {
      key: 'rehandled',
      label: '已重新答复件数',
      type: 'integer',
      description: '其中该单位已再次答复的件数。',
      get: (r) => r.u.rehandled,
    },
    {
      key: 'commitments',
      label: '承诺事项',
      type: 'integer',
      description: '该单位作出的承诺数。',
      get: (r) => r.u.commitments.total,
    },
    {
      key: 'commitments_kept',
      label: '承诺已兑现',
      type: 'integer',
      description: '已兑现的承诺数。',
      get: (r) => r.u.commitments.kept,
    },
    {
      key: 'commitments_overdue',
      label: '承诺逾期',
      type: 'integer',
      description: '仍在跟进且已过期限的承诺数。',
      get: (r) => r.u.commitments.overdue,
    },
  ],
});
