import { glob } from 'astro/loaders';
import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { DeputyRecord } from '../functions/deputies/schema.ts';
import { PortalSettings, settingsFromRows } from '../functions/portal/schema.ts';
import { getBuildDatabase } from './loaders/build-database.ts';
import { d1Loader, jsonColumn } from './loaders/d1-loader.ts';
import { DEPUTIES_QUERY, type DeputyRow } from './loaders/queries.ts';

const settings = defineCollection({
  loader: {
    name: 'd1:settings',
    load: async ({ store, parseData }) => {
      const db = await getBuildDatabase();
      const { results } = await db
        .prepare('SELECT key, value FROM portal_settings')
        .all<{ key: string; value: string }>();
      store.clear();
      const data = await parseData({ id: 'portal', data: settingsFromRows(results) });
      store.set({ id: 'portal', data });
    },
  },
  schema: PortalSettings,
});

const deputies = defineCollection({
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
});

const news = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/news' }),
  schema: z.object({
    title: z.string(),
    date: z.coerce.date(),
    kind: z.enum(['news', 'notice']).default('news'),
    summary: z.string(),
  }),
});

export const collections = { settings, deputies, news };
