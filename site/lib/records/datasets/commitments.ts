import { commitmentStatusLabels, type Commitment, type SuggestionRecord } from '#domain/suggestions.ts';
import type { RecordsModel } from '../model.ts';
import { isCommitmentOverdue } from '../stats.ts';
import { suggestionRefColumns, unitColumns } from './columns.ts';
import { dataset, siteUrl } from './dataset.ts';

export const commitments = dataset<{ item: SuggestionRecord; c: Commitment; model: RecordsModel }>({
  id: 'commitments',
  title: '承诺事项台账',
  description: '答复中作出的每项承诺一行，跟踪到兑现为止。',
  kind: 'record',
  rowNoun: '一项承诺',
  rowId: (r) => r.c.id,
  rows: (model) => model.items.flatMap((item) => item.commitments.map((c) => ({ item, c, model }))),
  columns: [
    { key: 'id', label: 'ID', type: 'string', description: '承诺的稳定编号。', get: (r) => r.c.id },
    ...suggestionRefColumns({ title: true }),
    ...unitColumns((r: { c: Commitment; model: RecordsModel }) => r.c.unitId, {
      id: '作出承诺的单位编号。',
      name: '作出承诺的单位。',
    }),
    {
      key: 'description',
      label: '承诺内容',
      type: 'text',
      description: '承诺做什么。',
      get: (r) => r.c.description,
    },
    {
      key: 'due_on',
      label: '兑现期限',
      type: 'date',
      description: '承诺兑现的期限。',
      get: (r) => r.c.dueOn,
    },
    {
      key: 'status',
      label: '状态',
      type: 'enum',
      codes: commitmentStatusLabels,
      description: '跟进中、已兑现或未兑现（已说明原因）。',
      get: (r) => r.c.status,
    },
    {
      key: 'kept_on',
      label: '兑现日期',
      type: 'date',
      description: '兑现日期；未兑现为空。',
      get: (r) => r.c.keptOn,
    },
    {
      key: 'evidence',
      label: '兑现依据或原因',
      type: 'text',
      description: '兑现的依据，或未兑现的原因。',
      get: (r) => r.c.evidence,
    },
    {
      key: 'overdue',
      label: '是否逾期',
      type: 'boolean',
      description: '仍在跟进且已过期限。',
      get: (r) => isCommitmentOverdue(r.c, r.model.asOf),
    },
    {
      key: 'url',
      label: '网址',
      type: 'url',
      description: '该承诺在议案建议页面上的位置。',
      get: (r) => siteUrl(`/suggestions/${r.item.id}/#commitment-${r.c.id}`),
    },
  ],
});
