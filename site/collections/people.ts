import { defineCollection } from 'astro:content';
import { z } from 'zod';
import { AreaRecord } from '#domain/places.ts';
import { DeputyRecord, DeputyResponsiveness } from '#domain/deputies.ts';
import { DeputyGroupRecord } from '#domain/groups.ts';
import { DutyReportRecord } from '#domain/reports.ts';
import { StationRecord } from '#domain/places.ts';
import { d1Loader, jsonColumn } from '../loaders/d1-loader.ts';
import {
  AREAS_QUERY,
  DEPUTIES_QUERY,
  DEPUTY_GROUPS_QUERY,
  DEPUTY_RESPONSIVENESS_QUERY,
  DUTY_REPORTS_QUERY,
  STATIONS_QUERY,
  type AreaRow,
  type DeputyGroupRow,
  type DeputyResponsivenessRow,
  type DeputyRow,
  type DutyReportRow,
  type StationRow,
} from '../loaders/people-queries.ts';

/** The median of a list of numbers (null when empty). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Deputies, groups, stations, areas and duty reports: the public site's people and places. */
export const peopleCollections = {
  deputies: defineCollection({
    loader: d1Loader<DeputyRow>({
      name: 'deputies',
      query: DEPUTIES_QUERY,
      id: (row) => row.id,
      toRecord: (row) => ({
        id: row.id,
        name: row.name,
        gender: row.gender,
        ethnicity: row.ethnicity,
        birthYear: row.birth_year,
        politicalAffiliation: row.political_affiliation,
        photoPath: row.photo_path,
        level: row.level,
        congressId: row.congress_id,
        congressName: row.congress_name,
        termId: row.term_id,
        termNumber: row.term_number,
        termIsCurrent: row.term_is_current === 1,
        termStartsOn: row.term_starts_on,
        termEndsOn: row.term_ends_on,
        electoralUnit: {
          id: row.electoral_unit_id,
          name: row.electoral_unit_name,
          kind: row.electoral_unit_kind,
        },
        areaIds: jsonColumn(row.area_ids),
        unitPosition: row.unit_position,
        holdsOfficialPost: row.holds_official_post === 1,
        isReelected: row.is_reelected === 1,
        officePhone: row.office_phone,
        officeEmail: row.office_email,
        status: row.status,
        statusSince: row.status_since,
        statusHistory: jsonColumn(row.status_history),
        expertise: jsonColumn(row.expertise),
        groups: jsonColumn(row.groups),
        stationIds: jsonColumn(row.station_ids),
        activities: jsonColumn(row.activities),
        suggestions: jsonColumn(row.suggestions),
        updatedAt: row.updated_at,
      }),
    }),
    schema: DeputyRecord,
  }),
  areas: defineCollection({
    loader: d1Loader<AreaRow>({
      name: 'areas',
      query: AREAS_QUERY,
      id: (row) => row.id,
      toRecord: (row) => ({
        id: row.id,
        parentId: row.parent_id,
        kind: row.kind,
        name: row.name,
        sortOrder: row.sort_order,
      }),
    }),
    schema: AreaRecord,
  }),
  deputyGroups: defineCollection({
    loader: d1Loader<DeputyGroupRow>({
      name: 'deputy groups',
      query: DEPUTY_GROUPS_QUERY,
      id: (row) => row.id,
      toRecord: (row) => ({
        id: row.id,
        name: row.name,
        kind: row.kind,
        congressId: row.congress_id,
        congressName: row.congress_name,
        areaId: row.area_id,
        description: row.description,
        members: jsonColumn(row.members),
      }),
    }),
    schema: DeputyGroupRecord,
  }),
  stations: defineCollection({
    loader: d1Loader<StationRow>({
      name: 'stations',
      query: STATIONS_QUERY,
      id: (row) => row.id,
      toRecord: (row) => ({
        id: row.id,
        name: row.name,
        kind: row.kind,
        areaId: row.area_id,
        address: row.address,
        latitude: row.latitude,
        longitude: row.longitude,
        openingHours: row.opening_hours,
        phone: row.phone,
        starRating: row.star_rating,
        isActive: row.is_active === 1,
        deputyIds: jsonColumn(row.deputy_ids),
        receptionDays: jsonColumn(row.reception_days),
      }),
    }),
    schema: StationRecord,
  }),
  dutyReports: defineCollection({
    loader: d1Loader<DutyReportRow>({
      name: 'duty reports',
      query: DUTY_REPORTS_QUERY,
      id: (row) => row.id,
      toRecord: (row) => ({
        id: row.id,
        deputyId: row.deputy_id,
        year: row.year,
        form: row.form,
        reportedOn: row.reported_on,
        audience: row.audience,
        lawObservance: row.law_observance,
        sessionWork: row.session_work,
        betweenSessionsWork: row.between_sessions_work,
        publicContact: row.public_contact,
        otherMatters: row.other_matters,
        evaluation: {
          satisfied: row.evaluation_satisfied,
          basicallySatisfied: row.evaluation_basically_satisfied,
          dissatisfied: row.evaluation_dissatisfied,
        },
        publishedAt: row.published_at,
        document:
          row.document_name && row.document_type && row.document_bytes
            ? { name: row.document_name, type: row.document_type, bytes: row.document_bytes }
            : null,
      }),
    }),
    schema: DutyReportRecord,
  }),
  deputyResponsiveness: defineCollection({
    loader: d1Loader<DeputyResponsivenessRow>({
      name: 'deputy responsiveness',
      query: DEPUTY_RESPONSIVENESS_QUERY,
      id: (row) => row.deputy_id,
      toRecord: (row) => {
        const days = z.array(z.number()).parse(jsonColumn(row.reply_days));
        return {
          deputyId: row.deputy_id,
          opinionCount: row.opinion_count,
          repliedCount: days.length,
          medianDaysToFirstReply: median(days),
        };
      },
    }),
    schema: DeputyResponsiveness,
  }),
};
