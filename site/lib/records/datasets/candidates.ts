import { type ProjectCandidateRecord } from '#domain/projects.ts';
import type { RecordsModel } from '../model.ts';
import { dataset, siteUrl } from './dataset.ts';

function progressOf(c: ProjectCandidateRecord): number | null {
  if (c.milestones.length === 0) return null;
  return Math.max(...c.milestones.map((m) => m.progressPercent));
}

export const candidates = dataset<{ c: ProjectCandidateRecord; model: RecordsModel }>({
  id: 'project-candidates',
  title: '民生实事候选项目',
  description: '每个候选项目一行：群众投票（参考性，按渠道）与代表票决（决定性）并列，以及实施和评估情况。',
  kind: 'record',
  rowNoun: '一个候选项目',
  rowId: (r) => r.c.id,
  rows: (model) => model.candidates.map((c) => ({ c, model })),
  columns: [
    { key: 'id', label: 'ID', type: 'string', description: '稳定编号。', get: (r) => r.c.id },
    { key: 'year', label: '年度', type: 'integer', description: '所属年度。', get: (r) => r.c.roundYear },
    { key: 'title', label: '项目名称', type: 'string', description: '项目名称。', get: (r) => r.c.title },
    {
      key: 'department_id',
      label: '责任单位ID',
      type: 'string',
      description: '责任单位编号。',
      get: (r) => r.c.departmentId,
    },
    {
      key: 'department',
      label: '责任单位',
      type: 'string',
      description: '责任单位名称。',
      get: (r) => (r.c.departmentId ? r.model.unitName(r.c.departmentId) : null),
    },
    {
      key: 'budget_yuan',
      label: '预算（元）',
      type: 'integer',
      description: '预算金额，单位：元。',
      get: (r) => r.c.budgetYuan,
    },
    {
      key: 'votes_online',
      label: '群众票-网上',
      type: 'integer',
      description: '群众投票（参考性）网上渠道票数，发布时的数字。',
      get: (r) => r.c.advisoryVotes.online,
    },
    {
      key: 'votes_station',
      label: '群众票-联络站',
      type: 'integer',
      description: '群众投票（参考性）联络站现场票数。',
      get: (r) => r.c.advisoryVotes.station,
    },
    {
      key: 'votes_paper',
      label: '群众票-纸质',
      type: 'integer',
      description: '群众投票（参考性）纸质选票票数。',
      get: (r) => r.c.advisoryVotes.paper,
    },
    {
      key: 'votes_total',
      label: '群众票-合计',
      type: 'integer',
      description: '三个渠道合计。',
      get: (r) => r.c.advisoryVotes.online + r.c.advisoryVotes.station + r.c.advisoryVotes.paper,
    },
    {
      key: 'deputies_for',
      label: '代表赞成',
      type: 'integer',
      description: '代表票决赞成票；尚未票决为空。',
      get: (r) => r.c.deputiesVote?.for ?? null,
    },
    {
      key: 'deputies_against',
      label: '代表反对',
      type: 'integer',
      description: '代表票决反对票。',
      get: (r) => r.c.deputiesVote?.against ?? null,
    },
    {
      key: 'deputies_abstain',
      label: '代表弃权',
      type: 'integer',
      description: '代表票决弃权票。',
      get: (r) => r.c.deputiesVote?.abstain ?? null,
    },
    {
      key: 'adopted',
      label: '是否通过',
      type: 'boolean',
      description: '代表票决是否通过；尚未票决为空。',
      get: (r) => r.c.adopted,
    },
    {
      key: 'milestones',
      label: '节点数',
      type: 'integer',
      description: '实施节点个数。',
      get: (r) => r.c.milestones.length,
    },
    {
      key: 'milestones_done',
      label: '已完成节点',
      type: 'integer',
      description: '已完成的实施节点个数。',
      get: (r) => r.c.milestones.filter((m) => m.doneOn !== null).length,
    },
    {
      key: 'progress_percent',
      label: '进度（%）',
      type: 'integer',
      description: '各节点中最大的进度百分比；无节点为空。',
      get: (r) => progressOf(r.c),
    },
    {
      key: 'evaluated_on',
      label: '评估日期',
      type: 'date',
      description: '年终评估日期。',
      get: (r) => r.c.evaluation?.evaluatedOn ?? null,
    },
    {
      key: 'evaluation_satisfied',
      label: '评估-满意',
      type: 'integer',
      description: '年终评估满意票。',
      get: (r) => r.c.evaluation?.satisfied ?? null,
    },
    {
      key: 'evaluation_basically_satisfied',
      label: '评估-基本满意',
      type: 'integer',
      description: '年终评估基本满意票。',
      get: (r) => r.c.evaluation?.basicallySatisfied ?? null,
    },
    {
      key: 'evaluation_dissatisfied',
      label: '评估-不满意',
      type: 'integer',
      description: '年终评估不满意票。',
      get: (r) => r.c.evaluation?.dissatisfied ?? null,
    },
    {
      key: 'description',
      label: '项目说明',
      type: 'text',
      description: '项目内容。',
      get: (r) => r.c.description,
    },
    {
      key: 'url',
      label: '网址',
      type: 'url',
      description: '项目页面。',
      get: (r) => siteUrl(`/projects/${r.c.roundYear}/${r.c.id}/`),
    },
  ],
});
