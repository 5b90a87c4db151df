/**
 * What the deputy profiles and duty reports need, read from D1 for one record at a time (the
 * pages the Worker renders). The same queries and row mappers as the build's content loaders
 * (site/loaders/people-queries.ts), the same zod schemas, so a profile reads the same whether
 * prerendered or rendered on request.
 */
import type { D1Database, D1Result } from '@cloudflare/workers-types';
import { DeputyLevel, DeputyRecord, DeputyResponsiveness } from '#domain/deputies.ts';
import { settingsFromRows, type PortalSettings } from '#domain/portal.ts';
import { beijingToday } from '../../../functions/lib/time.ts';
import { PUBLISH_VERSION_TTL_MS } from '../../../functions/publishing/version.ts';
import { StationRecord } from '#domain/places.ts';
import { DutyReportRecord } from '#domain/reports.ts';
import {
  DEPUTY_BY_ID_QUERY,
  DEPUTY_RESPONSIVENESS_BY_ID_QUERY,
  DUTY_REPORT_BY_ID_QUERY,
  DUTY_REPORTS_OF_DEPUTY_QUERY,
  PORTAL_SETTINGS_QUERY,
  RECEPTION_PARTNERS_QUERY,
  STATIONS_OF_DEPUTY_QUERY,
  deputyRecord,
  deputyResponsivenessRecord,
  dutyReportRecord,
  stationRecord,
  type DeputyNameRow,
  type DeputyResponsivenessRow,
  type DeputyRow,
  type DeputySummaryRow,
  type DutyReportRow,
  type StationRow,
} from '../../loaders/people-queries.ts';
// Type only: data.ts itself (the build's content layer) never reaches the Worker bundle.
import type { StationReception } from '../data.ts';
import { openVoteAt, VOTING_WINDOWS_QUERY, type OpenVote, type VotingWindow } from '../open-vote.ts';

/** The portal settings and the date the data describes (as the build's `portalData` has them). */
export interface LiveContext {
  settings: PortalSettings;
  asOf: string;
  /** The public vote open now, for the header's banner. */
  vote: OpenVote | null;
}

interface ContextRows {
  settings: { key: string; value: string }[];
  windows: VotingWindow[];
}

/** This isolate's copy of the context rows and when they were read. */
let contextRows: { rows: ContextRows; readAt: number } | undefined;

/**
 * The settings and voting windows, read from D1 at most once per PUBLISH_VERSION_TTL_MS per
 * isolate (two statements every page needs; a page rendered now is cached under the publish
 * version anyway, so a change shows within the same seconds a publish does).
 */
async function readContextRows(db: D1Database, now: number): Promise<ContextRows> {
  if (contextRows && now - contextRows.readAt < PUBLISH_VERSION_TTL_MS) return contextRows.rows;
  const [settings, windows] = await db.batch([
    db.prepare(PORTAL_SETTINGS_QUERY),
    db.prepare(VOTING_WINDOWS_QUERY),
  ]);
  const rows: ContextRows = {
    settings: rowsOf<{ key: string; value: string }>(settings),
    windows: rowsOf<VotingWindow>(windows),
  };
  contextRows = { rows, readAt: now };
  return rows;
}

/** The rows of one statement of a batch (a batch mixes row types, so each is typed by its reader). */
export function rowsOf<T>(result: D1Result | undefined): T[] {
  return (result?.results ?? []) as T[];
}

export async function loadContext(db: D1Database, now: number = Date.now()): Promise<LiveContext> {
  const { settings: settingsRows, windows } = await readContextRows(db, now);
  const settings = settingsFromRows(settingsRows);
  return {
    settings,
    asOf: settings.demoAsOf ?? beijingToday(),
    // Judged at every call: a window opens or closes at its own time, not at a read.
    vote: openVoteAt(windows, now),
  };
}

