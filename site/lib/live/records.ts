/**
 * What the motion or suggestion, handling unit and project candidate pages need, read from D1 for
 * one record (the pages the Worker renders), each page in one batch: the same queries, row mappers
 * and zod schemas as the build's records collections.
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
import { rowsOf } from './people.ts';

/** The session a motion or suggestion was filed in (?1 = its id), as SESSION_BY_ID_QUERY reads it. */
export const SESSION_OF_SUGGESTION_QUERY = `
SELECT se.id, se.term_id, t.number AS term_number, c.id AS congress_id, c.name AS congress_name,
  se.number, se.opens_on, se.closes_on
FROM suggestions s
JOIN sessions se ON se.id = s.session_id
JOIN terms t ON t.id = se.term_id
JOIN congresses c ON c.id = t.congress_id
WHERE s.id = ?1`;

/** The unit responsible for a candidate (?1 = candidate id, ?2 = round year); none without one. */
export const UNIT_OF_CANDIDATE_QUERY = `
SELECT u.id, u.name, u.kind FROM project_candidates p JOIN handling_units u ON u.id = p.department_id
WHERE p.id = ?1 AND p.round_year = ?2`;

export interface SuggestionPage {
  item: SuggestionRecord;
  /** Its change log and its commitments', newest first. */
  history: ChangeLogEntry[];
  sessionName: string;
  sessionShortName: string;
  unitName: (id: string) => string;
}

export async function loadSuggestionPage(db: D1Database, id: string): Promise<SuggestionPage | null> {
  const [itemRows, changeRows, unitRows, sessionRows] = await db.batch([
    db.prepare(SUGGESTION_BY_ID_QUERY).bind(id),
    db.prepare(CHANGE_LOG_OF_SUGGESTION_QUERY).bind(id),
    // A few hundred short rows at most: cheaper in one read than one query per unit named.
    db.prepare(HANDLING_UNITS_QUERY),
    db.prepare(SESSION_OF_SUGGESTION_QUERY).bind(id),
  ]);
  const [itemRow] = rowsOf<SuggestionRow>(itemRows);
  if (!itemRow) return null;
  const item = SuggestionRecord.parse(suggestionRecord(itemRow));
  const [sessionRow] = rowsOf<SessionRow>(sessionRows);
  const session = sessionRow ? SessionRecord.parse(sessionRecord(sessionRow)) : undefined;
  const units = new Map(rowsOf<HandlingUnitRow>(unitRows).map((u) => [u.id, u.name]));
  return {
    item,
    history: rowsOf<ChangeLogRow>(changeRows).map((row) => ChangeLogEntry.parse(changeLogRecord(row))),
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
  const [candidateRows, roundRows, totalRows, changeRows, unitRows] = await db.batch([
    db.prepare(PROJECT_CANDIDATE_BY_ID_QUERY).bind(id, year),
    db.prepare(PROJECT_ROUND_BY_YEAR_QUERY).bind(year),
    db.prepare(ROUND_ADVISORY_TOTAL_QUERY).bind(year),
    db.prepare(CHANGE_LOG_OF_ENTITY_QUERY).bind('project_candidate', id),
    db.prepare(UNIT_OF_CANDIDATE_QUERY).bind(id, year),
  ]);
  const [candidateRow] = rowsOf<ProjectCandidateRow>(candidateRows);
  const [roundRow] = rowsOf<ProjectRoundRow>(roundRows);
  if (!candidateRow || !roundRow) return null;
  const [unitRow] = rowsOf<HandlingUnitRow>(unitRows);
  return {
    candidate: ProjectCandidateRecord.parse(projectCandidateRecord(candidateRow)),
    round: ProjectRoundRecord.parse(projectRoundRecord(roundRow)),
    roundTotal: rowsOf<{ total: number }>(totalRows)[0]?.total ?? 0,
    unit: unitRow ? HandlingUnitRecord.parse(unitRow) : undefined,
    history: rowsOf<ChangeLogRow>(changeRows).map((row) => ChangeLogEntry.parse(changeLogRecord(row))),
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
  const [unitRows, itemRows, sessionRows, candidateRows] = await db.batch([
    db.prepare(HANDLING_UNIT_BY_ID_QUERY).bind(id),
    db.prepare(SUGGESTIONS_OF_UNIT_QUERY).bind(id),
    db.prepare(SESSIONS_QUERY),
    db.prepare(PROJECT_CANDIDATES_OF_UNIT_QUERY).bind(id),
  ]);
  const [unitRow] = rowsOf<HandlingUnitRow>(unitRows);
  if (!unitRow) return null;
  const sessions = rowsOf<SessionRow>(sessionRows).map((row) => SessionRecord.parse(sessionRecord(row)));
  const sessionById = new Map(sessions.map((s) => [s.id, s]));
  const sessionOrder = new Map(sessions.map((s, i) => [s.id, i]));
  // The order of the build's records model (site/lib/records/model.ts).
  const items = rowsOf<SuggestionRow>(itemRows)
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
    candidates: rowsOf<ProjectCandidateRow>(candidateRows).map((row) =>
      ProjectCandidateRecord.parse(projectCandidateRecord(row)),
    ),
  };
}
