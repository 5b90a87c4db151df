import { resultClassLabels, type SuggestionRecord } from '#domain/suggestions.ts';
import type { RecordsModel } from '../model.ts';
import { ALL_SESSIONS } from '../published-stats.ts';
import { type SuggestionSummary } from '../stats.ts';
import { type Column } from './dataset.ts';

/** Column groups several datasets share. */

export const replyTimingLabels: Record<string, string> = {
  on_time: '按期答复',
  late: '逾期后答复',
  overdue: '逾期未答复',
  pending: '未到期',
};

export function summaryColumns<Row>(pick: (row: Row) => SuggestionSummary): Column<Row>[] {
  return [
    {
      key: 'items',
      label: '件数',
      type: 'integer',
      description: '议案和建议的件数。',
      get: (r) => pick(r).items,
    },
    {
      key: 'motions',
      label: '议案件数',
      type: 'integer',
      description: '其中议案件数。',
      get: (r) => pick(r).motions,
    },
    {
      key: 'classified',
      label: '已答复件数',
      type: 'integer',
      description: '已有办理结果（A/B/C）的件数，是结果比例的分母。',
      get: (r) => pick(r).classified,
    },
    {
      key: 'class_a',
      label: 'A类件数',
      type: 'integer',
      description: resultClassLabels.A,
      get: (r) => pick(r).classes.A,
    },
    {
      key: 'class_b',
      label: 'B类件数',
      type: 'integer',
      description: resultClassLabels.B,
      get: (r) => pick(r).classes.B,
    },
    {
      key: 'class_c',
      label: 'C类件数',
      type: 'integer',
      description: resultClassLabels.C,
      get: (r) => pick(r).classes.C,
    },
    {
      key: 'share_a',
      label: 'A类占比',
      type: 'ratio',
      description: '已解决或正在解决的比例 = A类件数 ÷ 已答复件数。',
      get: (r) => pick(r).shareA,
    },
    {
      key: 'share_b',
      label: 'B类占比',
      type: 'ratio',
      description: 'B类件数 ÷ 已答复件数。',
      get: (r) => pick(r).shareB,
    },
    {
      key: 'share_c',
      label: 'C类占比',
      type: 'ratio',
      description: 'C类件数 ÷ 已答复件数。',
      get: (r) => pick(r).shareC,
    },
    {
      key: 'rated',
      label: '已测评件数',
      type: 'integer',
      description: '代表已作满意度测评的件数（按最近一次测评）。',
      get: (r) => pick(r).rated,
    },
    {
      key: 'satisfied',
      label: '满意',
      type: 'integer',
      description: '最近一次测评为满意的件数。',
      get: (r) => pick(r).satisfaction.satisfied,
    },
    {
      key: 'basically_satisfied',
      label: '基本满意',
      type: 'integer',
      description: '最近一次测评为基本满意的件数。',
      get: (r) => pick(r).satisfaction.basically_satisfied,
    },
    {
      key: 'dissatisfied',
      label: '不满意',
      type: 'integer',
      description: '最近一次测评为不满意的件数。',
      get: (r) => pick(r).satisfaction.dissatisfied,
    },
    {
      key: 'satisfied_share',
      label: '满意和基本满意占比',
      type: 'ratio',
      description: '(满意 + 基本满意) ÷ 已测评件数。',
      get: (r) => pick(r).satisfiedShare,
    },
    {
      key: 'on_time',
      label: '按期答复',
      type: 'integer',
      description: '主办单位首次答复不晚于答复期限的件数。',
      get: (r) => pick(r).timing.onTime,
    },
    {
      key: 'late',
      label: '逾期后答复',
      type: 'integer',
      description: '主办单位首次答复晚于期限的件数。',
      get: (r) => pick(r).timing.late,
    },
    {
      key: 'overdue',
      label: '逾期未答复',
      type: 'integer',
      description: '已过期限、主办单位尚未答复的件数。',
      get: (r) => pick(r).timing.overdue,
    },
    {
      key: 'pending',
      label: '未到期未答复',
      type: 'integer',
      description: '尚未到期、也未答复的件数（不计入按期率）。',
      get: (r) => pick(r).timing.pending,
    },
    {
      key: 'on_time_rate',
      label: '按期答复率',
      type: 'ratio',
      description: '按期答复 ÷ (按期答复 + 逾期后答复 + 逾期未答复)。',
      get: (r) => pick(r).timing.onTimeRate,
    },
    {
      key: 'sent_back',
      label: '不满意重办件数',
      type: 'integer',
      description: '曾被测评为不满意、退回重新办理的件数。',
      get: (r) => pick(r).sentBack,
    },
    {
      key: 'key_supervised',
      label: '重点督办件数',
      type: 'integer',
      description: '由领导重点督办的件数。',
      get: (r) => pick(r).keySupervised,
    },
    {
      key: 'commitments',
      label: '承诺事项',
      type: 'integer',
      description: '答复中作出的承诺事项数。',
      get: (r) => pick(r).commitments.total,
    },
    {
      key: 'commitments_kept',
      label: '承诺已兑现',
      type: 'integer',
      description: '已兑现的承诺事项数。',
      get: (r) => pick(r).commitments.kept,
    },
    {
      key: 'commitments_overdue',
      label: '承诺逾期',
      type: 'integer',
      description: '仍在跟进且已过兑现期限的承诺事项数。',
      get: (r) => pick(r).commitments.overdue,
    },
  ];
}

export function sessionIdColumn<Row extends { sessionId: string }>(): Column<Row>[] {
  return [
    {
      key: 'session_id',
      label: '会议ID',
      type: 'string',
      description: `会议编号；“${ALL_SESSIONS}”表示全部会议合计。`,
      get: (r) => r.sessionId,
    },
  ];
}

/** The motion or suggestion a row belongs to: its id, and its title where the row needs it. */
export function suggestionRefColumns<Row extends { item: SuggestionRecord }>(
  options: { title: boolean } = { title: false },
): Column<Row>[] {
  const id: Column<Row> = {
    key: 'suggestion_id',
    label: '议案建议ID',
    type: 'string',
    description: '所属议案建议。',
    get: (r) => r.item.id,
  };
  if (!options.title) return [id];
  return [
    id,
    {
      key: 'suggestion_title',
      label: '议案建议标题',
      type: 'string',
      description: '所属议案建议的标题。',
      get: (r) => r.item.title,
    },
  ];
}

/** A handling unit's id and name (the name from the records model). */
export function unitColumns<Row extends { model: RecordsModel }>(
  unitId: (row: Row) => string,
  descriptions: { id: string; name: string },
): Column<Row>[] {
  return [
    { key: 'unit_id', label: '承办单位ID', type: 'string', description: descriptions.id, get: unitId },
    {
      key: 'unit',
      label: '承办单位',
      type: 'string',
      description: descriptions.name,
      get: (r) => r.model.unitName(unitId(r)),
    },
  ];
}
