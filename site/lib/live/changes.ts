/**
 * One deputy's change log (/changes/deputy/<id>/), read from D1 when the Worker renders it: one
 * page per deputy with changes would grow with the city. The same entries, in the same order,
 * as the build's changesByDeputy over the whole log (site/lib/records/changes.ts).
 */
import type { D1Database } from '@cloudflare/workers-types';
import { ChangeLogEntry, changeLogEntityTypes } from '#domain/change-log.ts';
import { DEPUTY_SUMMARY_QUERY, type DeputySummaryRow } from '../../loaders/people-queries.ts';
import {
  CHANGE_LOG_OF_DEPUTY_QUERY,
  CHANGE_LOG_TYPES_QUERY,
  LEAD_COMMITMENTS_OF_DEPUTY_QUERY,
  LEAD_ITEMS_OF_DEPUTY_QUERY,
  changeLogRecord,
  type ChangeLogRow,
  type LeadCommitmentRow,
  type LeadItemRow,
} from '../../loaders/records-queries.ts';
import type { ChangeTargets } from '../records/changes.ts';

export interface DeputyChanges {
  name: string;
  /** Newest first. */
  entries: ChangeLogEntry[];
  /** The kinds of record the whole log has entries for. */
  types: ChangeLogEntry['entityType'][];
  targets: ChangeTargets;
}

/** A deputy's changes, or null when there are none (the build wrote no page for them either). */
export async function loadDeputyChanges(db: D1Database, id: string): Promise<DeputyChanges | null> {
  const [entryRows, typeRows, deputy, items, commitments] = await Promise.all([
    db.prepare(CHANGE_LOG_OF_DEPUTY_QUERY).bind(id).all<ChangeLogRow>(),
    db.prepare(CHANGE_LOG_TYPES_QUERY).all<{ entity_type: string }>(),
    db.prepare(DEPUTY_SUMMARY_QUERY).bind(id).first<DeputySummaryRow>(),
    db.prepare(LEAD_ITEMS_OF_DEPUTY_QUERY).bind(id).all<LeadItemRow>(),
    db.prepare(LEAD_COMMITMENTS_OF_DEPUTY_QUERY).bind(id).all<LeadCommitmentRow>(),
  ]);
  if (entryRows.results.length === 0) return null;
  const present = new Set(typeRows.results.map((row) => row.entity_type));
  const name = deputy?.name ?? id;
  return {
    name,
    entries: entryRows.results.map((row) => ChangeLogEntry.parse(changeLogRecord(row))),
    types: changeLogEntityTypes.filter((t) => present.has(t)),
    targets: {
      itemById: new Map(items.results.map((row) => [row.id, row])),
      itemByCommitment: new Map(commitments.results.map((row) => [row.id, row.suggestion_id])),
      candidateById: new Map(),
      deputyNames: new Map([[id, name]]),
      stationNames: new Map(),
    },
  };
}
