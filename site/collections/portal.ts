import { glob } from 'astro/loaders';
import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { PortalSettings, settingsFromRows } from '../../functions/portal/schema.ts';
import { getBuildDatabase } from '../loaders/build-database.ts';

/** Portal-wide settings (one entry, id "portal") and the editors' MDX news. */
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
};
