import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { listOpenChangesOfRound, listOpenCreates } from '../../changes/queries.ts';
import { ApiError } from '../../lib/errors.ts';
import { validForm } from '../ui/valid-form.ts';
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
import { type RoundFormState, roundsListView, roundView } from './views.tsx';
import { type DraftResult, findStaleChanges } from '../../changes/actions.ts';
import { beijingToday, nowIso } from '../../lib/time.ts';

function backTo(c: Context<StaffEnv>, year: number, notice: NoticeKey): Response {
  return c.redirect(`/staff/rounds/${year}?notice=${notice}`, 303);
}

/** Back to the round after a draft, saying whether it waits for a second person. */
function drafted(c: Context<StaffEnv>, year: number, change: DraftResult): Response {
  return backTo(c, year, change.needsConfirmation ? 'change_needs_confirmation' : 'change_drafted');
}

/** The list of rounds, with the new-round form that came back if it did. */
async function showRounds(
  c: Context<StaffEnv>,
  state?: RoundFormState,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  const [rounds, newRounds] = await Promise.all([
    listRounds(c.env.DB),
    listOpenCreates(c.env.DB, 'project_round'),
  ]);
  const nextYear = Number(beijingToday().slice(0, 4)) + 1;
  return render(
    c,
    { title: '民生实事项目票决', current: 'rounds', status },
    roundsListView(c.get('csrfToken'), { rounds, newRounds }, nowIso(), nextYear, state),
  );
}

/** One round's page, with its drafts waiting and the form that came back if one did. */
async function showRound(
  c: Context<StaffEnv>,
  year: number,
  state?: RoundFormState,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  let round;
  try {
    round = await requireRound(c.env.DB, year);
  } catch (error) {
    // A new round waiting for its second person or its publish has no page yet: the list, which
    // shows it among the new rounds waiting, with the reason on top.
    if (error instanceof ApiError && error.code === 'round_not_published') {
      return showRounds(c, { form: 'pending', errors: {}, values: null, message: error.message }, 409);
    }
    throw error;
  }
  const [units, open] = await Promise.all([
    listHandlingUnits(c.env.DB),
    listOpenChangesOfRound(c.env.DB, year),
  ]);
  return render(
    c,
    { title: `${year} 年票决`, current: 'rounds', status },
    roundView(c.get('csrfToken'), round, units, nowIso(), {
      staff: c.get('staff'),
      open,
      stale: await findStaleChanges(c.env.DB, open),
      state,
    }),
  );
}

/** The lifecycle's field names (functions/changes/rules.ts) as this console's form fields. */
const formFieldOf: Record<string, string> = {
  // A new round's key (project_round's idSchema) is its year.
  id: 'year',
  round_year: 'year',
  department_id: 'departmentId',
  budget_yuan: 'budgetYuan',
  sort_order: 'sortOrder',
  max_choices: 'maxChoices',
  counts_public: 'countsPublic',
  starts_at: 'startsAt',
  ends_at: 'endsAt',
};

/** Form values as submitted (strings). */
type SubmittedValues = Record<string, string | string[]>;

/** The posted form's values, to show them again. */
async function submitted(c: Context<StaffEnv>): Promise<SubmittedValues> {
  const body = await c.req.parseBody({ all: true });
  const values: SubmittedValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return values;
}

/**
 * Runs a form's save; a refusal a person can act on (bad field, stale page, a change already open)
 * shows the page again with the error summary, the message by each field and the typed values
 * (after a stale save, the record as it now is), with the refusal's 4xx status.
 */
async function orReshow(
  c: Context<StaffEnv>,
  form: string,
  reshow: (state: RoundFormState, status: ContentfulStatusCode) => Promise<Response>,
  save: () => Promise<Response>,
): Promise<Response> {
  try {
    return await save();
  } catch (error) {
    if (!(error instanceof ApiError) || ![400, 404, 409, 422].includes(error.status)) throw error;
    const errors: Record<string, string> = {};
    for (const [field, message] of Object.entries(error.fields ?? {})) {
      errors[formFieldOf[field] ?? field] = message;
    }
    // A new round already drafted for the year ('round_pending') keeps what was typed.
    const stale = error.code === 'stale_version' || error.code === 'change_open';
    return reshow(
      { form, errors, values: stale ? null : await submitted(c), message: error.message },
      error.status,
    );
  }
}

