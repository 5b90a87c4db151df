import { type Context, Hono } from 'hono';
import { toCsv } from '../../lib/csv.ts';
import { requireCapability } from '../auth/routes.ts';
import type { StaffEnv } from '../env.ts';
import { type NoticeKey } from '../layout.tsx';
import { render } from '../render.tsx';
import { valid } from '../../lib/validation.ts';
import {
  generateVotingCodes,
  listHandlingUnits,
  listRounds,
  requireRound,
  saveCandidate,
  saveCounts,
  saveDeputiesVote,
  saveEvaluation,
  saveMilestone,
  savePhase,
  saveRound,
  switchPublicVoting,
} from './queries.ts';
import {
  CandidateForm,
  CodesForm,
  CountsForm,
  DeputiesVoteForm,
  EvaluationForm,
  MilestoneForm,
  PhaseForm,
  RoundForm,
  VotingSwitchForm,
  YearParam,
} from './schema.ts';
import { roundsListView, roundView } from './views.tsx';
import { beijingToday, nowIso } from '../../lib/time.ts';

function backTo(c: Context<StaffEnv>, year: number, notice: NoticeKey): Response {
  return c.redirect(`/staff/rounds/${year}?notice=${notice}`, 303);
}

/** The codes CSV: shown once, never cached, never stored. */
function codesCsv(c: Context<StaffEnv>, year: number, batch: { batchId: string; codes: string[] }): Response {
  const csv = toCsv([
    ['年度', '批次', '投票码'],
    ...batch.codes.map((code) => [String(year), batch.batchId, code]),
  ]);
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="voting-codes-${batch.batchId}.csv"`);
  c.header('Cache-Control', 'no-store');
  return c.body(csv);
}

export const roundConsole = new Hono<StaffEnv>()
  .use(requireCapability('rounds.manage'))
  .get('/', async (c) => {
    const rounds = await listRounds(c.env.DB);
    const nextYear = Number(beijingToday().slice(0, 4)) + 1;
    return render(
      c,
      { title: '民生实事项目票决', current: 'rounds' },
      roundsListView(c.get('csrfToken'), rounds, nowIso(), nextYear),
    );
  })
  .post('/', valid('form', RoundForm), async (c) => {
    const input = c.req.valid('form');
    await saveRound(c.env.DB, c.get('staff'), input);
    return backTo(c, input.year, 'round_saved');
  })
  .get('/:year', valid('param', YearParam), async (c) => {
    const { year } = c.req.valid('param');
    const [round, units] = await Promise.all([requireRound(c.env.DB, year), listHandlingUnits(c.env.DB)]);
    return render(
      c,
      { title: `${year} 年票决`, current: 'rounds' },
      roundView(c.get('csrfToken'), round, units, nowIso()),
    );
  })
  .post('/:year/phases', valid('param', YearParam), valid('form', PhaseForm), async (c) => {
    const { year } = c.req.valid('param');
    await savePhase(c.env.DB, c.get('staff'), year, c.req.valid('form'));
    return backTo(c, year, 'phase_saved');
  })
  .post('/:year/voting', valid('param', YearParam), valid('form', VotingSwitchForm), async (c) => {
    const { year } = c.req.valid('param');
    await switchPublicVoting(c.env.DB, c.get('staff'), year, c.req.valid('form').action);
    return backTo(c, year, 'phase_saved');
  })
  .post('/:year/candidates', valid('param', YearParam), valid('form', CandidateForm), async (c) => {
    const { year } = c.req.valid('param');
    await saveCandidate(c.env.DB, c.get('staff'), year, c.req.valid('form'));
    return backTo(c, year, 'candidate_saved');
  })
  .post('/:year/counts', valid('param', YearParam), valid('form', CountsForm), async (c) => {
    const { year } = c.req.valid('param');
    await saveCounts(c.env.DB, c.get('staff'), year, c.req.valid('form'));
    return backTo(c, year, 'counts_saved');
  })
  .post('/:year/deputies-vote', valid('param', YearParam), valid('form', DeputiesVoteForm), async (c) => {
    const { year } = c.req.valid('param');
    await saveDeputiesVote(c.env.DB, c.get('staff'), year, c.req.valid('form'));
    return backTo(c, year, 'vote_saved');
  })
  .post('/:year/milestones', valid('param', YearParam), valid('form', MilestoneForm), async (c) => {
    const { year } = c.req.valid('param');
    await saveMilestone(c.env.DB, c.get('staff'), year, c.req.valid('form'));
    return backTo(c, year, 'milestone_saved');
  })
  .post('/:year/evaluation', valid('param', YearParam), valid('form', EvaluationForm), async (c) => {
    const { year } = c.req.valid('param');
    await saveEvaluation(c.env.DB, c.get('staff'), year, c.req.valid('form'));
    return backTo(c, year, 'evaluation_saved');
  })
  .post('/:year/codes', valid('param', YearParam), valid('form', CodesForm), async (c) => {
    const { year } = c.req.valid('param');
    const batch = await generateVotingCodes(c.env.DB, c.get('staff'), year, c.req.valid('form').count);
    return codesCsv(c, year, batch);
  });

export const roundApi = new Hono<StaffEnv>()
  .use(requireCapability('rounds.manage'))
  .get('/', async (c) => c.json({ rounds: await listRounds(c.env.DB) }))
  .post('/', valid('json', RoundForm), async (c) => {
    const input = c.req.valid('json');
    await saveRound(c.env.DB, c.get('staff'), input);
    return c.json(await requireRound(c.env.DB, input.year));
  })
  .get('/:year', valid('param', YearParam), async (c) =>
    c.json(await requireRound(c.env.DB, c.req.valid('param').year)),
  )
  .post('/:year/phases', valid('param', YearParam), valid('json', PhaseForm), async (c) => {
    const { year } = c.req.valid('param');
    await savePhase(c.env.DB, c.get('staff'), year, c.req.valid('json'));
    return c.json(await requireRound(c.env.DB, year));
  })
  .post('/:year/voting', valid('param', YearParam), valid('json', VotingSwitchForm), async (c) => {
    const { year } = c.req.valid('param');
    await switchPublicVoting(c.env.DB, c.get('staff'), year, c.req.valid('json').action);
    return c.json(await requireRound(c.env.DB, year));
  })
  .post('/:year/candidates', valid('param', YearParam), valid('json', CandidateForm), async (c) => {
    const { year } = c.req.valid('param');
    const id = await saveCandidate(c.env.DB, c.get('staff'), year, c.req.valid('json'));
    return c.json({ id });
  })
  .post('/:year/counts', valid('param', YearParam), valid('json', CountsForm), async (c) => {
    const { year } = c.req.valid('param');
    // A draft: it counts publicly once another staff member confirms it and a publish applies it.
    return c.json({ change: await saveCounts(c.env.DB, c.get('staff'), year, c.req.valid('json')) }, 202);
  })
  .post('/:year/deputies-vote', valid('param', YearParam), valid('json', DeputiesVoteForm), async (c) => {
    const { year } = c.req.valid('param');
    // A draft: it counts publicly once another staff member confirms it and a publish applies it.
    return c.json(
      { change: await saveDeputiesVote(c.env.DB, c.get('staff'), year, c.req.valid('json')) },
      202,
    );
  })
  .post('/:year/milestones', valid('param', YearParam), valid('json', MilestoneForm), async (c) => {
    const { year } = c.req.valid('param');
    // A draft: it counts publicly once another staff member confirms it and a publish applies it.
    return c.json({ change: await saveMilestone(c.env.DB, c.get('staff'), year, c.req.valid('json')) }, 202);
  })
  .post('/:year/evaluation', valid('param', YearParam), valid('json', EvaluationForm), async (c) => {
    const { year } = c.req.valid('param');
    // A draft: it counts publicly once another staff member confirms it and a publish applies it.
    return c.json({ change: await saveEvaluation(c.env.DB, c.get('staff'), year, c.req.valid('json')) }, 202);
  })
  .post('/:year/codes', valid('param', YearParam), valid('json', CodesForm), async (c) => {
    const { year } = c.req.valid('param');
    const batch = await generateVotingCodes(c.env.DB, c.get('staff'), year, c.req.valid('json').count);
    return codesCsv(c, year, batch);
  });
