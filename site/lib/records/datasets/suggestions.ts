import {
  resultClassLabels,
  satisfactionLabels,
  suggestionCategoryLabels,
  suggestionKindLabels,
  suggestionStatusLabels,
  type SuggestionRecord,
} from '#domain/suggestions.ts';
import type { RecordsModel } from '../model.ts';
import { firstReplyOn, isCommitmentOverdue, leadAssignment, replyTiming, wasSentBack } from '../stats.ts';
import { dataset, siteUrl, listNames } from './dataset.ts';
import { replyTimingLabels } from './columns.ts';

export const suggestions = dataset<{ item: SuggestionRecord; model: RecordsModel }>({
  id: 'suggestions',
  title: '议案和建议',
  description: '每件议案、建议一行：提出、交办、答复、测评和承诺的当前情况。',
  kind: 'record',
  rowNoun: '一件议案或建议',
  rowId: (r) => r.item.id,
  rows: (model) => model.items.map((item) => ({ item, model })),
  // One file per session (newest first, as the rows come): a whole city's are over 25 MiB.
  partition: {
    by: '按会议',
    key: (r) => r.item.sessionId,
    label: (r) => r.model.sessionName(r.item.sessionId),
  },
  columns: [
    {
      key: 'id',
      label: 'ID',
      type: 'string',
      description: '稳定编号，用于网址，不会重复使用。',
      get: (r) => r.item.id,
    },
    {
      key: 'session_id',
      label: '会议ID',
      type: 'string',
      description: '提出时所在会议的编号。',
      get: (r) => r.item.sessionId,
    },
    {
      key: 'session',
      label: '会议',
      type: 'string',
      description: '会议全称。',
      get: (r) => r.model.sessionName(r.item.sessionId),
    },
    {
      key: 'kind',
      label: '类型',
      type: 'enum',
      codes: suggestionKindLabels,
      description: '议案或建议（建议、批评和意见）。',
      get: (r) => r.item.kind,
    },
    {
      key: 'number',
      label: '序号',
      type: 'integer',
      description: '本次会议同类中的编号。',
      get: (r) => r.item.number,
    },
    { key: 'title', label: '标题', type: 'string', description: '案由。', get: (r) => r.item.title },
    {
      key: 'category',
      label: '领域',
      type: 'enum',
      codes: suggestionCategoryLabels,
      description: '内容所属领域。',
      get: (r) => r.item.category,
    },
    {
      key: 'lead_deputy_id',
      label: '领衔代表ID',
      type: 'string',
      description: '领衔代表的编号（代表页面 /deputies/<ID>/）。',
      get: (r) => r.item.leadDeputy.id,
    },
    {
      key: 'lead_deputy',
      label: '领衔代表',
      type: 'string',
      description: '领衔代表姓名。',
      get: (r) => r.item.leadDeputy.name,
    },
    {
      key: 'cosigners',
      label: '附议代表',
      type: 'string',
      description: '附议代表姓名，以“、”分隔。',
      get: (r) => listNames(r.item.cosigners.map((c) => c.name)),
    },
    {
      key: 'cosigner_count',
      label: '附议人数',
      type: 'integer',
      description: '附议代表人数。',
      get: (r) => r.item.cosigners.length,
    },
    {
      key: 'filed_on',
      label: '提出日期',
      type: 'date',
      description: '代表提出的日期。',
      get: (r) => r.item.filedOn,
    },
    {
      key: 'lead_unit_id',
      label: '主办单位ID',
      type: 'string',
      description: '主办单位编号；未交办时为空。',
      get: (r) => leadAssignment(r.item)?.unitId ?? null,
    },
    {
      key: 'lead_unit',
      label: '主办单位',
      type: 'string',
      description: '主办单位名称。',
      get: (r) => {
        const a = leadAssignment(r.item);
        return a ? r.model.unitName(a.unitId) : null;
      },
    },
    {
      key: 'co_units',
      label: '协办单位',
      type: 'string',
      description: '协办单位名称，以“、”分隔。',
      get: (r) =>
        listNames(r.item.assignments.filter((a) => a.role === 'co').map((a) => r.model.unitName(a.unitId))),
    },
    {
      key: 'assigned_on',
      label: '交办日期',
      type: 'date',
      description: '交办给主办单位的日期。',
      get: (r) => leadAssignment(r.item)?.assignedOn ?? null,
    },
    {
      key: 'due_on',
      label: '答复期限',
      type: 'date',
      description: '主办单位的答复期限。',
      get: (r) => leadAssignment(r.item)?.dueOn ?? null,
    },
    {
      key: 'first_reply_on',
      label: '首次答复日期',
      type: 'date',
      description: '主办单位第一次答复的日期。',
      get: (r) => {
        const a = leadAssignment(r.item);
        return a ? firstReplyOn(r.item, a.unitId) : null;
      },
    },
    {
      key: 'reply_timing',
      label: '答复时效',
      type: 'enum',
      codes: replyTimingLabels,
      description: '主办单位首次答复与期限相比（按发布时的统计日期判断）。',
      get: (r) => {
        const a = leadAssignment(r.item);
        return a ? replyTiming(r.item, a, r.model.asOf) : null;
      },
    },
    {
      key: 'status',
      label: '办理状态',
      type: 'enum',
      codes: suggestionStatusLabels,
      description: '当前办理状态。',
      get: (r) => r.item.status,
    },
    {
      key: 'result_class',
      label: '办理结果',
      type: 'enum',
      codes: resultClassLabels,
      csvCode: true,
      description: '最近一次答复的结果分类（A/B/C）；未答复为空。',
      get: (r) => r.item.resultClass,
    },
    {
      key: 'satisfaction',
      label: '代表满意度',
      type: 'enum',
      codes: satisfactionLabels,
      description: '代表最近一次测评结果；未测评为空。',
      get: (r) => r.item.satisfaction,
    },
    {
      key: 'reply_rounds',
      label: '答复轮次',
      type: 'integer',
      description: '答复的最大轮次（重新办理后增加）。',
      get: (r) => Math.max(0, ...r.item.replies.map((x) => x.round)),
    },
    {
      key: 'sent_back',
      label: '曾不满意重办',
      type: 'boolean',
      description: '是否曾被测评为不满意并退回重新办理。',
      get: (r) => wasSentBack(r.item),
    },
    {
      key: 'key_supervision_leader',
      label: '重点督办领导',
      type: 'string',
      description: '重点督办的领导；非重点督办为空。',
      get: (r) => r.item.keySupervisionLeader,
    },
    {
      key: 'commitments',
      label: '承诺事项数',
      type: 'integer',
      description: '答复中作出的承诺事项数。',
      get: (r) => r.item.commitments.length,
    },
    {
      key: 'commitments_overdue',
      label: '逾期承诺数',
      type: 'integer',
      description: '仍在跟进且已过兑现期限的承诺数。',
      get: (r) => r.item.commitments.filter((c) => isCommitmentOverdue(c, r.model.asOf)).length,
    },
    { key: 'body', label: '正文', type: 'text', description: '议案、建议正文。', get: (r) => r.item.body },
    {
      key: 'url',
      label: '网址',
      type: 'url',
      description: '本件的页面。',
      get: (r) => siteUrl(`/suggestions/${r.item.id}/`),
    },
  ],
});
