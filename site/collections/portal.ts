import { glob } from 'astro/loaders';
import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { ReplyHeadline } from '#domain/deputies.ts';
import { PortalSettings, settingsFromRows } from '#domain/portal.ts';
import { getBuildDatabase } from '../loaders/build-database.ts';
import { d1Loader } from '../loaders/d1-loader.ts';
import { LATEST_REPLIES_QUERY, type LatestReplyRow } from '../loaders/people-queries.ts';

/** Portal-wide settings (one entry, id "portal"), the editors' MDX news and home page headlines. */
export const portalCollections = {
  settings: defineCollection({
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
  }),
  news: defineCollection({
    loader: glob({ pattern: '**/*.mdx', base: './content/news' }),
    schema: z.object({
      title: z.string(),
      date: z.coerce.date(),
      kind: z.enum(['news', 'notice']).default('news'),
      summary: z.string(),
    }),
  }),
  /** Short notices written in the staff console (table notices), shown with the MDX news. */
  consoleNotices: defineCollection({
    loader: d1Loader<{ id: string; title: string; body: string; published_on: string }>({
      name: 'console notices',
      query: `SELECT id, title, body, published_on FROM notices WHERE is_visible = 1 ORDER BY published_on DESC, id`,
      id: (row) => row.id,
      toRecord: (row) => ({ title: row.title, body: row.body, date: row.published_on }),
    }),
    schema: z.object({ title: z.string().min(1), body: z.string().min(1), date: z.iso.date() }),
  }),
  latestReplies: defineCollection({
    loader: d1Loader<LatestReplyRow>({
      name: 'latest replies',
      query: LATEST_REPLIES_QUERY,
      id: (row) => String(row.reply_id),
      toRecord: (row) => ({
        suggestionId: row.suggestion_id,
        kind: row.kind,
        number: row.number,
        title: row.title,
        unitName: row.unit_name,
        repliedOn: row.replied_on,
        resultClass: row.result_class,
      }),
    }),
    schema: ReplyHeadline,
  }),
};
