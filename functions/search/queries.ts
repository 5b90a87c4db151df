/**
 * Search over the published records (migration 0020): the documents the index is rebuilt from,
 * and the query. Statement builders with numbered parameters; rows mapped to typed hits.
 */
// Explicit types (not the Worker's globals): the site's search page, type-checked for Node, runs this too.
import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { ExpertiseField, expertiseLabels } from '#domain/deputies.ts';
import { SuggestionCategory, suggestionCategoryLabels } from '#domain/suggestions.ts';
import { bigramText, matchExpression } from './grams.ts';
import {
  SEARCH_PAGE_SIZE,
  SearchKind,
  type SearchHit,
  type SearchParams,
  type SearchResults,
} from './schema.ts';

export interface SearchDocumentRow {
  kind: string;
  record_id: string;
  url: string;
  title: string;
  summary: string;
  year: number | null;
  body: string;
  /** Codes whose zh-CN labels belong in the text (a deputy's expertise, a suggestion's category). */
  codes: string | null;
}

/**
 * Every record page worth finding, one statement per kind (D1 limits compound SELECTs), each
 * with its searchable text (the parts Pagefind indexed).
 */
export function searchDocumentsQueries(db: D1Database): D1PreparedStatement[] {
  return [
    db.prepare(`
SELECT 'deputy' AS kind, d.id AS record_id, '/deputies/' || d.id || '/' AS url, d.name AS title,
  c.name || '第' || t.number || '届代表' || CASE WHEN d.unit_position <> '' THEN ' · ' || d.unit_position ELSE '' END
    AS summary,
  NULL AS year,
  c.name || ' ' || eu.name || ' ' || d.unit_position || ' ' || d.ethnicity || ' ' ||
    COALESCE((SELECT group_concat(g.name, ' ') FROM deputy_group_members m JOIN deputy_groups g ON g.id = m.group_id
              WHERE m.deputy_id = d.id), '') AS body,
  (SELECT group_concat(field, ' ') FROM deputy_expertise WHERE deputy_id = d.id) AS codes
FROM deputies d JOIN terms t ON t.id = d.term_id JOIN congresses c ON c.id = t.congress_id
JOIN electoral_units eu ON eu.id = d.electoral_unit_id`),
    db.prepare(`
SELECT 'suggestion' AS kind, s.id AS record_id, '/suggestions/' || s.id || '/' AS url, s.title AS title,
  CASE s.kind WHEN 'motion' THEN '议案' ELSE '建议' END || '第' || s.number || '号 · 领衔代表 ' || d.name AS summary,
  CAST(substr(s.filed_on, 1, 4) AS INTEGER) AS year,
  d.name || ' ' || s.body || ' ' ||
    COALESCE((SELECT group_concat(cd.name, ' ') FROM suggestion_cosigners c JOIN deputies cd ON cd.id = c.deputy_id
              WHERE c.suggestion_id = s.id), '') || ' ' ||
    COALESCE((SELECT group_concat(u.name, ' ') FROM suggestion_assignments a JOIN handling_units u ON u.id = a.handling_unit_id
              WHERE a.suggestion_id = s.id), '') AS body,
  s.category AS codes
FROM suggestions s JOIN deputies d ON d.id = s.lead_deputy_id`),
    db.prepare(`
SELECT 'report' AS kind, r.id AS record_id, '/reports/' || r.id || '/' AS url,
  d.name || r.year || '年度履职报告' AS title, '向' || r.audience || '述职' AS summary, r.year AS year,
  r.audience || ' ' || r.law_observance || ' ' || r.session_work || ' ' || r.between_sessions_work || ' ' ||
    r.public_contact || ' ' || r.other_matters AS body,
  NULL AS codes
FROM duty_reports r JOIN deputies d ON d.id = r.deputy_id`),
    db.prepare(`
SELECT 'station' AS kind, s.id AS record_id, '/stations/' || s.id || '/' AS url, s.name AS title,
  s.address AS summary, NULL AS year,
  COALESCE(p.name, '') || ' ' || a.name || ' ' || s.address AS body, NULL AS codes
FROM stations s JOIN areas a ON a.id = s.area_id LEFT JOIN areas p ON p.id = a.parent_id`),
    db.prepare(`
SELECT 'unit' AS kind, u.id AS record_id, '/units/' || u.id || '/' AS url, u.name AS title, '' AS summary,
  NULL AS year, '' AS body, NULL AS codes
FROM handling_units u`),
    db.prepare(`
SELECT 'group' AS kind, g.id AS record_id, '/groups/' || g.id || '/' AS url, g.name AS title,
  substr(g.description, 1, 100) AS summary, NULL AS year,
  g.description || ' ' || COALESCE(a.name, '') AS body, NULL AS codes
FROM deputy_groups g LEFT JOIN areas a ON a.id = g.area_id`),
    db.prepare(`
SELECT 'project' AS kind, p.id AS record_id, '/projects/' || p.round_year || '/' || p.id || '/' AS url,
  p.title AS title, substr(p.description, 1, 100) AS summary, p.round_year AS year, p.description AS body,
  NULL AS codes
FROM project_candidates p`),
    db.prepare(`
SELECT 'area' AS kind, a.id AS record_id, '/areas/' || a.id || '/' AS url, a.name AS title,
  COALESCE(parent.name, '') AS summary, NULL AS year,
  COALESCE(up2.name, '') || ' ' || COALESCE(up1.name, '') || ' ' || COALESCE(parent.name, '') AS body, NULL AS codes
FROM areas a LEFT JOIN areas parent ON parent.id = a.parent_id
LEFT JOIN areas up1 ON up1.id = parent.parent_id LEFT JOIN areas up2 ON up2.id = up1.parent_id`),
  ];
}