export interface DeputyProfile {
  deputy: DeputyRecord;
  stations: StationRecord[];
  /** Reception days the deputy holds, soonest first (every status; the page filters). */
  receptions: StationReception[];
  reports: DutyReportRecord[];
  responsiveness: DeputyResponsiveness | undefined;
  /** Names of the deputies on those reception days, for their links. */
  names: Map<string, { name: string }>;
}

export async function loadDeputyProfile(db: D1Database, id: string): Promise<DeputyProfile | null> {
  // One round trip: the record and everything the profile shows beside it.
  const [deputyRows, stationRows, reportRows, responsivenessRows, partnerRows] = await db.batch([
    db.prepare(DEPUTY_BY_ID_QUERY).bind(id),
    db.prepare(STATIONS_OF_DEPUTY_QUERY).bind(id),
    db.prepare(DUTY_REPORTS_OF_DEPUTY_QUERY).bind(id),
    db.prepare(DEPUTY_RESPONSIVENESS_BY_ID_QUERY).bind(id),
    db.prepare(RECEPTION_PARTNERS_QUERY).bind(id),
  ]);
  const [deputyRow] = rowsOf<DeputyRow>(deputyRows);
  const [responsivenessRow] = rowsOf<DeputyResponsivenessRow>(responsivenessRows);
  if (!deputyRow) return null;
  const deputy = DeputyRecord.parse(deputyRecord(deputyRow));
  const allStations = rowsOf<StationRow>(stationRows).map((row) => StationRecord.parse(stationRecord(row)));
  const receptions: StationReception[] = [];
  for (const station of allStations) {
    for (const day of station.receptionDays)
      if (day.deputyIds.includes(id)) receptions.push({ station, day });
  }
  receptions.sort((a, b) => a.day.startsAt.localeCompare(b.day.startsAt));
  return {
    deputy,
    stations: deputy.stationIds.flatMap((sid) => allStations.find((s) => s.id === sid) ?? []),
    receptions,
    reports: rowsOf<DutyReportRow>(reportRows).map((row) => DutyReportRecord.parse(dutyReportRecord(row))),
    responsiveness: responsivenessRow
      ? DeputyResponsiveness.parse(deputyResponsivenessRecord(responsivenessRow))
      : undefined,
    names: new Map(rowsOf<DeputyNameRow>(partnerRows).map((row) => [row.id, { name: row.name }])),
  };
}

export interface DeputySummary {
  id: string;
  name: string;
  level: DeputyLevel;
  congressName: string;
  termNumber: number;
}

export interface DutyReportPage {
  report: DutyReportRecord;
  deputy: DeputySummary | undefined;
}

/** Who wrote a duty report, in one line (?1 = report id): the summary of DEPUTY_SUMMARY_QUERY. */
export const DEPUTY_SUMMARY_OF_REPORT_QUERY = `
SELECT d.id, d.name, c.level, c.name AS congress_name, t.number AS term_number
FROM duty_reports r JOIN deputies d ON d.id = r.deputy_id
JOIN terms t ON t.id = d.term_id JOIN congresses c ON c.id = t.congress_id
WHERE r.id = ?1`;

export async function loadDutyReport(db: D1Database, id: string): Promise<DutyReportPage | null> {
  const [reportRows, summaryRows] = await db.batch([
    db.prepare(DUTY_REPORT_BY_ID_QUERY).bind(id),
    db.prepare(DEPUTY_SUMMARY_OF_REPORT_QUERY).bind(id),
  ]);
  const [row] = rowsOf<DutyReportRow>(reportRows);
  if (!row) return null;
  const report = DutyReportRecord.parse(dutyReportRecord(row));
  const [d] = rowsOf<DeputySummaryRow>(summaryRows);
  const deputy = d
    ? {
        id: d.id,
        name: d.name,
        level: DeputyLevel.parse(d.level),
        congressName: d.congress_name,
        termNumber: d.term_number,
      }
    : undefined;
  return { report, deputy };
}
