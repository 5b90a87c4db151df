import { hashCode, newCode, normalizeCode } from '../../lib/codes.ts';
import { randomHex } from '../../lib/crypto.ts';
import { readBatch, rows } from '../../lib/d1.ts';
import { ApiError } from '../../lib/errors.ts';
import { draftChange, type DraftResult, STALE_MESSAGE } from '../../changes/actions.ts';
import { findOpenChange, type OfficialChange, readLiveRecord } from '../../changes/queries.ts';
import { entityRule } from '../../changes/rules.ts';
import { auditEntry, runGuardedBatch } from '../audit/queries.ts';
import type { StaffUser } from '../auth/schema.ts';
import type {
  CandidateForm,
  DeputiesVoteForm,
  EvaluationForm,
  MilestoneForm,
  PhaseForm,
  RoundForm,
} from './schema.ts';
import type { RoundPhase } from '#domain/projects.ts';

export interface RoundSummary {
  year: number;
  title: string;
  mode: 'code' | 'open';
  candidates: number;
  codes: number;
  codesUsed: number;
  votingStartsAt: string | null;
  votingEndsAt: string | null;
}

export async function listRounds(db: D1Database): Promise<RoundSummary[]> {
  const { results } = await db
    .prepare(
      `SELECT r.year, r.title, r.mode,
         (SELECT COUNT(*) FROM project_candidates WHERE round_year = r.year) AS candidates,
         (SELECT COUNT(*) FROM voting_codes WHERE round_year = r.year) AS codes,
         (SELECT COUNT(*) FROM voting_code_uses WHERE round_year = r.year) AS codes_used,
         p.starts_at, p.ends_at
       FROM project_rounds r
       LEFT JOIN round_phases p ON p.round_year = r.year AND p.phase = 'public_voting'
       ORDER BY r.year DESC`,
    )
    .all<{
      year: number;
      title: string;
      mode: 'code' | 'open';
      candidates: number;
      codes: number;
      codes_used: number;
      starts_at: string | null;
      ends_at: string | null;
    }>();
  return results.map((r) => ({
    year: r.year,
    title: r.title,
    mode: r.mode,
    candidates: r.candidates,
    codes: r.codes,
    codesUsed: r.codes_used,
    votingStartsAt: r.starts_at,
    votingEndsAt: r.ends_at,
  }));
}

export interface RoundDetail {
  year: number;
  title: string;
  mode: 'code' | 'open';
  maxChoices: number;
  countsPublic: boolean;
  description: string;
  snapshot: string;
  /** The published version, which a settings form sends back (a stale save is refused). */
  rowVersion: number;
  phases: Array<{ phase: RoundPhase; startsAt: string; endsAt: string; rowVersion: number }>;
  codes: number;
  codesUsed: number;
  candidates: CandidateDetail[];
}

export interface CandidateDetail {
  id: string;
  title: string;
  description: string;
  departmentId: string | null;
  departmentName: string | null;
  budgetYuan: number | null;
  sortOrder: number;
  rowVersion: number;
  counts: { online: number; station: number; paper: number };
  deputiesFor: number | null;
  deputiesAgainst: number | null;
  deputiesAbstain: number | null;
  adopted: boolean | null;
  milestones: Array<{
    id: number;
    title: string;
    dueOn: string;
    doneOn: string | null;
    progressPercent: number;
    note: string;
  }>;
  evaluation: {
    evaluatedOn: string;
    satisfied: number;
    basicallySatisfied: number;
    dissatisfied: number;
    summary: string;
  } | null;
}

const ROUND_SNAPSHOT = `json_object('title', title, 'mode', mode, 'max_choices', max_choices,
  'counts_public', counts_public, 'description', description)`;

interface RoundDbRow {
  year: number;
  title: string;
  mode: 'code' | 'open';
  max_choices: number;
  counts_public: number;
  description: string;
  snapshot: string;
  row_version: number;
}