/** The year a failed round form was about: its page if the round exists, else the list. */
function roundOrList(c: Context<StaffEnv>, yearText: unknown) {
  return async (state: RoundFormState, status: ContentfulStatusCode): Promise<Response> => {
    const year = Number(yearText);
    if (Number.isInteger(year) && year >= 2000 && year <= 2100) {
      const found = await listRounds(c.env.DB);
      if (found.some((r) => r.year === year)) return showRound(c, year, state, status);
    }
    return showRounds(c, state, status);
  };
}

/** Shows the round's page again with a form that came back, at the refusal's status. */
function reshowOn(c: Context<StaffEnv>, year: number) {
  return (state: RoundFormState, status: ContentfulStatusCode): Promise<Response> =>
    showRound(c, year, state, status);
}

const submittedText = (values: SubmittedValues, name: string): string => {
  const value = values[name];
  return typeof value === 'string' ? value : '';
};

/**
 * A form of the round's page that failed validation: the page again, that form (named from what
 * was submitted) open with its messages and values, status 400 (no script needed).
 */
function reshowRoundForm(formOf: (values: SubmittedValues) => string) {
  return (c: Context<StaffEnv>, errors: Record<string, string>, values: SubmittedValues): Promise<Response> =>
    // The year was checked by the param validator before this one.
    showRound(c, Number(c.req.param('year')), { form: formOf(values), errors, values }, 400);
}

/** A candidate's number form (counts, the deputies' vote, a milestone, the evaluation). */
const candidateForm = (form: 'counts' | 'vote' | 'milestone' | 'evaluation') =>
  reshowRoundForm((values) => `${form}-${submittedText(values, 'candidateId')}`);

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
  .get('/', (c) => showRounds(c))
  .post(
    '/',
    validForm(RoundForm, (c, errors, values) =>
      roundOrList(c, values.year)({ form: 'round', errors, values }, 400),
    ),
    async (c) => {
      const input = c.req.valid('form');
      return orReshow(c, 'round', roundOrList(c, input.year), async () => {
        const saved = await saveRound(c.env.DB, c.get('staff'), input);
        // A new round has no page before its publish: the list shows it among the new rounds waiting.
        return saved.isNew
          ? c.redirect('/staff/rounds?notice=round_drafted', 303)
          : drafted(c, input.year, saved.change);
      });
    },
  )
  .get('/:year', valid('param', YearParam), async (c) => showRound(c, c.req.valid('param').year))
  .post(
    '/:year/phases',
    valid('param', YearParam),
    validForm(
      PhaseForm,
      reshowRoundForm((values) => `phase-${submittedText(values, 'phase')}`),
    ),
    async (c) => {
      const { year } = c.req.valid('param');
      const input = c.req.valid('form');
      return orReshow(c, `phase-${input.phase}`, reshowOn(c, year), async () =>
        drafted(c, year, await savePhase(c.env.DB, c.get('staff'), year, input)),
      );
    },
  )
  .post(
    '/:year/voting',
    valid('param', YearParam),
    validForm(
      VotingSwitchForm,
      reshowRoundForm(() => 'voting'),
    ),
    async (c) => {
      const { year } = c.req.valid('param');
      // Opening while open, closing while closed, a window draft already waiting: the round's page
      // again with the reason in its error summary, like the round's other forms.
      return orReshow(c, 'voting', reshowOn(c, year), async () => {
        const change = await switchPublicVoting(c.env.DB, c.get('staff'), year, c.req.valid('form').action);
        return change ? drafted(c, year, change) : backTo(c, year, 'voting_closed');
      });
    },
  )
  .post(
    '/:year/candidates',
    valid('param', YearParam),
    validForm(
      CandidateForm,
      reshowRoundForm((values) => {
        const id = submittedText(values, 'candidateId');
        return id ? `candidate-${id}` : 'candidate-new';
      }),
    ),
    async (c) => {
      const { year } = c.req.valid('param');
      const input = c.req.valid('form');
      return orReshow(
        c,
        input.candidateId ? `candidate-${input.candidateId}` : 'candidate-new',
        reshowOn(c, year),
        async () => drafted(c, year, await saveCandidate(c.env.DB, c.get('staff'), year, input)),
      );
    },
  )
  .post(
    '/:year/counts',
    valid('param', YearParam),
    validForm(CountsForm, candidateForm('counts')),
    async (c) => {
      const { year } = c.req.valid('param');
      const input = c.req.valid('form');
      return orReshow(c, `counts-${input.candidateId}`, reshowOn(c, year), async () => {
        await saveCounts(c.env.DB, c.get('staff'), year, input);
        return backTo(c, year, 'counts_saved');
      });
    },
  )
  .post(
    '/:year/deputies-vote',
    valid('param', YearParam),
    validForm(DeputiesVoteForm, candidateForm('vote')),
    async (c) => {
      const { year } = c.req.valid('param');
      const input = c.req.valid('form');
      return orReshow(c, `vote-${input.candidateId}`, reshowOn(c, year), async () => {
        await saveDeputiesVote(c.env.DB, c.get('staff'), year, input);
        return backTo(c, year, 'vote_saved');
      });
    },
  )
  .post(
    '/:year/milestones',
    valid('param', YearParam),
    validForm(MilestoneForm, candidateForm('milestone')),
    async (c) => {
      const { year } = c.req.valid('param');
      const input = c.req.valid('form');
      return orReshow(c, `milestone-${input.candidateId}`, reshowOn(c, year), async () => {
        await saveMilestone(c.env.DB, c.get('staff'), year, input);
        return backTo(c, year, 'milestone_saved');
      });
    },
  )
  .post(
    '/:year/evaluation',
    valid('param', YearParam),
    validForm(EvaluationForm, candidateForm('evaluation')),
    async (c) => {
      const { year } = c.req.valid('param');
      const input = c.req.valid('form');
      return orReshow(c, `evaluation-${input.candidateId}`, reshowOn(c, year), async () => {
        await saveEvaluation(c.env.DB, c.get('staff'), year, input);
        return backTo(c, year, 'evaluation_saved');
      });
    },
  )
  .post('/:year/codes', valid('param', YearParam), valid('form', CodesForm), async (c) => {
    const { year } = c.req.valid('param');
    const batch = await generateVotingCodes(c.env.DB, c.get('staff'), year, c.req.valid('form').count);
    return codesCsv(c, year, batch);
  });

