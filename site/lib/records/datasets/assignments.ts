import {
  assignmentRoleLabels,
  type SuggestionAssignment,
  type SuggestionRecord,
} from '#domain/suggestions.ts';
import type { RecordsModel } from '../model.ts';
import { firstReplyOn, replyTiming } from '../stats.ts';
import { suggestionRefColumns, unitColumns } from './columns.ts';
import { dataset } from './dataset.ts';
import { replyTimingLabels } from './columns.ts';

export const assignments = dataset<{ item: SuggestionRecord; a: SuggestionAssignment; model: RecordsModel }>({
  id: 'suggestion-assignments',
  title: '交办记录',
  description: '每件议案建议交给每个承办单位（主办、协办）一行，含答复期限和首次答复日期。',
  kind: 'record',
  rowNoun: '一件议案建议交给一个承办单位',
  rowId: (r) => `${r.item.id}/${r.a.unitId}`,
  rows: (model) => model.items.flatMap((item) => item.assignments.map((a) => ({ item, a, model }))),
  columns: [
    ...suggestionRefColumns(),
    ...unitColumns((r: { a: SuggestionAssignment; model: RecordsModel }) => r.a.unitId, {
      id: '承办单位编号。',
      name: '承办单位名称。',
    }),
    {
      key: 'role',
      label: '承办方式',
      type: 'enum',
      codes: assignmentRoleLabels,
      description: '主办或协办。',
      get: (r) => r.a.role,
    },
    {
      key: 'assigned_on',
      label: '交办日期',
      type: 'date',
      description: '交办日期。',
      get: (r) => r.a.assignedOn,
    },
    {
      key: 'due_on',
      label: '答复期限',
      type: 'date',
      description: '该单位的答复期限。',
      get: (r) => r.a.dueOn,
    },
    {
      key: 'first_reply_on',
      label: '首次答复日期',
      type: 'date',
      description: '该单位第一次答复的日期。',
      get: (r) => firstReplyOn(r.item, r.a.unitId),
    },
    {
      key: 'reply_timing',
      label: '答复时效',
      type: 'enum',
      codes: replyTimingLabels,
      description: '首次答复与期限相比。',
      get: (r) => replyTiming(r.item, r.a, r.model.asOf),
    },
  ],
});