interface PhaseDbRow {
  phase: RoundPhase;
  starts_at: string;
  ends_at: string;
  row_version: number;
}

interface CodeCountRow {
  codes: number;
  used: number;
}

interface CandidateDbRow {
  id: string;
  title: string;
  description: string;
  department_id: string | null;
  department_name: string | null;
  budget_yuan: number | null;
  sort_order: number;
  row_version: number;
  deputies_for: number | null;
  deputies_against: number | null;
  deputies_abstain: number | null;
  adopted: number | null;
}

interface CountDbRow {
  candidate_id: string;
  channel: 'online' | 'station' | 'paper';
  count: number;
}

interface MilestoneDbRow {
  id: number;
  candidate_id: string;
  title: string;
  due_on: string;
  done_on: string | null;
  progress_percent: number;
  note: string;
}

interface EvaluationDbRow {
  candidate_id: string;
  evaluated_on: string;
  satisfied: number;
  basically_satisfied: number;
  dissatisfied: number;
  summary: string;
}

export async function getRound(db: D1Database, year: number): Promise<RoundDetail | null> {
  const [rounds, phases, codes, candidates, counts, milestones, evaluations] = await readBatch(db, [
    rows<RoundDbRow>(
      db
        .prepare(
          `SELECT year, title, mode, max_choices, counts_public, description, row_version, ${ROUND_SNAPSHOT} AS snapshot
      FROM project_rounds WHERE year = ?1`,
        )
        .bind(year),
    ),
    rows<PhaseDbRow>(
      db
        .prepare(
          'SELECT phase, starts_at, ends_at, row_version FROM round_phases WHERE round_year = ?1 ORDER BY starts_at',
        )
        .bind(year),
    ),
    rows<CodeCountRow>(
      db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM voting_codes WHERE round_year = ?1) AS codes,
           (SELECT COUNT(*) FROM voting_code_uses WHERE round_year = ?1) AS used`,
        )
        .bind(year),
    ),
    rows<CandidateDbRow>(
      db
        .prepare(
          `SELECT c.id, c.title, c.description, c.department_id, h.name AS department_name, c.budget_yuan,
           c.sort_order, c.row_version, c.deputies_for, c.deputies_against, c.deputies_abstain, c.adopted
         FROM project_candidates c LEFT JOIN handling_units h ON h.id = c.department_id
         WHERE c.round_year = ?1 ORDER BY c.sort_order, c.id`,
        )
        .bind(year),
    ),
    rows<CountDbRow>(
      db
        .prepare(
          `SELECT v.candidate_id, v.channel, v.count FROM vote_counts v
         JOIN project_candidates c ON c.id = v.candidate_id WHERE c.round_year = ?1`,
        )
        .bind(year),
    ),
    rows<MilestoneDbRow>(
      db
        .prepare(
          `SELECT m.id, m.candidate_id, m.title, m.due_on, m.done_on, m.progress_percent, m.note
         FROM project_milestones m JOIN project_candidates c ON c.id = m.candidate_id
         WHERE c.round_year = ?1 ORDER BY m.due_on, m.id`,
        )
        .bind(year),
    ),
    rows<EvaluationDbRow>(
      db
        .prepare(
          `SELECT e.candidate_id, e.evaluated_on, e.satisfied, e.basically_satisfied, e.dissatisfied, e.summary
         FROM project_evaluations e JOIN project_candidates c ON c.id = e.candidate_id WHERE c.round_year = ?1`,
        )
        .bind(year),
    ),
  ]);
  const r = rounds[0];
  if (!r) return null;
  const countRows = counts;
  const milestoneRows = milestones;
  const evaluationRows = evaluations;
  const codeRow = codes[0];
  return {
    year: r.year,
    title: r.title,
    mode: r.mode,
    maxChoices: r.max_choices,
    countsPublic: r.counts_public === 1,
    description: r.description,
    snapshot: r.snapshot,
    rowVersion: r.row_version,
    phases: phases.map((p) => ({
      phase: p.phase,
      startsAt: p.starts_at,
      endsAt: p.ends_at,
      rowVersion: p.row_version,
    })),
    codes: codeRow?.codes ?? 0,
    codesUsed: codeRow?.used ?? 0,
    candidates: candidates.map((c) => {
      const evaluation = evaluationRows.find((e) => e.candidate_id === c.id);
      const countOf = (channel: 'online' | 'station' | 'paper'): number =>
        countRows.find((row) => row.candidate_id === c.id && row.channel === channel)?.count ?? 0;
      return {
        id: c.id,
        title: c.title,
        description: c.description,
        departmentId: c.department_id,
        departmentName: c.department_name,
        budgetYuan: c.budget_yuan,
        sortOrder: c.sort_order,
        rowVersion: c.row_version,
        counts: { online: countOf('online'), station: countOf('station'), paper: countOf('paper') },
        deputiesFor: c.deputies_for,
        deputiesAgainst: c.deputies_against,
        deputiesAbstain: c.deputies_abstain,
        adopted: c.adopted === null ? null : c.adopted === 1,
        milestones: milestoneRows
          .filter((m) => m.candidate_id === c.id)
          .map((m) => ({
            id: m.id,
            title: m.title,
            dueOn: m.due_on,
            doneOn: m.done_on,
            progressPercent: m.progress_percent,
            note: m.note,
          })),
        evaluation: evaluation
          ? {
              evaluatedOn: evaluation.evaluated_on,
              satisfied: evaluation.satisfied,
              basicallySatisfied: evaluation.basically_satisfied,
              dissatisfied: evaluation.dissatisfied,
              summary: evaluation.summary,
            }
          : null,
      };
    }),
  };
}

/**
 * The published round. A new round still waiting for its second person or its publish is not one
 * yet: nothing can join it (a phase, a candidate, codes), said in words with a 409.
 */
export async function requireRound(db: D1Database, year: number): Promise<RoundDetail> {
  const round = await getRound(db, year);
  if (round) return round;
  const pending = await findOpenChange(db, 'project_round', String(year));
  if (pending?.action === 'create') {
    throw new ApiError(
      409,
      'round_not_published',
      `${String(year)} 年的新轮次还在等待确认和发布（第 ${String(pending.id)} 号修改）；发布后才能设置它的阶段时间、候选项目、票数和投票码。`,
    );
  }
  throw new ApiError(404, 'not_found', '没有这一年度的票决轮次。');
}

function requireCandidate(round: RoundDetail, candidateId: string): CandidateDetail {
  const candidate = round.candidates.find((c) => c.id === candidateId);
  if (!candidate) throw new ApiError(404, 'not_found', '该轮次中没有这个候选项目。');
  return candidate;
}

// Audit entries that only succeed if the statement just before them changed a row: otherwise the
// actor is NULL, the NOT NULL constraint fails and the whole batch rolls back (runGuardedBatch
// answers 409). The "after" state is read back inside the batch.

/**
 * One of a round's phase windows moved at once (entity "year/phase": the emergency stop), the window
 * before and after. Everything else of a round changes through the lifecycle, which audits itself.
 */
function roundAudit(
  db: D1Database,
  entry: { actor: string; action: string; year: number; phase: RoundPhase; beforeJson: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, before_json, after_json)
       VALUES (CASE WHEN changes() > 0 THEN ?1 END, ?2, 'project_round', ?3, ?4,
         (SELECT json_object('starts_at', starts_at, 'ends_at', ends_at) FROM round_phases
          WHERE round_year = ?5 AND phase = ?6))`,
    )
    .bind(
      entry.actor,
      entry.action,
      phaseKey(entry.year, entry.phase),
      entry.beforeJson,
      entry.year,
      entry.phase,
    );
}

/** Why and from where, for changes of a round's settings, its phases and its candidates. */
export interface ChangeSource {
  reason?: string | undefined;
  reference?: string | undefined;
  /** The record's row_version the editor saw; without it (API clients) the version now. */
  rowVersion?: number | undefined;
}

/**
 * Refuses a second draft while one is open on the same record, naming it: a person then confirms,
 * publishes or withdraws it on the publish page (the lifecycle keeps one open change per record).
 */
async function requireNoOpenChange(db: D1Database, entityType: string, entityId: string): Promise<void> {
  const open = await findOpenChange(db, entityType, entityId);
  if (open) {
    throw new ApiError(
      409,
      'change_open',
      `这条记录已有待发布的修改（第 ${String(open.id)} 号），请先在“发布”页确认、发布或撤回它，再提交新的修改。`,
    );
  }
}

/** Drafts a change of a round, phase or candidate through the lifecycle (functions/changes). */
async function draftRoundChange(
  db: D1Database,
  staff: StaffUser,
  entityType: 'project_round' | 'round_phase' | 'project_candidate',
  entityId: string,
  values: Record<string, unknown>,
  source: ChangeSource,
): Promise<DraftResult> {
  const rule = entityRule(entityType);
  if (!rule) throw new Error(`no entity rule ${entityType}`);
  const live = await readLiveRecord(db, rule, entityId);
  await requireNoOpenChange(db, entityType, entityId);
  // A version from the form that is no longer the published one: someone else's change came first.
  if (live && source.rowVersion !== undefined && source.rowVersion !== live.version) {
    throw new ApiError(409, 'stale_version', STALE_MESSAGE);
  }
  return draftChange(db, staff, {
    entityType,
    entityId,
    action: live ? 'update' : 'create',
    values,
    baseVersion: live ? (source.rowVersion ?? live.version) : null,
    replacing: null,
    reason: source.reason ?? '',
    reference: source.reference ?? '',
  });
}

/** What saving the round form did: drafted a new round, or a change of an existing round's settings. */
export interface RoundSaved {
  /** A `create` of the round (nothing of it is public before a second person and a publish). */
  isNew: boolean;
  change: DraftResult;
}

/** A round's settings as the lifecycle's project_round fields (functions/changes/rules.ts). */
function roundValues(input: RoundForm): Record<string, unknown> {
  return {
    title: input.title,
    mode: input.mode,
    max_choices: input.maxChoices,
    counts_public: input.countsPublic ? 1 : 0,
    description: input.description,
  };
}

/** A new round of this year is already drafted: named, with who drafted it and where to act on it. */
function newRoundPending(year: number, open: OfficialChange): ApiError {
  const who = open.draftedByName ?? open.draftedBy;
  const message = `${String(year)} 年的新轮次已由${who}起草（第 ${String(open.id)} 号修改），正在等待另一位工作人员确认和发布；请在“发布”页确认、发布或撤回它，不要重复新建。`;
  return new ApiError(409, 'round_pending', message, {
    fields: { year: `${String(year)} 年的新轮次已在等待确认和发布。` },
  });
}

/**
 * Drafts a new round (a `create` of project_round keyed by its year: its mode, choices per ballot and
 * whether counts show decide the public vote, so a second person confirms it and a publish applies
 * it), or a change of an existing round's settings. A year whose new round is already drafted is
 * refused, naming that draft (also when two people create it at the same moment: the lifecycle's one
 * open change per record lets one draft in).
 */
export async function saveRound(db: D1Database, staff: StaffUser, input: RoundForm): Promise<RoundSaved> {
  const key = String(input.year);
  const exists = await db
    .prepare('SELECT 1 AS found FROM project_rounds WHERE year = ?1')
    .bind(input.year)
    .first<{ found: number }>();
  if (exists) {
    const change = await draftRoundChange(db, staff, 'project_round', key, roundValues(input), input);
    return { isNew: false, change };
  }
  const pending = await findOpenChange(db, 'project_round', key);
  if (pending) throw newRoundPending(input.year, pending);
  try {
    const change = await draftChange(db, staff, {
      entityType: 'project_round',
      entityId: key,
      action: 'create',
      values: roundValues(input),
      baseVersion: null,
      replacing: null,
      reason: input.reason ?? '',
      reference: input.reference ?? '',
    });
    return { isNew: true, change };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'stale_version') {
      const open = await findOpenChange(db, 'project_round', key);
      if (open) throw newRoundPending(input.year, open);
    }
    throw error;
  }
}

