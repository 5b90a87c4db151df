/**
 * The published data as the prerendered pages read it at build time: the named queries and row
 * mappers of site/loaders/*-queries.ts (the ones the Worker-rendered pages use through
 * site/lib/live/), run against the build database (site/loaders/build-database.ts) and checked
 * with the shared zod schemas, so a row that breaks a schema fails the build instead of
 * publishing bad data. Each query runs at most once per build process; nothing is copied into
 * Astro's content layer (which kept every record twice in memory and wrote them all to
 * .astro/data-store.json).
 *
 * Build-time only: the Worker bundle must never import this module (it opens wrangler's
 * platform proxy). Pages rendered on request read D1 through site/lib/live/ instead.
 */
import type { D1Database } from '@cloudflare/workers-types';
import { z } from 'zod';
import { DeputyListing, DeputyResponsiveness, DutyActivity, ReplyHeadline } from '#domain/deputies.ts';
import { DeputyGroupRecord } from '#domain/groups.ts';
import { OpinionCategoryRecord, PublishedReplyRecord } from '#domain/opinions.ts';
import { AreaRecord, StationRecord } from '#domain/places.ts';
import { settingsFromRows, type PortalSettings } from '#domain/portal.ts';
import { ProjectCandidateRecord, ProjectRoundRecord } from '#domain/projects.ts';
import { DutyReportRecord } from '#domain/reports.ts';
import { ChangeLogEntry } from '#domain/change-log.ts';
import { SessionRecord, SuggestionRecord } from '#domain/suggestions.ts';
import { HandlingUnitRecord } from '#domain/units.ts';
import { DEFAULT_CONTACT_RETENTION_DAYS } from '../../functions/lib/retention.ts';
import { getBuildDatabase } from '../loaders/build-database.ts';
import {
  NOTICES_QUERY,
  OPINION_CATEGORIES_QUERY,
  PUBLISHED_REPLIES_QUERY,
  opinionCategoryRecord,
  publishedReplyRecord,
  type NoticeRow,
  type OpinionCategory,
  type OpinionCategoryRow,
  type PublishedReplyRow,
} from '../loaders/participation-queries.ts';
import {
  AREAS_QUERY,
  DEPUTY_LISTINGS_QUERY,
  DUTY_ACTIVITIES_BEFORE_QUERY,
  DUTY_ACTIVITIES_IN_YEAR_QUERY,
  DUTY_ACTIVITY_YEARS_QUERY,
  DEPUTY_GROUPS_QUERY,
  DEPUTY_RESPONSIVENESS_QUERY,
  DUTY_REPORTS_QUERY,
  LATEST_REPLIES_QUERY,
  PORTAL_SETTINGS_QUERY,
  STATIONS_QUERY,
  areaRecord,
  deputyGroupRecord,
  deputyListingRecord,
  dutyActivityRecord,
  deputyResponsivenessRecord,
  dutyReportRecord,
  stationRecord,
  type AreaRow,
  type DeputyGroupRow,
  type DeputyResponsivenessRow,
  type DeputyListingRow,
  type DutyActivityRow,
  type DutyReportRow,
  type LatestReplyRow,
  type StationRow,
} from '../loaders/people-queries.ts';
import {
  ACTIVITY_YEARS_QUERY,
  CHANGE_LOG_QUERY,
  HANDLING_UNITS_QUERY,
  OPINION_FACTS_QUERY,
  PROJECT_CANDIDATES_QUERY,
  PROJECT_ROUNDS_QUERY,
  PUBLISHES_QUERY,
  SESSIONS_QUERY,
  SUGGESTIONS_QUERY,
  TERM_COVERAGE_QUERY,
  changeLogRecord,
  projectCandidateRecord,
  projectRoundRecord,
  sessionRecord,
  suggestionRecord,
  type ActivityYearRow,
  type ChangeLogRow,
  type HandlingUnitRow,
  type OpinionFactRow,
  type ProjectCandidateRow,
  type ProjectRoundRow,
  type PublishRow,
  type SessionRow,
  type SuggestionRow,
  type TermCoverageRow,
} from '../loaders/records-queries.ts';
import { ActivityYearFact, OpinionFact, PublishRecord, TermCoverageFact } from './records/input-schemas.ts';

// Astro may evaluate this module in more than one graph (config, pages), so the reads of this
// build are kept on globalThis, as the connection itself is (build-database.ts).
const KEY = Symbol.for('deputy-portal.published-reads');
const reads: Map<string, Promise<unknown>> = ((globalThis as Record<symbol, unknown>)[KEY] as
  Map<string, Promise<unknown>> | undefined) ?? new Map<string, Promise<unknown>>();
(globalThis as Record<symbol, unknown>)[KEY] = reads;

/** One read of the build, run on first use and shared by every page after it. */
function once<T>(name: string, read: (db: D1Database) => Promise<T>): () => Promise<T> {
  return () => {
    let pending = reads.get(name) as Promise<T> | undefined;
    if (!pending) {
      pending = getBuildDatabase().then(read);
      reads.set(name, pending);
    }
    return pending;
  };
}

