/**
 * What a deputy's and a station's Atom feed and a station's calendar need, read from D1 for one
 * record at a time: the Worker renders these files on request (they grow with the city, so they
 * are not written by the build), with the named queries and row mappers of site/loaders/.
 */
import type { D1Database } from '@cloudflare/workers-types';
import { DeputyRecord } from '#domain/deputies.ts';
import { StationRecord } from '#domain/places.ts';
import { DutyReportRecord } from '#domain/reports.ts';
import { ResultClass } from '#domain/suggestions.ts';
import {
  DEPUTY_BY_ID_QUERY,
  DUTY_REPORTS_OF_DEPUTY_QUERY,
  RECEPTION_DEPUTIES_OF_STATION_QUERY,
  STATION_BY_ID_QUERY,
  deputyRecord,
  dutyReportRecord,
  stationRecord,
  type DeputyNameRow,
  type DeputyRow,
  type DutyReportRow,
  type StationRow,
} from '../../loaders/people-queries.ts';
import { REPLIES_TO_STATION_DEPUTIES_QUERY, type StationReplyRow } from '../../loaders/records-queries.ts';

export interface DeputyFeed {
  deputy: DeputyRecord;
  reports: DutyReportRecord[];
}

export async function loadDeputyFeed(db: D1Database, id: string): Promise<DeputyFeed | null> {
  const [deputyRow, reportRows] = await Promise.all([
    db.prepare(DEPUTY_BY_ID_QUERY).bind(id).first<DeputyRow>(),
    db.prepare(DUTY_REPORTS_OF_DEPUTY_QUERY).bind(id).all<DutyReportRow>(),
  ]);
  if (!deputyRow) return null;
  return {
    deputy: DeputyRecord.parse(deputyRecord(deputyRow)),
    reports: reportRows.results.map((row) => DutyReportRecord.parse(dutyReportRecord(row))),
  };
}

export interface StationReply {
  id: number;
  suggestionId: string;
  title: string;
  leadDeputyName: string;
  unitName: string;
  repliedOn: string;
  resultClass: ResultClass | null;
  body: string;
}

export interface StationFeed {
  station: StationRecord;
  /** Names of the deputies on its reception days. */
  names: Map<string, { name: string }>;
  /** Replies to what its deputies lead, newest first. */
  replies: StationReply[];
}

/** A station with its reception days' deputies; the replies only when `withReplies` (the feed). */
export async function loadStationFeed(
  db: D1Database,
  id: string,
  withReplies: boolean,
): Promise<StationFeed | null> {
  const [stationRow, nameRows, replyRows] = await Promise.all([
    db.prepare(STATION_BY_ID_QUERY).bind(id).first<StationRow>(),
    db.prepare(RECEPTION_DEPUTIES_OF_STATION_QUERY).bind(id).all<DeputyNameRow>(),
    withReplies
      ? db.prepare(REPLIES_TO_STATION_DEPUTIES_QUERY).bind(id).all<StationReplyRow>()
      : Promise.resolve({ results: [] as StationReplyRow[] }),
  ]);
  if (!stationRow) return null;
  return {
    station: StationRecord.parse(stationRecord(stationRow)),
    names: new Map(nameRows.results.map((row) => [row.id, { name: row.name }])),
    replies: replyRows.results.map((row) => ({
      id: row.id,
      suggestionId: row.suggestion_id,
      title: row.title,
      leadDeputyName: row.lead_deputy_name,
      unitName: row.unit_name,
      repliedOn: row.replied_on,
      resultClass: row.result_class === null ? null : ResultClass.parse(row.result_class),
      body: row.body,
    })),
  };
}

/** This moment as feeds and calendars stamp it (UTC, to the second). */
export function stampNow(): string {
  return new Date().toISOString().slice(0, 19) + 'Z';
}