/** A phase's key in the lifecycle: round_phases.id (migration 0028). */
export function phaseKey(year: number, phase: RoundPhase): string {
  return `${String(year)}/${phase}`;
}

/** A phase window, new or moved: a draft that a second person confirms and a publish applies. */
export async function savePhase(
  db: D1Database,
  staff: StaffUser,
  year: number,
  input: PhaseForm,
): Promise<DraftResult> {
  await requireRound(db, year);
  return draftRoundChange(
    db,
    staff,
    'round_phase',
    phaseKey(year, input.phase),
    { round_year: year, phase: input.phase, starts_at: input.startsAt, ends_at: input.endsAt },
    input,
  );
}

/**
 * Opening public voting is a draft of the voting window from now (to the planned end, or two weeks
 * from now) like any phase change: it opens when a second person has confirmed it and a publish
 * applies it. Closing is the emergency stop: it takes effect at once (the ballots trigger reads the
 * window to the second), without a second person, and leaves its public change-log row and audit
 * entry in the same batch; any open draft of the window goes stale.
 */
export async function switchPublicVoting(
  db: D1Database,
  staff: StaffUser,
  year: number,
  action: 'open' | 'close',
  now = Date.now(),
): Promise<DraftResult | null> {
  const round = await requireRound(db, year);
  const current = round.phases.find((p) => p.phase === 'public_voting');
  const nowIso = new Date(now).toISOString().slice(0, 19) + 'Z';
  if (action === 'open') {
    if (current && current.startsAt <= nowIso && current.endsAt > nowIso) {
      throw new ApiError(409, 'invalid_state', '公开投票已在进行中。');
    }
    const plannedEnd = current && current.endsAt > nowIso ? current.endsAt : null;
    const endsAt = plannedEnd ?? new Date(now + 14 * 86_400_000).toISOString().slice(0, 19) + 'Z';
    return savePhase(db, staff, year, {
      phase: 'public_voting',
      startsAt: nowIso,
      endsAt,
      reason: '立即开始网上投票',
      reference: undefined,
      rowVersion: undefined,
    });
  }
  if (!current || current.startsAt > nowIso || current.endsAt <= nowIso) {
    throw new ApiError(409, 'invalid_state', '公开投票当前没有进行，无需结束。');
  }
  // Closed in the very second it opened: the window still needs a positive length.
  const startsAt =
    current.startsAt < nowIso ? current.startsAt : new Date(now - 1000).toISOString().slice(0, 19) + 'Z';
  const before = JSON.stringify({ starts_at: current.startsAt, ends_at: current.endsAt });
  await runGuardedBatch(db, [
    closeVotingStatement(db, year, startsAt, nowIso, current.endsAt),
    roundAudit(db, {
      actor: staff.id,
      action: 'round.voting_close',
      year,
      phase: 'public_voting',
      beforeJson: before,
    }),
    votingClosedLogStatement(db, {
      entityId: phaseKey(year, 'public_voting'),
      oldValue: current.endsAt,
      newValue: nowIso,
      staffId: staff.id,
    }),
  ]);
  return null;
}