/** Every row of a named query, through its row mapper and the record's schema. */
// Row is the named query's row shape, stated at each call; D1's all<Row>() takes it on trust.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function records<Row, Schema extends z.ZodType>(
  name: string,
  query: string,
  toRecord: (row: Row) => unknown,
  schema: Schema,
): () => Promise<Array<z.output<Schema>>> {
  return once(name, async (db) => {
    const { results } = await db.prepare(query).all<Row>();
    return results.map((row) => {
      const parsed = schema.safeParse(toRecord(row));
      if (!parsed.success) throw new Error(`${name}: a row breaks the schema: ${parsed.error.message}`);
      return parsed.data;
    });
  });
}

export const portalSettings = once('portal settings', async (db): Promise<PortalSettings> => {
  const { results } = await db.prepare(PORTAL_SETTINGS_QUERY).all<{ key: string; value: string }>();
  return settingsFromRows(results);
});

// People and places.
/** Every deputy as lists show them: without their activities and motions (the profile's lists). */
export const deputies = records<DeputyListingRow, typeof DeputyListing>(
  'deputies',
  DEPUTY_LISTINGS_QUERY,
  deputyListingRecord,
  DeputyListing,
);

/** Activities read per query: a slice the D1 proxy answers comfortably. */
const ACTIVITY_SLICE = 50_000;

/** The years that have duty activities, newest first: the duty-activities dataset's parts. */
export async function dutyActivityYears(): Promise<string[]> {
  const db = await getBuildDatabase();
  const { results } = await db.prepare(DUTY_ACTIVITY_YEARS_QUERY).all<{ year: string }>();
  return results.map((row) => row.year);
}

/** An activity with its place in the deputy's whole dated record (1 = the deputy's first). */
export interface NumberedActivity {
  activity: DutyActivity;
  n: number;
}

/**
 * One year's duty activities by deputy, in date order (then by title), numbered within each
 * deputy's whole record: only the open dataset reads them, a year at a time, so a city's
 * 600,000 activities are never held at once. Not kept: the caller drops the year once written.
 */
export async function dutyActivitiesOfYear(year: string): Promise<Map<string, NumberedActivity[]>> {
  const db = await getBuildDatabase();
  const from = `${year}-01-01`;
  const until = `${String(Number(year) + 1).padStart(4, '0')}-01-01`;
  const byDeputy = new Map<string, DutyActivity[]>();
  for (let after = 0; ;) {
    const { results } = await db
      .prepare(DUTY_ACTIVITIES_IN_YEAR_QUERY)
      .bind(from, until, after, ACTIVITY_SLICE)
      .all<DutyActivityRow>();
    for (const row of results) {
      const activity = DutyActivity.parse(dutyActivityRecord(row));
      const list = byDeputy.get(row.deputy_id);
      if (list) list.push(activity);
      else byDeputy.set(row.deputy_id, [activity]);
    }
    const last = results.at(-1);
    if (!last || results.length < ACTIVITY_SLICE) break;
    after = last.id;
  }
  const { results: before } = await db
    .prepare(DUTY_ACTIVITIES_BEFORE_QUERY)
    .bind(from)
    .all<{ deputy_id: string; n: number }>();
  const earlier = new Map(before.map((row) => [row.deputy_id, row.n]));
  const numbered = new Map<string, NumberedActivity[]>();
  for (const [deputyId, list] of byDeputy) {
    // Rows come in id order and the sort is stable, so equal date and title keep the id order.
    list.sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.title.localeCompare(b.title));
    const start = earlier.get(deputyId) ?? 0;
    numbered.set(
      deputyId,
      list.map((activity, i) => ({ activity, n: start + i + 1 })),
    );
  }
  return numbered;
}
export const areas = records<AreaRow, typeof AreaRecord>('areas', AREAS_QUERY, areaRecord, AreaRecord);
export const deputyGroups = records<DeputyGroupRow, typeof DeputyGroupRecord>(
  'deputy groups',
  DEPUTY_GROUPS_QUERY,
  deputyGroupRecord,
  DeputyGroupRecord,
);
export const stations = records<StationRow, typeof StationRecord>(
  'stations',
  STATIONS_QUERY,
  stationRecord,
  StationRecord,
);
export const dutyReports = records<DutyReportRow, typeof DutyReportRecord>(
  'duty reports',
  DUTY_REPORTS_QUERY,
  dutyReportRecord,
  DutyReportRecord,
);
export const deputyResponsiveness = records<DeputyResponsivenessRow, typeof DeputyResponsiveness>(
  'deputy responsiveness',
  DEPUTY_RESPONSIVENESS_QUERY,
  deputyResponsivenessRecord,
  DeputyResponsiveness,
);
export const latestReplies = records<LatestReplyRow, typeof ReplyHeadline>(
  'latest replies',
  LATEST_REPLIES_QUERY,
  (row) => ({
    suggestionId: row.suggestion_id,
    kind: row.kind,
    number: row.number,
    title: row.title,
    unitName: row.unit_name,
    repliedOn: row.replied_on,
    resultClass: row.result_class,
  }),
  ReplyHeadline,
);

