/**
 * What the motion or suggestion, handling unit and project candidate pages need, read from D1 for one record (the pages the Worker
 * renders): the same queries, row mappers and zod schemas as the build's records collections.
 */
import type { D1Database } from '@cloudflare/workers-types';
import { ChangeLogEntry } from '#domain/change-log.ts';
import { ProjectCandidateRecord, ProjectRoundRecord } from '#domain/projects.ts';
import { SessionRecord, SuggestionRecord } from '#domain/suggestions.ts';
import { HandlingUnitRecord } from '#domain/units.ts';
import {
  CHANGE_LOG_OF_ENTITY_QUERY,
  CHANGE_LOG_OF_SUGGESTION_QUERY,
  HANDLING_UNIT_BY_ID_QUERY,
  HANDLING_UNITS_QUERY,
  PROJECT_CANDIDATE_BY_ID_QUERY,
  PROJECT_CANDIDATES_OF_UNIT_QUERY,
  PROJECT_ROUND_BY_YEAR_QUERY,
  ROUND_ADVISORY_TOTAL_QUERY,
  SESSION_BY_ID_QUERY,
  SESSIONS_QUERY,
  SUGGESTION_BY_ID_QUERY,
  SUGGESTIONS_OF_UNIT_QUERY,
  changeLogRecord,
  projectCandidateRecord,
  projectRoundRecord,
  sessionRecord,
  suggestionRecord,
  type ChangeLogRow,
  type HandlingUnitRow,
  type ProjectCandidateRow,
  type ProjectRoundRow,
  type SessionRow,
  type SuggestionRow,
} from '../../loaders/records-queries.ts';
import { sessionLabel, sessionShortLabel } from '../records/format.ts';

export interface SuggestionPage {
  item: SuggestionRecord;
  /** Its change log and its commitments', newest first. */
  history: ChangeLogEntry[];
  sessionName: string;
  sessionShortName: string;
  unitName: (id: string) => string;
}

export async function loadSuggestionPage(db: D1Database, id: string): Promise<SuggestionPage | null> {
  const [itemRow, changeRows, unitRows] = await Promise.all([
    db.prepare(SUGGESTION_BY_ID_QUERY).bind(id).first<SuggestionRow>(),
    db.prepare(CHANGE_LOG_OF_SUGGESTION_QUERY).bind(id).all<ChangeLogRow>(),
    // A few hundred short rows at most: cheaper in one read than one query per unit named.
    db.prepare(HANDLING_UNITS_QUERY).all<HandlingUnitRow>(),
  ]);
  if (!itemRow) return null;
  const item = SuggestionRecord.parse(suggestionRecord(itemRow));
  const sessionRow = await db.prepare(SESSION_BY_ID_QUERY).bind(item.sessionId).first<SessionRow>();
  const session = sessionRow ? SessionRecord.parse(sessionRecord(sessionRow)) : undefined;
  const units = new Map(unitRows.results.map((u) => [u.id, u.name]));
  return {
    item,
    history: changeRows.results.map((row) => ChangeLogEntry.parse(changeLogRecord(row))),
    sessionName: session ? sessionLabel(session) : item.sessionId,
    sessionShortName: session ? sessionShortLabel(session) : item.sessionId,
    unitName: (unitId) => units.get(unitId) ?? unitId,
  };
}

export interface CandidatePage {
  candidate: ProjectCandidateRecord;
  round: ProjectRoundRecord;
  /** Advisory votes of the whole round, every candidate and channel. */
  roundTotal: number;
  unit: HandlingUnitRecord | undefined;
  /** Its public change log, newest first. */
  history: ChangeLogEntry[];
}

export async function loadCandidatePage(
  db: D1Database,
  year: number,
  id: string,
): Promise<CandidatePage | null> {
  const [candidateRow, roundRow, totalRow, changeRows] = await Promise.all([
    db.prepare(PROJECT_CANDIDATE_BY_ID_QUERY).bind(id, year).first<ProjectCandidateRow>(),
    db.prepare(PROJECT_ROUND_BY_YEAR_QUERY).bind(year).first<ProjectRoundRow>(),
    db.prepare(ROUND_ADVISORY_TOTAL_QUERY).bind(year).first<{ total: number }>(),
    db.prepare(CHANGE_LOG_OF_ENTITY_QUERY).bind('project_candidate', id).all<ChangeLogRow>(),
  ]);
  if (!candidateRow || !roundRow) return null;
  const candidate = ProjectCandidateRecord.parse(projectCandidateRecord(candidateRow));
  const unitRow = candidate.departmentId
    ? await db.prepare(HANDLING_UNIT_BY_ID_QUERY).bind(candidate.departmentId).first<HandlingUnitRow>()
    : null;
  return {
    candidate,
    round: ProjectRoundRecord.parse(projectRoundRecord(roundRow)),
    roundTotal: totalRow?.total ?? 0,
    unit: unitRow ? HandlingUnitRecord.parse(unitRow) : undefined,
    history: changeRows.results.map((row) => ChangeLogEntry.parse(changeLogRecord(row))),
  };
}

export interface UnitPage {
  unit: HandlingUnitRecord;
  /** What it handles, as lead or co-handler, in the build's order (newest session first). */
  items: SuggestionRecord[];
  /** Sessions where something was filed, newest first. */
  sessions: SessionRecord[];
  sessionShortName: (id: string) => string;
  /** Livelihood project candidates it is responsible for. */
  candidates: ProjectCandidateRecord[];
}

export async function loadUnitPage(db: D1Database, id: string): Promise<UnitPage | null> {
  const [unitRow, itemRows, sessionRows, candidateRows] = await Promise.all([
    db.prepare(HANDLING_UNIT_BY_ID_QUERY).bind(id).first<HandlingUnitRow>(),
    db.prepare(SUGGESTIONS_OF_UNIT_QUERY).bind(id).all<SuggestionRow>(),
    db.prepare(SESSIONS_QUERY).all<SessionRow>(),
    db.prepare(PROJECT_CANDIDATES_OF_UNIT_QUERY).bind(id).all<ProjectCandidateRow>(),
  ]);
  if (!unitRow) return null;
  const sessions = sessionRows.results.map((row) => SessionRecord.parse(sessionRecord(row)));
  const sessionById = new Map(sessions.map((s) => [s.id, s]));
  const sessionOrder = new Map(sessions.map((s, i) => [s.id, i]));
  // The order of the build's records model (site/lib/records/model.ts).
  const items = itemRows.results
    .map((row) => SuggestionRecord.parse(suggestionRecord(row)))
    .sort(
      (a, b) =>
        (sessionOrder.get(a.sessionId) ?? 0) - (sessionOrder.get(b.sessionId) ?? 0) ||
        (a.kind === b.kind ? 0 : a.kind === 'motion' ? -1 : 1) ||
        a.number - b.number,
    );
  return {
    unit: HandlingUnitRecord.parse(unitRow),
    items,
    sessions,
    sessionShortName: (sid) => {
      const session = sessionById.get(sid);
      return session ? sessionShortLabel(session) : sid;
    },
    candidates: candidateRows.results.map((row) => ProjectCandidateRecord.parse(projectCandidateRecord(row))),
  };
}