/** The emergency stop's write, only while the window is still the one the page showed. */
function closeVotingStatement(
  db: D1Database,
  year: number,
  startsAt: string,
  endsAt: string,
  shownEnd: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE round_phases SET starts_at = ?2, ends_at = ?3
       WHERE round_year = ?1 AND phase = 'public_voting' AND ends_at = ?4`,
    )
    .bind(year, startsAt, endsAt, shownEnd);
}

/**
 * The emergency stop's public change-log row (no change or publish behind it: the role of the
 * person who stopped the vote), guarded like the audit entries: only if the window moved.
 */
function votingClosedLogStatement(
  db: D1Database,
  entry: { entityId: string; oldValue: string; newValue: string; staffId: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value, note, role)
       SELECT 'round_phase', ?1, 'ends_at', ?2, ?3, '立即结束网上投票', role FROM staff_users
       WHERE id = ?4 AND EXISTS (SELECT 1 FROM round_phases WHERE id = ?1 AND ends_at = ?3)`,
    )
    .bind(entry.entityId, entry.oldValue, entry.newValue, entry.staffId);
}

function newCandidateId(year: number): string {
  return `p${year}-${randomHex(4)}`;
}

/**
 * A candidate's text, unit, budget and order: a new candidate or a change of one, drafted through
 * the lifecycle. The text needs no second person; the budget (and a new candidate, which is a new
 * choice on the ballot) does, and a budget also a reason and a reference.
 */