// Motions and suggestions, units, livelihood projects, the change log and statistics' inputs.
export const suggestions = records<SuggestionRow, typeof SuggestionRecord>(
  'suggestions',
  SUGGESTIONS_QUERY,
  suggestionRecord,
  SuggestionRecord,
);
export const handlingUnits = records<HandlingUnitRow, typeof HandlingUnitRecord>(
  'handling units',
  HANDLING_UNITS_QUERY,
  (row) => ({ id: row.id, name: row.name, kind: row.kind }),
  HandlingUnitRecord,
);
export const congressSessions = records<SessionRow, typeof SessionRecord>(
  'congress sessions',
  SESSIONS_QUERY,
  sessionRecord,
  SessionRecord,
);
export const projectRounds = records<ProjectRoundRow, typeof ProjectRoundRecord>(
  'project rounds',
  PROJECT_ROUNDS_QUERY,
  projectRoundRecord,
  ProjectRoundRecord,
);
export const projectCandidates = records<ProjectCandidateRow, typeof ProjectCandidateRecord>(
  'project candidates',
  PROJECT_CANDIDATES_QUERY,
  projectCandidateRecord,
  ProjectCandidateRecord,
);
export const changeLog = records<ChangeLogRow, typeof ChangeLogEntry>(
  'change log',
  CHANGE_LOG_QUERY,
  changeLogRecord,
  ChangeLogEntry,
);
export const publishes = records<PublishRow, typeof PublishRecord>(
  'publishes',
  PUBLISHES_QUERY,
  (row) => ({
    id: row.id,
    requestedAt: row.requested_at,
    version: row.version,
    status: row.status,
    summary: row.summary,
  }),
  PublishRecord,
);
export const activityYears = records<ActivityYearRow, typeof ActivityYearFact>(
  'activity days per deputy and year',
  ACTIVITY_YEARS_QUERY,
  (row) => ({ deputyId: row.deputy_id, level: row.level, year: row.year, days: row.days }),
  ActivityYearFact,
);
export const termCoverage = records<TermCoverageRow, typeof TermCoverageFact>(
  'duty report coverage per term',
  TERM_COVERAGE_QUERY,
  (row) => ({
    termId: row.term_id,
    termNumber: row.term_number,
    congressName: row.congress_name,
    level: row.level,
    deputies: row.deputies,
    reported: row.reported,
    reports: row.reports,
    meetingReports: row.meeting_reports,
    satisfied: row.satisfied,
    basicallySatisfied: row.basically_satisfied,
    dissatisfied: row.dissatisfied,
  }),
  TermCoverageFact,
);
export const opinionFacts = records<OpinionFactRow, typeof OpinionFact>(
  'opinion timings',
  OPINION_FACTS_QUERY,
  (row) => ({
    id: row.id,
    receivedAt: row.received_at,
    firstRepliedAt: row.first_replied_at,
    status: row.status,
    targetType: row.target_type,
    layer: row.layer,
    category: row.category,
  }),
  OpinionFact,
);

// Participation.
export type { OpinionCategory };

/** The opinion form's categories, in their order. */
export const opinionCategories = once('opinion categories', async (db): Promise<OpinionCategory[]> => {
  const { results } = await db.prepare(OPINION_CATEGORIES_QUERY).all<OpinionCategoryRow>();
  return results.map((row) => ({ id: row.id, ...OpinionCategoryRecord.parse(opinionCategoryRecord(row)) }));
});

export const publishedReplies = records<PublishedReplyRow, typeof PublishedReplyRecord>(
  'published replies',
  PUBLISHED_REPLIES_QUERY,
  publishedReplyRecord,
  PublishedReplyRecord,
);

const ConsoleNotice = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  body: z.string().min(1),
  date: z.iso.date(),
});
export type ConsoleNotice = z.infer<typeof ConsoleNotice>;

/** Notices written in the staff console, newest first. */
export const consoleNotices = records<NoticeRow, typeof ConsoleNotice>(
  'console notices',
  NOTICES_QUERY,
  (row) => ({ id: row.id, title: row.title, body: row.body, date: row.published_on }),
  ConsoleNotice,
);

const WranglerVars = z.object({ vars: z.record(z.string(), z.unknown()) });

/** The retention the Worker applies (CONTACT_RETENTION_DAYS in wrangler.toml), stated on the pages. */
export async function contactRetentionDays(): Promise<number> {
  const { unstable_readConfig } = await import('wrangler');
  // wrangler's published types name its Config from a package it does not ship, so the result
  // is untyped: the one field read here is checked instead.
  const config: unknown = unstable_readConfig({
    config: 'wrangler.toml',
    ...(process.env.PORTAL_D1 === 'remote' ? { env: 'production' } : {}),
  });
  const { vars } = WranglerVars.parse(config);
  const days = Number(vars['CONTACT_RETENTION_DAYS']);
  return Number.isInteger(days) && days > 0 ? days : DEFAULT_CONTACT_RETENTION_DAYS;
}
