import { defineCollection } from 'astro:content';
import { DeputyRecord, DeputyResponsiveness } from '#domain/deputies.ts';
import { DeputyGroupRecord } from '#domain/groups.ts';
import { AreaRecord, StationRecord } from '#domain/places.ts';
import { DutyReportRecord } from '#domain/reports.ts';
import { d1Loader } from '../loaders/d1-loader.ts';
import {
  AREAS_QUERY,
  DEPUTIES_QUERY,
  DEPUTY_GROUPS_QUERY,
  DEPUTY_RESPONSIVENESS_QUERY,
  DUTY_REPORTS_QUERY,
  STATIONS_QUERY,
  areaRecord,
  deputyGroupRecord,
  deputyRecord,
  deputyResponsivenessRecord,
  dutyReportRecord,
  stationRecord,
  type AreaRow,
  type DeputyGroupRow,
  type DeputyResponsivenessRow,
  type DeputyRow,
  type DutyReportRow,
  type StationRow,
} from '../loaders/people-queries.ts';

/** Deputies, groups, stations, areas and duty reports: the public site's people and places. */
export const peopleCollections = {
  deputies: defineCollection({
    loader: d1Loader<DeputyRow>({
      name: 'deputies',
      query: DEPUTIES_QUERY,
      id: (row) => row.id,
      toRecord: deputyRecord,
    }),
    schema: DeputyRecord,
  }),
  areas: defineCollection({
    loader: d1Loader<AreaRow>({
      name: 'areas',
      query: AREAS_QUERY,
      id: (row) => row.id,
      toRecord: areaRecord,
    }),
    schema: AreaRecord,
  }),
  deputyGroups: defineCollection({
    loader: d1Loader<DeputyGroupRow>({
      name: 'deputy groups',
      query: DEPUTY_GROUPS_QUERY,
      id: (row) => row.id,
      toRecord: deputyGroupRecord,
    }),
    schema: DeputyGroupRecord,
  }),
  stations: defineCollection({
    loader: d1Loader<StationRow>({
      name: 'stations',
      query: STATIONS_QUERY,
      id: (row) => row.id,
      toRecord: stationRecord,
    }),
    schema: StationRecord,
  }),
  dutyReports: defineCollection({
    loader: d1Loader<DutyReportRow>({
      name: 'duty reports',
      query: DUTY_REPORTS_QUERY,
      id: (row) => row.id,
      toRecord: dutyReportRecord,
    }),
    schema: DutyReportRecord,
  }),
  deputyResponsiveness: defineCollection({
    loader: d1Loader<DeputyResponsivenessRow>({
      name: 'deputy responsiveness',
      query: DEPUTY_RESPONSIVENESS_QUERY,
      id: (row) => row.deputy_id,
      toRecord: deputyResponsivenessRecord,
    }),
    schema: DeputyResponsiveness,
  }),
};
