import { resultClassLabels, type SuggestionRecord, type SuggestionReply } from '#domain/suggestions.ts';
import type { RecordsModel } from '../model.ts';
import { suggestionRefColumns, unitColumns } from './columns.ts';
import { dataset, siteUrl } from './dataset.ts';

export const replies = dataset<{ item: SuggestionRecord; reply: SuggestionReply; model: RecordsModel }>({
  id: 'suggestion-replies',
  title: '答复',
  description: '每一版答复一行：第 1 轮为首次办理，第 2 轮起为代表不满意后的重新办理。',
  kind: 'record',
  rowNoun: '一版答复',
  rowId: (r) => String(r.reply.id),
  rows: (model) => model.items.flatMap((item) => item.replies.map((reply) => ({ item, reply, model }))),
  // One file per session of the motion or suggestion, like the suggestions themselves.
  partition: {
    by: '按会议',
    key: (r) => r.item.sessionId,
    label: (r) => r.model.sessionName(r.item.sessionId),
  },
  columns: [
    { key: 'id', label: 'ID', type: 'integer', description: '答复的稳定编号。', get: (r) => r.reply.id },
    ...suggestionRefColumns({ title: true }),
    ...unitColumns((r: { reply: SuggestionReply; model: RecordsModel }) => r.reply.unitId, {
      id: '答复单位编号。',
      name: '答复单位名称。',
    }),
    { key: 'round', label: '轮次', type: 'integer', description: '办理轮次。', get: (r) => r.reply.round },
    {
      key: 'replied_on',
      label: '答复日期',
      type: 'date',
      description: '答复日期。',
      get: (r) => r.reply.repliedOn,
    },
    {
      key: 'result_class',
      label: '办理结果',
      type: 'enum',
      codes: resultClassLabels,
      csvCode: true,
      description: '结果分类；协办单位的意见可能不分类（为空）。',
      get: (r) => r.reply.resultClass,
    },
    { key: 'body', label: '答复内容', type: 'text', description: '答复全文。', get: (r) => r.reply.body },
    {
      key: 'url',
      label: '网址',
      type: 'url',
      description: '该答复在议案建议页面上的位置。',
      get: (r) => siteUrl(`/suggestions/${r.item.id}/#reply-${r.reply.id}`),
    },
  ],
});
