import { hashCode, newCode, normalizeCode } from '../../lib/codes.ts';
import { randomHex } from '../../lib/crypto.ts';
import { readBatch, rows } from '../../lib/d1.ts';
import { ApiError } from '../../lib/errors.ts';
import { draftChange, type DraftResult } from '../../changes/actions.ts';
import { readLiveRecord } from '../../changes/queries.ts';
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
  phases: Array<{ phase: RoundPhase; startsAt: string; endsAt: string }>;
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

const CANDIDATE_SNAPSHOT = `json_object('title', title, 'description', description,
  'department_id', department_id, 'budget_yuan', budget_yuan, 'sort_order', sort_order,
  'deputies_for', deputies_for, 'deputies_against', deputies_against,
  'deputies_abstain', deputies_abstain, 'adopted', adopted)`;

interface RoundDbRow {
  year: number;
  title: string;
  mode: 'code' | 'open';
  max_choices: number;
  counts_public: number;
  description: string;
  snapshot: string;
}

interface PhaseDbRow {
  phase: RoundPhase;
  starts_at: string;
  ends_at: string;
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
          `SELECT year, title, mode, max_choices, counts_public, description, ${ROUND_SNAPSHOT} AS snapshot
      FROM project_rounds WHERE year = ?1`,
        )
        .bind(year),
    ),
    rows<PhaseDbRow>(
      db
        .prepare(
          'SELECT phase, starts_at, ends_at FROM round_phases WHERE round_year = ?1 ORDER BY starts_at',
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
           c.sort_order, c.deputies_for, c.deputies_against, c.deputies_abstain, c.adopted
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
    phases: phases.map((p) => ({
      phase: p.phase,
      startsAt: p.starts_at,
      endsAt: p.ends_at,
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

export async function requireRound(db: D1Database, year: number): Promise<RoundDetail> {
  const round = await getRound(db, year);
  if (!round) throw new ApiError(404, 'not_found', '没有这一年度的票决轮次。');
  return round;
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
 * A created or edited round (no phase): its snapshot before and after; or one of its phases' times
 * set, opened or closed (entity "year/phase"): the window before and after.
 */
function roundAudit(
  db: D1Database,
  entry: { actor: string; action: string; year: number; phase?: RoundPhase; beforeJson: string | null },
): D1PreparedStatement {
  const phase = entry.phase ?? null;
  return db
    .prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, before_json, after_json)
       VALUES (CASE WHEN changes() > 0 THEN ?1 END, ?2, 'project_round', ?3, ?4,
         CASE WHEN ?6 IS NULL THEN (SELECT ${ROUND_SNAPSHOT} FROM project_rounds WHERE year = ?5)
           ELSE (SELECT json_object('starts_at', starts_at, 'ends_at', ends_at) FROM round_phases
                 WHERE round_year = ?5 AND phase = ?6) END)`,
    )
    .bind(
      entry.actor,
      entry.action,
      phase === null ? String(entry.year) : `${String(entry.year)}/${phase}`,
      entry.beforeJson,
      entry.year,
      phase,
    );
}

/** A created or edited candidate: its snapshot before and after. */
function candidateAudit(
  db: D1Database,
  entry: { actor: string; action: string; candidateId: string; beforeJson: string | null },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, before_json, after_json)
       VALUES (CASE WHEN changes() > 0 THEN ?1 END, ?2, 'project_candidate', ?3, ?4,
         (SELECT ${CANDIDATE_SNAPSHOT} FROM project_candidates WHERE id = ?3))`,
    )
    .bind(entry.actor, entry.action, entry.candidateId, entry.beforeJson);
}

/** Creates a round, or edits the round of that year. */
export async function saveRound(db: D1Database, staff: StaffUser, input: RoundForm): Promise<void> {
  const before = await db
    .prepare(`SELECT ${ROUND_SNAPSHOT} AS snapshot FROM project_rounds WHERE year = ?1`)
    .bind(input.year)
    .first<{ snapshot: string }>();
  await runGuardedBatch(db, [
    db
      .prepare(
        `INSERT INTO project_rounds (year, title, mode, max_choices, counts_public, description)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (year) DO UPDATE SET title = excluded.title, mode = excluded.mode,
           max_choices = excluded.max_choices, counts_public = excluded.counts_public,
           description = excluded.description`,
      )
      .bind(
        input.year,
        input.title,
        input.mode,
        input.maxChoices,
        input.countsPublic ? 1 : 0,
        input.description,
      ),
    roundAudit(db, {
      actor: staff.id,
      action: before ? 'round.update' : 'round.create',
      year: input.year,
      beforeJson: before?.snapshot ?? null,
    }),
  ]);
}

export async function savePhase(
  db: D1Database,
  staff: StaffUser,
  year: number,
  input: PhaseForm,
): Promise<void> {
  await requireRound(db, year);
  await writePhase(db, staff, year, input.phase, input.startsAt, input.endsAt, 'round.phase');
}

async function writePhase(
  db: D1Database,
  staff: StaffUser,
  year: number,
  phase: RoundPhase,
  startsAt: string,
  endsAt: string,
  action: string,
): Promise<void> {
  const before = await db
    .prepare(
      `SELECT json_object('starts_at', starts_at, 'ends_at', ends_at) AS snapshot FROM round_phases
       WHERE round_year = ?1 AND phase = ?2`,
    )
    .bind(year, phase)
    .first<{ snapshot: string }>();
  await runGuardedBatch(db, [
    db
      .prepare(
        `INSERT INTO round_phases (round_year, phase, starts_at, ends_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (round_year, phase) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at`,
      )
      .bind(year, phase, startsAt, endsAt),
    roundAudit(db, { actor: staff.id, action, year, phase, beforeJson: before?.snapshot ?? null }),
  ]);
}

/**
 * Opens public voting now (keeping a planned end, or two weeks from now), or closes it now. The
 * ballots trigger reads these times, so the switch takes effect to the second.
 */
export async function switchPublicVoting(
  db: D1Database,
  staff: StaffUser,
  year: number,
  action: 'open' | 'close',
  now = Date.now(),
): Promise<void> {
  const round = await requireRound(db, year);
  const current = round.phases.find((p) => p.phase === 'public_voting');
  const nowIso = new Date(now).toISOString().slice(0, 19) + 'Z';
  if (action === 'open') {
    const plannedEnd = current && current.endsAt > nowIso ? current.endsAt : null;
    const endsAt = plannedEnd ?? new Date(now + 14 * 86_400_000).toISOString().slice(0, 19) + 'Z';
    await writePhase(db, staff, year, 'public_voting', nowIso, endsAt, 'round.voting_open');
    return;
  }
  if (!current || current.startsAt > nowIso || current.endsAt <= nowIso) {
    throw new ApiError(409, 'invalid_state', '公开投票当前没有进行，无需结束。');
  }
  // Closed in the very second it opened: the window still needs a positive length.
  const startsAt =
    current.startsAt < nowIso ? current.startsAt : new Date(now - 1000).toISOString().slice(0, 19) + 'Z';
  await writePhase(db, staff, year, 'public_voting', startsAt, nowIso, 'round.voting_close');
}

function newCandidateId(year: number): string {
  return `p${year}-${randomHex(4)}`;
}

/**
 * A candidate's details: a new one inserted, or an existing one of the same round updated (an id
 * of another round changes nothing, so the guarded audit refuses the batch).
 */
function candidateWrite(
  db: D1Database,
  existing: boolean,
  id: string,
  year: number,
  input: CandidateForm,
): D1PreparedStatement {
  return db
    .prepare(
      existing
        ? `UPDATE project_candidates SET title = ?3, description = ?4, department_id = ?5, budget_yuan = ?6,
             sort_order = ?7 WHERE id = ?1 AND round_year = ?2`
        : `INSERT INTO project_candidates (id, round_year, title, description, department_id, budget_yuan, sort_order)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
    )
    .bind(
      id,
      year,
      input.title,
      input.description,
      input.departmentId ?? null,
      input.budgetYuan ?? null,
      input.sortOrder,
    );
}

export async function saveCandidate(
  db: D1Database,
  staff: StaffUser,
  year: number,
  input: CandidateForm,
): Promise<string> {
  const round = await requireRound(db, year);
  const existing = input.candidateId ? requireCandidate(round, input.candidateId) : null;
  const id = existing?.id ?? newCandidateId(year);
  const before = existing
    ? await db
        .prepare(`SELECT ${CANDIDATE_SNAPSHOT} AS snapshot FROM project_candidates WHERE id = ?1`)
        .bind(id)
        .first<{ snapshot: string }>()
    : null;
  const write = candidateWrite(db, existing !== null, id, year, input);
  try {
    await runGuardedBatch(db, [
      write,
      candidateAudit(db, {
        actor: staff.id,
        action: existing ? 'candidate.update' : 'candidate.create',
        candidateId: id,
        beforeJson: before?.snapshot ?? null,
      }),
    ]);
  } catch (error) {
    if (
      error instanceof Error &&
      /UNIQUE constraint failed: project_candidates\.round_year, project_candidates\.title/.test(
        error.message,
      )
    ) {
      throw new ApiError(409, 'duplicate', '本轮次已有同名的候选项目。', {
        fields: { title: '项目名称重复。' },
      });
    }
    throw error;
  }
  return id;
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