export async function saveCandidate(
  db: D1Database,
  staff: StaffUser,
  year: number,
  input: CandidateForm,
): Promise<DraftResult> {
  const round = await requireRound(db, year);
  const existing = input.candidateId ? requireCandidate(round, input.candidateId) : null;
  const details = {
    title: input.title,
    description: input.description,
    department_id: input.departmentId ?? null,
    budget_yuan: input.budgetYuan ?? null,
    sort_order: input.sortOrder,
  };
  if (existing) return draftRoundChange(db, staff, 'project_candidate', existing.id, details, input);
  return draftRoundChange(
    db,
    staff,
    'project_candidate',
    newCandidateId(year),
    {
      round_year: year,
      ...details,
      deputies_for: null,
      deputies_against: null,
      deputies_abstain: null,
      adopted: null,
    },
    input,
  );
}

/** What staff give with every official number (issue 12): why, and where it comes from. */
export interface OfficialSource {
  reason: string;
  /** E.g. the tally sheet number or the minutes of the session. */
  reference: string;
}

/**
 * Drafts an official-number change through the lifecycle (functions/changes): it counts publicly
 * only after a second staff member confirms it and a publish applies it. The version is the one
 * published now; an open change on the same record is refused there (one open change per record).
 */
async function draftOfficialNumber(
  db: D1Database,
  staff: StaffUser,
  entityType: 'candidate_tally' | 'project_candidate' | 'project_milestone' | 'project_evaluation',
  entityId: string | null,
  values: Record<string, unknown>,
  source: OfficialSource,
): Promise<DraftResult> {
  const rule = entityRule(entityType);
  if (!rule) throw new Error(`no entity rule ${entityType}`);
  const live = entityId === null ? null : await readLiveRecord(db, rule, entityId);
  if (entityId !== null) await requireNoOpenChange(db, entityType, entityId);
  return draftChange(db, staff, {
    entityType,
    entityId,
    action: live ? 'update' : 'create',
    values,
    baseVersion: live?.version ?? null,
    replacing: null,
    reason: source.reason,
    reference: source.reference,
  });
}