/**
 * A rebuild fills the pair of tables beside the live one (migration 0022), then swaps the pairs:
 * the spare pair is emptied before (a failed rebuild may have left rows) and after (it then holds
 * the previous index).
 */
export function clearSpareSearchIndex(db: D1Database): D1PreparedStatement[] {
  return [db.prepare('DELETE FROM search_index_next'), db.prepare('DELETE FROM search_documents_next')];
}

/**
 * The swap, as one batch (one transaction): the filled spare pair becomes the live one and the live
 * one the spare, by renaming. A search sees the whole old index or the whole new one.
 */
export function swapSearchIndex(db: D1Database): D1PreparedStatement[] {
  return [
    db.prepare('ALTER TABLE search_documents RENAME TO search_documents_swap'),
    db.prepare('ALTER TABLE search_documents_next RENAME TO search_documents'),
    db.prepare('ALTER TABLE search_documents_swap RENAME TO search_documents_next'),
    db.prepare('ALTER TABLE search_index RENAME TO search_index_swap'),
    db.prepare('ALTER TABLE search_index_next RENAME TO search_index'),
    db.prepare('ALTER TABLE search_index_swap RENAME TO search_index_next'),
  ];
}

/** D1 binds at most 100 parameters per statement: documents per INSERT of each table. */
const DOCUMENTS_PER_INSERT = 14; // 7 columns
const ENTRIES_PER_INSERT = 33; // 3 columns

/** `(?1, ?2, ?3), (?4, ?5, ?6)`: the numbered placeholders of `rows` rows of `columns` values. */
function placeholders(rows: number, columns: number): string {
  return Array.from(
    { length: rows },
    (_r, i) => `(${Array.from({ length: columns }, (_c, j) => `?${i * columns + j + 1}`).join(', ')})`,
  ).join(', ');
}

/**
 * The documents' rows, many per statement (ids from `firstId` on, shared by a document and its
 * index entry): a few hundred statements for a whole city instead of two per record. They go into
 * the spare pair of tables, which the swap then makes live.
 */
export function insertSearchDocuments(
  db: D1Database,
  firstId: number,
  docs: readonly SearchDocumentRow[],
): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < docs.length; i += DOCUMENTS_PER_INSERT) {
    const part = docs.slice(i, i + DOCUMENTS_PER_INSERT);
    statements.push(
      db
        .prepare(
          `INSERT INTO search_documents_next (id, kind, record_id, url, title, summary, year) VALUES ${placeholders(part.length, 7)}`,
        )
        .bind(
          ...part.flatMap((doc, j) => [
            firstId + i + j,
            doc.kind,
            doc.record_id,
            doc.url,
            doc.title,
            doc.summary.slice(0, 300),
            doc.year,
          ]),
        ),
    );
  }
  for (let i = 0; i < docs.length; i += ENTRIES_PER_INSERT) {
    const part = docs.slice(i, i + ENTRIES_PER_INSERT);
    statements.push(
      db
        .prepare(`INSERT INTO search_index_next (rowid, title, body) VALUES ${placeholders(part.length, 3)}`)
        .bind(
          ...part.flatMap((doc, j) => [
            firstId + i + j,
            bigramText(doc.title),
            bigramText(`${doc.body} ${codeLabels(doc)}`),
          ]),
        ),
    );
  }
  return statements;
}

