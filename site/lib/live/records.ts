/**
 * What a motion or suggestion page needs, read from D1 for that one record (the pages the Worker
 * renders): the same queries, row mappers and zod schemas as the build's records collections.
 */
import type { D1Database } from '@cloudflare/workers-types';
import { ChangeLogEntry } from '#domain/change-log.ts';
import { SessionRecord, SuggestionRecord } from '#domain/suggestions.ts';
import {
  CHANGE_LOG_OF_SUGGESTION_QUERY,
  HANDLING_UNITS_QUERY,
  SESSION_BY_ID_QUERY,
  SUGGESTION_BY_ID_QUERY,
  changeLogRecord,
  sessionRecord,
  suggestionRecord,
  type ChangeLogRow,
  type HandlingUnitRow,
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
