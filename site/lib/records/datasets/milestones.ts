import { type ProjectCandidateRecord, type ProjectMilestone } from '#domain/projects.ts';
import type { RecordsModel } from '../model.ts';
import { dataset } from './dataset.ts';

export const milestones = dataset<{ c: ProjectCandidateRecord; m: ProjectMilestone; model: RecordsModel }>({
  id: 'project-milestones',
  title: '民生实事项目实施节点',
  description: '已通过项目的实施节点和进度，一个节点一行。',
  kind: 'record',
  rowNoun: '一个实施节点',
  rowId: (r) => String(r.m.id),
  rows: (model) => model.candidates.flatMap((c) => c.milestones.map((m) => ({ c, m, model }))),
  columns: [
    { key: 'id', label: 'ID', type: 'integer', description: '节点的稳定编号。', get: (r) => r.m.id },
    { key: 'candidate_id', label: '项目ID', type: 'string', description: '所属项目。', get: (r) => r.c.id },
    {
      key: 'candidate_title',
      label: '项目名称',
      type: 'string',
      description: '所属项目名称。',
      get: (r) => r.c.title,
    },
    { key: 'year', label: '年度', type: 'integer', description: '所属年度。', get: (r) => r.c.roundYear },
    { key: 'title', label: '节点', type: 'string', description: '节点内容。', get: (r) => r.m.title },
    { key: 'due_on', label: '计划完成', type: 'date', description: '计划完成日期。', get: (r) => r.m.dueOn },
    {
      key: 'done_on',
      label: '实际完成',
      type: 'date',
      description: '实际完成日期；未完成为空。',
      get: (r) => r.m.doneOn,
    },
    {
      key: 'progress_percent',
      label: '进度（%）',
      type: 'integer',
      description: '进度百分比。',
      get: (r) => r.m.progressPercent,
    },
    {
      key: 'late',
      label: '是否延期',
      type: 'boolean',
      description: '晚于计划完成，或已过计划日期仍未完成。',
      get: (r) => (r.m.doneOn ? r.m.doneOn > r.m.dueOn : r.m.dueOn < r.model.asOf),
    },
    { key: 'note', label: '说明', type: 'text', description: '进展说明。', get: (r) => r.m.note },
  ],
});
