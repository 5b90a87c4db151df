import type { Loader } from 'astro/loaders';
import { getBuildDatabase } from './build-database.ts';

export interface D1LoaderOptions<Row> {
  /** Loader name shown in Astro's logs. */
  name: string;
  /** One SQL query returning one row per entry; nested lists come back as JSON text. */
  query: string;
  /** The entry id (stable, used in URLs). */
  id: (row: Row) => string;
  /** Turns a raw row into the record the collection schema validates. */
  toRecord: (row: Row) => Record<string, unknown>;
}

/**
 * A content loader reading structured records from D1. Every row goes through `parseData`,
 * so a row that breaks the shared zod schema fails the build instead of publishing bad data.
 */
export function d1Loader<Row>(options: D1LoaderOptions<Row>): Loader {
  return {
    name: `d1:${options.name}`,
    load: async ({ store, parseData, generateDigest, logger }) => {
      const db = await getBuildDatabase();
      const startedAt = Date.now();
      const { results } = await db.prepare(options.query).all<Row>();
      store.clear();
      for (const row of results) {
        const id = options.id(row);
        const data = await parseData({ id, data: options.toRecord(row) });
        store.set({ id, data, digest: generateDigest(data) });
      }
      logger.info(`${results.length} entries from D1 in ${Date.now() - startedAt} ms`);
    },
  };
}

export { jsonColumn } from './json-column.ts';
