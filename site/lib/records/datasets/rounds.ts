import { roundModeLabels, type ProjectRoundRecord } from '#domain/projects.ts';
import type { RecordsModel } from '../model.ts';
import { dataset, siteUrl } from './dataset.ts';

function phaseTime(round: ProjectRoundRecord, phase: string, end: 'startsAt' | 'endsAt'): string | null {
  return round.phases.find((p) => p.phase === phase)?.[end] ?? null;
}

export const rounds = dataset<{ round: ProjectRoundRecord; model: RecordsModel }>({
  id: 'project-rounds',
  title: '民生实事项目年度票决',
  description: '每年一轮：群众投票（参考）和代表票决的时间与结果概况。',
  kind: 'record',
  rowNoun: '一个年度',
  rowId: (r) => String(r.round.year),
  rows: (model) => model.rounds.map((round) => ({ round, model })),
  columns: [
    { key: 'year', label: '年度', type: 'integer', description: '年度。', get: (r) => r.round.year },
    { key: 'title', label: '名称', type: 'string', description: '本轮名称。', get: (r) => r.round.title },
    {
      key: 'mode',
      label: '群众投票方式',
      type: 'enum',
      codes: roundModeLabels,
      description: '凭投票码或公开投票。',
      get: (r) => r.round.mode,
    },
    {
      key: 'max_choices',
      label: '每票最多可选',
      type: 'integer',
      description: '每张群众选票最多可选的项目数。',
      get: (r) => r.round.maxChoices,
    },
    {
      key: 'public_voting_starts_at',
      label: '群众投票开始',
      type: 'datetime',
      description: '群众投票开始时间。',
      get: (r) => phaseTime(r.round, 'public_voting', 'startsAt'),
    },
    {
      key: 'public_voting_ends_at',
      label: '群众投票结束',
      type: 'datetime',
      description: '群众投票结束时间。',
      get: (r) => phaseTime(r.round, 'public_voting', 'endsAt'),
    },
    {
      key: 'deputies_voting_starts_at',
      label: '代表票决开始',
      type: 'datetime',
      description: '代表票决开始时间。',
      get: (r) => phaseTime(r.round, 'deputies_voting', 'startsAt'),
    },
    {
      key: 'candidates',
      label: '候选项目数',
      type: 'integer',
      description: '候选项目个数。',
      get: (r) => r.model.candidatesByRound.get(r.round.year)?.length ?? 0,
    },
    {
      key: 'adopted',
      label: '票决通过数',
      type: 'integer',
      description: '代表票决通过的项目个数。',
      get: (r) =>
        (r.model.candidatesByRound.get(r.round.year) ?? []).filter((c) => c.adopted === true).length,
    },
    {
      key: 'url',
      label: '网址',
      type: 'url',
      description: '本轮页面。',
      get: (r) => siteUrl(`/projects/${r.round.year}/`),
    },
  ],
});
