import { defineCollection } from 'astro:content';
import { DeputyRecord } from '../../functions/deputies/schema.ts';
import { d1Loader, jsonColumn } from '../loaders/d1-loader.ts';
import { DEPUTIES_QUERY, type DeputyRow } from '../loaders/people-queries.ts';

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
        updatedAt: row.updated_at,
      }),
    }),
    schema: DeputyRecord,
  }),
};
