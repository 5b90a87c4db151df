import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { DEFAULT_CONTACT_RETENTION_DAYS } from '../../functions/lib/retention.ts';
import { OpinionCategoryRecord, PublishedReplyRecord } from '#domain/opinions.ts';
import { d1Loader } from '../loaders/d1-loader.ts';
import { PUBLISHED_REPLIES_QUERY, type PublishedReplyRow } from '../loaders/participation-queries.ts';

/**
 * Build-time data of the participation pages (opinion forms, status lookup, vote page, privacy
 * notice). Addressees come from the deputies and stations collections, rounds and candidates from
 * projectRounds and projectCandidates; only what no other collection has is loaded here.
 */

interface CategoryRow {
  id: string;
  name: string;
  sort_order: number;
}

/** The retention the Worker applies (CONTACT_RETENTION_DAYS in wrangler.toml), stated on the pages. */
async function contactRetentionDays(): Promise<number> {
  const { unstable_readConfig } = await import('wrangler');
  const config = unstable_readConfig({
    config: 'wrangler.toml',
    ...(process.env.PORTAL_D1 === 'remote' ? { env: 'production' } : {}),
  });
  const days = Number(config.vars['CONTACT_RETENTION_DAYS']);
  return Number.isInteger(days) && days > 0 ? days : DEFAULT_CONTACT_RETENTION_DAYS;
}

export const ParticipationSettings = z.object({ contactRetentionDays: z.number().int().positive() });

export const participationCollections = {
  /** The published list of opinion categories (active ones), in their order. */
  opinionCategories: defineCollection({
    loader: d1Loader<CategoryRow>({
      name: 'opinion categories',
      query: `SELECT id, name, sort_order FROM opinion_categories WHERE is_active = 1 ORDER BY sort_order, id`,
      id: (row) => row.id,
      toRecord: (row) => ({ name: row.name, sortOrder: row.sort_order }),
    }),
    schema: OpinionCategoryRecord,
  }),
  /** Replies published with the sender's consent (/opinions/replies/). */
  publishedReplies: defineCollection({
    loader: d1Loader<PublishedReplyRow>({
      name: 'published replies',
      query: PUBLISHED_REPLIES_QUERY,
      id: (row) => String(row.id),
      toRecord: (row) => ({
        number: row.id,
        title: row.title,
        content: row.content,
        targetType: row.target_type,
        deputyId: row.deputy_id,
        stationId: row.station_id,
        targetName: row.target_name,
        categoryId: row.category_id,
        categoryName: row.category_name,
        receivedAt: row.received_at,
        reply: row.public_reply,
        repliedAt: row.public_reply_at,
      }),
    }),
    schema: PublishedReplyRecord,
  }),
  /** One entry, id "participation". */
  participationSettings: defineCollection({
    loader: {
      name: 'participation settings',
      load: async ({ store, parseData }) => {
        store.clear();
        const data = await parseData({
          id: 'participation',
          data: { contactRetentionDays: await contactRetentionDays() },
        });
        store.set({ id: 'participation', data });
      },
    },
    schema: ParticipationSettings,
  }),
};