/**
 * Station and paper counts, entered from the tally sheets (online counts come from ballots): a
 * draft that needs a second person's confirmation before it counts (migration 0019).
 */
export async function saveCounts(
  db: D1Database,
  staff: StaffUser,
  year: number,
  input: { candidateId: string; station: number; paper: number } & OfficialSource,
): Promise<DraftResult> {
  const round = await requireRound(db, year);
  const candidate = requireCandidate(round, input.candidateId);
  return draftOfficialNumber(
    db,
    staff,
    'candidate_tally',
    candidate.id,
    { station_count: input.station, paper_count: input.paper },
    input,
  );
}

/** The deputies' binding vote: a draft confirmed by a second person, then in the public change log. */
export async function saveDeputiesVote(
  db: D1Database,
  staff: StaffUser,
  year: number,
  input: DeputiesVoteForm,
): Promise<DraftResult> {
  const round = await requireRound(db, year);
  const candidate = requireCandidate(round, input.candidateId);
  return draftOfficialNumber(
    db,
    staff,
    'project_candidate',
    candidate.id,
    {
      deputies_for: input.votesFor,
      deputies_against: input.votesAgainst,
      deputies_abstain: input.votesAbstain,
      adopted: input.adopted ? 1 : 0,
    },
    input,
  );
}