export const roundApi = new Hono<StaffEnv>()
  .use(requireCapability('rounds.manage'))
  // The published rounds, and the new rounds drafted and not yet published (the console's list).
  .get('/', async (c) => {
    const [rounds, newRounds] = await Promise.all([
      listRounds(c.env.DB),
      listOpenCreates(c.env.DB, 'project_round'),
    ]);
    return c.json({ rounds, newRounds });
  })
  .post('/', valid('json', RoundForm), async (c) => {
    const input = c.req.valid('json');
    let saved;
    try {
      saved = await saveRound(c.env.DB, c.get('staff'), input);
    } catch (error) {
      // The same settings again change nothing: the round as it is (a repeated request is harmless).
      if (error instanceof ApiError && error.code === 'no_change') {
        return c.json(await requireRound(c.env.DB, input.year));
      }
      throw error;
    }
    // A new round and a change of an existing one are drafts: they apply at a publish, after a
    // second person where the settings decide the vote (a new round's always do).
    return c.json({ change: saved.change, isNew: saved.isNew }, 202);
  })
  .get('/:year', valid('param', YearParam), async (c) =>
    c.json(await requireRound(c.env.DB, c.req.valid('param').year)),
  )
  .post('/:year/phases', valid('param', YearParam), valid('json', PhaseForm), async (c) => {
    const { year } = c.req.valid('param');
    // A draft: the window moves once another staff member confirms it and a publish applies it.
    return c.json({ change: await savePhase(c.env.DB, c.get('staff'), year, c.req.valid('json')) }, 202);
  })
  .post('/:year/voting', valid('param', YearParam), valid('json', VotingSwitchForm), async (c) => {
    const { year } = c.req.valid('param');
    const change = await switchPublicVoting(c.env.DB, c.get('staff'), year, c.req.valid('json').action);
    // Opening is a draft (202); closing is the emergency stop, done now.
    if (change) return c.json({ change }, 202);
    return c.json(await requireRound(c.env.DB, year));
  })
  .post('/:year/candidates', valid('param', YearParam), valid('json', CandidateForm), async (c) => {
    const { year } = c.req.valid('param');
    // A draft: the text applies at the next publish; a budget or a new candidate after a second person.
    return c.json({ change: await saveCandidate(c.env.DB, c.get('staff'), year, c.req.valid('json')) }, 202);
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
