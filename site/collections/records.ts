import { defineCollection } from 'astro:content';
import { ProjectCandidateRecord, ProjectRoundRecord } from '#domain/projects.ts';
import { ChangeLogEntry } from '#domain/change-log.ts';
import { SessionRecord, SuggestionRecord } from '#domain/suggestions.ts';
import { HandlingUnitRecord } from '#domain/units.ts';
import {
  ActivityYearFact,
  OpinionFact,
  PublishRecord,
  TermCoverageFact,
} from '../lib/records/input-schemas.ts';
import { d1Loader } from '../loaders/d1-loader.ts';
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
  changeLogRecord,
  projectCandidateRecord,
  projectRoundRecord,
  sessionRecord,
  suggestionRecord,
  TERM_COVERAGE_QUERY,
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

/** Motions and suggestions, handling units, livelihood projects and statistics' inputs. */
export const recordsCollections = {
  suggestions: defineCollection({
    loader: d1Loader<SuggestionRow>({
      name: 'suggestions',
      query: SUGGESTIONS_QUERY,
      id: (row) => row.id,
      toRecord: suggestionRecord,
    }),
    schema: SuggestionRecord,
  }),
  handlingUnits: defineCollection({
    loader: d1Loader<HandlingUnitRow>({
      name: 'handling units',
      query: HANDLING_UNITS_QUERY,
      id: (row) => row.id,
      toRecord: (row) => ({ id: row.id, name: row.name, kind: row.kind }),
    }),
    schema: HandlingUnitRecord,
  }),
  congressSessions: defineCollection({
    loader: d1Loader<SessionRow>({
      name: 'congress sessions',
      query: SESSIONS_QUERY,
      id: (row) => row.id,
      toRecord: sessionRecord,
    }),
    schema: SessionRecord,
  }),
  projectRounds: defineCollection({
    loader: d1Loader<ProjectRoundRow>({
      name: 'project rounds',
      query: PROJECT_ROUNDS_QUERY,
      id: (row) => String(row.year),
      toRecord: projectRoundRecord,
    }),
    schema: ProjectRoundRecord,
  }),
  projectCandidates: defineCollection({
    loader: d1Loader<ProjectCandidateRow>({
      name: 'project candidates',
      query: PROJECT_CANDIDATES_QUERY,
      id: (row) => row.id,
      toRecord: projectCandidateRecord,
    }),
    schema: ProjectCandidateRecord,
  }),
  changeLog: defineCollection({
    loader: d1Loader<ChangeLogRow>({
      name: 'change log',
      query: CHANGE_LOG_QUERY,
      id: (row) => String(row.id),
      toRecord: changeLogRecord,
    }),
    schema: ChangeLogEntry,
  }),
  publishes: defineCollection({
    loader: d1Loader<PublishRow>({
      name: 'publishes',
      query: PUBLISHES_QUERY,
      id: (row) => String(row.id),
      toRecord: (row) => ({
        id: row.id,
        requestedAt: row.requested_at,
        version: row.version,
        status: row.status,
        summary: row.summary,
      }),
    }),
    schema: PublishRecord,
  }),
  statsActivityYears: defineCollection({
    loader: d1Loader<ActivityYearRow>({
      name: 'activity days per deputy and year',
      query: ACTIVITY_YEARS_QUERY,
      id: (row) => `${row.year}-${row.deputy_id}`,
      toRecord: (row) => ({ deputyId: row.deputy_id, level: row.level, year: row.year, days: row.days }),
    }),
    schema: ActivityYearFact,
  }),
  statsTermCoverage: defineCollection({
    loader: d1Loader<TermCoverageRow>({
      name: 'duty report coverage per term',
      query: TERM_COVERAGE_QUERY,
      id: (row) => row.term_id,
      toRecord: (row) => ({
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
    }),
    schema: TermCoverageFact,
  }),
  statsOpinions: defineCollection({
    loader: d1Loader<OpinionFactRow>({
      name: 'opinion timings',
      query: OPINION_FACTS_QUERY,
      id: (row) => String(row.id),
      toRecord: (row) => ({
        id: row.id,
        receivedAt: row.received_at,
        firstRepliedAt: row.first_replied_at,
        status: row.status,
        targetType: row.target_type,
        layer: row.layer,
        category: row.category,
      }),
    }),
    schema: OpinionFact,
  }),
};
