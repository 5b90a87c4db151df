import { glob } from 'astro/loaders';
import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';

// Only the editors' MDX news lives in Astro's content layer. Everything from D1 is read at build
// time through site/lib/published.ts (the named queries of site/loaders/*-queries.ts) and by the
// Worker's pages through site/lib/live/, so no record is copied into the content store.
export const collections = {
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
