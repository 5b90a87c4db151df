/**
 * What the deputy profiles and duty reports need, read from D1 for one record at a time (the
 * pages the Worker renders). The same queries and row mappers as the build's content loaders
 * (site/loaders/people-queries.ts), the same zod schemas, so a profile reads the same whether
 * prerendered or rendered on request.
 */
import type { D1Database } from '@cloudflare/workers-types';
import { DeputyLevel, DeputyRecord, DeputyResponsiveness } from '#domain/deputies.ts';
import { settingsFromRows, type PortalSettings } from '#domain/portal.ts';
import { beijingToday } from '../../../functions/lib/time.ts';
import { StationRecord } from '#domain/places.ts';
import { DutyReportRecord } from '#domain/reports.ts';
import {
  DEPUTY_BY_ID_QUERY,
  DEPUTY_RESPONSIVENESS_BY_ID_QUERY,
  DEPUTY_SUMMARY_QUERY,
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

export async function loadContext(db: D1Database): Promise<LiveContext> {
  const [settingsRows, windows] = await Promise.all([
    db.prepare(PORTAL_SETTINGS_QUERY).all<{ key: string; value: string }>(),
    db.prepare(VOTING_WINDOWS_QUERY).all<VotingWindow>(),
  ]);
  const settings = settingsFromRows(settingsRows.results);
  return {
    settings,
    asOf: settings.demoAsOf ?? beijingToday(),
    vote: openVoteAt(windows.results, Date.now()),
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
  const [deputyRow, stationRows, reportRows, responsivenessRow, partnerRows] = await Promise.all([
    db.prepare(DEPUTY_BY_ID_QUERY).bind(id).first<DeputyRow>(),
    db.prepare(STATIONS_OF_DEPUTY_QUERY).bind(id).all<StationRow>(),
    db.prepare(DUTY_REPORTS_OF_DEPUTY_QUERY).bind(id).all<DutyReportRow>(),
    db.prepare(DEPUTY_RESPONSIVENESS_BY_ID_QUERY).bind(id).first<DeputyResponsivenessRow>(),
    db.prepare(RECEPTION_PARTNERS_QUERY).bind(id).all<DeputyNameRow>(),
  ]);
  if (!deputyRow) return null;
  const deputy = DeputyRecord.parse(deputyRecord(deputyRow));
  const allStations = stationRows.results.map((row) => StationRecord.parse(stationRecord(row)));
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
    reports: reportRows.results.map((row) => DutyReportRecord.parse(dutyReportRecord(row))),
    responsiveness: responsivenessRow
      ? DeputyResponsiveness.parse(deputyResponsivenessRecord(responsivenessRow))
      : undefined,
    names: new Map(partnerRows.results.map((row) => [row.id, { name: row.name }])),
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

export async function loadDutyReport(db: D1Database, id: string): Promise<DutyReportPage | null> {
  const row = await db.prepare(DUTY_REPORT_BY_ID_QUERY).bind(id).first<DutyReportRow>();
  if (!row) return null;
  const report = DutyReportRecord.parse(dutyReportRecord(row));
  const d = await db.prepare(DEPUTY_SUMMARY_QUERY).bind(report.deputyId).first<DeputySummaryRow>();
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
