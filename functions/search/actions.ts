import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import {
  clearSpareSearchIndex,
  insertSearchDocuments,
  searchDocumentsQueries,
  type SearchDocumentRow,
  swapSearchIndex,
} from './queries.ts';

/** Statements per D1 batch while writing the index (each writes up to 33 rows). */
const BATCH_STATEMENTS = 200;

/**
 * Rebuilds the search index from the live tables (the published state): every record page's
 * document, its title and text as bigrams. Run at publish (scripts/build.ts, which every publish
 * runs) and by anything else that changes the live tables in bulk (the demo loader's build).
 * It fills the spare pair of tables over several batches while searches keep using the live pair,
 * then swaps the pairs in one batch, so a search never sees a partial index.
 */
export async function rebuildSearchIndex(
  db: D1Database,
  /** Pages whose text is not in D1 (the news, from content/news). */
  extra: readonly SearchDocumentRow[] = [],
): Promise<number> {
  const kinds = await db.batch<SearchDocumentRow>(searchDocumentsQueries(db));
  const results = [...kinds.flatMap((kind) => kind.results), ...extra];
  const statements: D1PreparedStatement[] = [
    ...clearSpareSearchIndex(db),
    ...insertSearchDocuments(db, 1, results),
  ];
  for (let i = 0; i < statements.length; i += BATCH_STATEMENTS) {
    await db.batch(statements.slice(i, i + BATCH_STATEMENTS));
  }
  await db.batch(swapSearchIndex(db));
  // The previous index, now the spare, is not kept: it would double the index's share of the database.
  await db.batch(clearSpareSearchIndex(db));
  return results.length;
}