/** A milestone and its progress: new or changed, a draft confirmed by a second person. */
export async function saveMilestone(
  db: D1Database,
  staff: StaffUser,
  year: number,
  input: MilestoneForm,
): Promise<DraftResult> {
  const round = await requireRound(db, year);
  const candidate = requireCandidate(round, input.candidateId);
  const existing = await db
    .prepare('SELECT id FROM project_milestones WHERE candidate_id = ?1 AND title = ?2')
    .bind(candidate.id, input.title)
    .first<{ id: number }>();
  return draftOfficialNumber(
    db,
    staff,
    'project_milestone',
    existing ? String(existing.id) : null,
    {
      candidate_id: candidate.id,
      title: input.title,
      due_on: input.dueOn,
      done_on: input.doneOn ?? null,
      progress_percent: input.progressPercent,
      note: input.note ?? '',
    },
    input,
  );
}

/**
 * The evaluation after a project is carried out: its counts are official figures, so it is a draft
 * that a second person confirms before a publish writes it, like the tallies.
 */
export async function saveEvaluation(
  db: D1Database,
  staff: StaffUser,
  year: number,
  input: EvaluationForm,
): Promise<DraftResult> {
  const round = await requireRound(db, year);
  const candidate = requireCandidate(round, input.candidateId);
  return draftOfficialNumber(
    db,
    staff,
    'project_evaluation',
    candidate.id,
    {
      evaluated_on: input.evaluatedOn,
      satisfied: input.satisfied,
      basically_satisfied: input.basicallySatisfied,
      dissatisfied: input.dissatisfied,
      summary: input.summary,
    },
    input,
  );
}

/** Hashes per INSERT statement: D1 allows 100 bound parameters, two are the year and batch. */
const HASHES_PER_STATEMENT = 98;

/**
 * Makes `count` one-time voting codes for a code round. Only their hashes are stored; the codes
 * themselves are returned once, for the CSV, and exist nowhere else afterwards.
 */
export async function generateVotingCodes(
  db: D1Database,
  staff: StaffUser,
  year: number,
  count: number,
): Promise<{ batchId: string; codes: string[] }> {
  const round = await requireRound(db, year);
  if (round.mode !== 'code') {
    throw new ApiError(409, 'invalid_state', '该轮次为公开投票，不使用投票码。');
  }
  const batchId = `${year}-${randomHex(6)}`;
  const codes: string[] = [];
  const hashes: string[] = [];
  const seen = new Set<string>();
  while (codes.length < count) {
    const code = newCode();
    const canonical = normalizeCode(code);
    if (canonical === null || seen.has(canonical)) continue;
    seen.add(canonical);
    codes.push(code);
    hashes.push(await hashCode(canonical));
  }
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < hashes.length; i += HASHES_PER_STATEMENT) {
    const chunk = hashes.slice(i, i + HASHES_PER_STATEMENT);
    const values = chunk.map((_, j) => `(?1, ?${j + 3}, ?2)`).join(', ');
    statements.push(
      db
        .prepare(`INSERT INTO voting_codes (round_year, code_hash, batch_id) VALUES ${values}`)
        .bind(year, batchId, ...chunk),
    );
  }
  statements.push(
    auditEntry(db, {
      actor: staff.id,
      action: 'round.codes_generate',
      entityType: 'project_round',
      entityId: String(year),
      after: { batchId, count },
    }),
  );
  await db.batch(statements);
  return { batchId, codes };
}

export async function listHandlingUnits(db: D1Database): Promise<Array<{ id: string; name: string }>> {
  const { results } = await db
    .prepare('SELECT id, name FROM handling_units ORDER BY name')
    .all<{ id: string; name: string }>();
  return results;
}