/** The zh-CN labels of a document's codes: what the page shows for them. */
function codeLabels(doc: SearchDocumentRow): string {
  const codes = (doc.codes ?? '').split(' ').filter(Boolean);
  if (doc.kind === 'deputy') return codes.map((c) => expertiseLabels[ExpertiseField.parse(c)]).join(' ');
  if (doc.kind === 'suggestion')
    return codes.map((c) => suggestionCategoryLabels[SuggestionCategory.parse(c)]).join(' ');
  return '';
}

interface HitRow {
  kind: string;
  url: string;
  title: string;
  summary: string;
  year: number | null;
}

interface CountRow {
  kind: string;
  year: number | null;
  n: number;
}

function toHit(row: HitRow): SearchHit {
  return {
    kind: SearchKind.parse(row.kind),
    url: row.url,
    title: row.title,
    summary: row.summary,
    year: row.year,
  };
}

/**
 * One page of hits: titles equal to the query first (a name typed in full), then titles that
 * contain it, then by BM25 with the title weighted ten times the text (?1 match expression,
 * ?2 kind or NULL, ?3 year or NULL, ?4 the query as typed, ?5 limit, ?6 offset).
 */
function hitsQuery(db: D1Database): D1PreparedStatement {
  return db.prepare(`
SELECT d.kind, d.url, d.title, d.summary, d.year
FROM search_index JOIN search_documents d ON d.id = search_index.rowid
WHERE search_index MATCH ?1 AND (?2 IS NULL OR d.kind = ?2) AND (?3 IS NULL OR d.year = ?3)
ORDER BY d.title = ?4 DESC, instr(d.title, ?4) > 0 DESC, bm25(search_index, 10.0, 1.0), d.id
LIMIT ?5 OFFSET ?6`);
}

/** Matches by kind and year (?1 match expression), for the totals and the filter links. */
function countsQuery(db: D1Database): D1PreparedStatement {
  return db.prepare(`
SELECT d.kind, d.year, COUNT(*) AS n
FROM search_index JOIN search_documents d ON d.id = search_index.rowid
WHERE search_index MATCH ?1
GROUP BY d.kind, d.year`);
}

export async function searchRecords(db: D1Database, params: SearchParams): Promise<SearchResults> {
  const empty: SearchResults = {
    query: params.q,
    total: 0,
    page: 1,
    pageCount: 0,
    hits: [],
    kinds: [],
    years: [],
  };
  const match = matchExpression(params.q);
  if (!match) return empty;
  const offset = (params.page - 1) * SEARCH_PAGE_SIZE;
  // One round trip for the page of hits and the counts (a batch types all its results alike).
  const [hitRows, countRows] = await db.batch<HitRow | CountRow>([
    hitsQuery(db).bind(match, params.kind ?? null, params.year ?? null, params.q, SEARCH_PAGE_SIZE, offset),
    countsQuery(db).bind(match),
  ]);
  const hits = { results: (hitRows?.results ?? []) as HitRow[] };
  const counts = { results: (countRows?.results ?? []) as CountRow[] };
  const kinds = new Map<SearchKind, number>();
  const years = new Map<number, number>();
  let total = 0;
  for (const row of counts.results) {
    const kind = SearchKind.parse(row.kind);
    const inYear = params.year === undefined || row.year === params.year;
    const ofKind = params.kind === undefined || kind === params.kind;
    if (inYear) kinds.set(kind, (kinds.get(kind) ?? 0) + row.n);
    if (ofKind && row.year !== null) years.set(row.year, (years.get(row.year) ?? 0) + row.n);
    if (inYear && ofKind) total += row.n;
  }
  return {
    query: params.q,
    total,
    page: params.page,
    pageCount: Math.ceil(total / SEARCH_PAGE_SIZE),
    hits: hits.results.map(toHit),
    kinds: [...kinds].map(([kind, count]) => ({ kind, count })),
    years: [...years].sort((a, b) => b[0] - a[0]).map(([year, count]) => ({ year, count })),
  };
}
