import type { FieldValue } from '../../changes/fields.ts';
import { readBatch, rows } from '../../lib/d1.ts';
import type { EntityRule } from '../../changes/rules.ts';
import type { OptionSource, RecordForm } from './forms.ts';

/**
 * Reads of the records console. Table and column names come only from registered entity rules and
 * the fixed form descriptions (plain identifiers, checked again here); every value is a parameter.
 */

const IDENT = /^[a-z_]+$/;
/** A record id as typed in the search box. */
const ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return name;
}

export interface ListedRecord {
  id: string;
  values: Record<string, FieldValue>;
  /** Whether a drafted or confirmed change is waiting on it. */
  pending: boolean;
}

/** One page of records, one more than asked to know whether there is a next page. */
export async function listRecords(
  db: D1Database,
  rule: EntityRule,
  form: RecordForm,
  filter: { q: string | null; limit: number; offset: number; station: string | null },
): Promise<ListedRecord[]> {
  const columns = form.list.map(ident);
  // Station staff see their own station's records only; a type without a station column shows
  // them nothing (the routes refuse it before this).
  const station = rule.stationColumn ? `t.${ident(rule.stationColumn)}` : 'NULL';
  const key = ident(rule.key);
  // Three shapes of the search, each its own statement so SQLite plans it for what it is: none
  // (walk the order), an id (the exact column's index or the key), other words (the text column).
  const exact = form.exactSearch && filter.q !== null && ID.test(filter.q) ? ident(form.exactSearch) : null;
  const match =
    filter.q === null
      ? '?1 IS NULL'
      : exact
        ? `(t.${exact} = ?1 OR t.${key} = ?1)`
        : `(t.${ident(form.search)} LIKE '%' || ?1 || '%' OR CAST(t.${key} AS TEXT) = ?1)`;
  const { results } = await db
    .prepare(
      `SELECT CAST(t.${key} AS TEXT) AS _id, ${columns.map((c) => `t.${c}`).join(', ')},
         EXISTS (SELECT 1 FROM official_changes c WHERE c.entity_type = ?4 AND c.entity_id = CAST(t.${key} AS TEXT)
           AND c.state IN ('drafted', 'confirmed')) AS _pending
       FROM ${ident(rule.table)} t
       WHERE ${match}
         AND (?5 IS NULL OR ${station} IS ?5)
       ORDER BY t.${ident(form.order)}${rule.keyKind === 'integer' ? ' DESC' : ''}, t.${ident(rule.key)} LIMIT ?2 OFFSET ?3`,
    )
    .bind(filter.q, filter.limit, filter.offset, rule.type, filter.station)
    .all<Record<string, FieldValue>>();
  return results.map((row) => ({
    id: String(row._id),
    values: Object.fromEntries(columns.map((c) => [c, row[c] ?? null])),
    pending: row._pending === 1,
  }));
}

export interface Option {
  value: string;
  label: string;
}

/** A record's display name for headings (the first list column). */
export async function recordTitle(
  db: D1Database,
  rule: EntityRule,
  form: RecordForm,
  id: string | number,
): Promise<string | null> {
  const column = ident(form.list[0] ?? rule.key);
  const row = await db
    .prepare(
      `SELECT CAST(${column} AS TEXT) AS title FROM ${ident(rule.table)} WHERE ${ident(rule.key)} = ?1`,
    )
    .bind(id)
    .first<{ title: string | null }>();
  return row ? (row.title ?? String(id)) : null;
}

/** Choices for a select, from a fixed query per source. */
export async function listOptions(
  db: D1Database,
  source: OptionSource,
  context: { stationId: string | null; scope: string | null },
): Promise<Option[]> {
  const statement = {
    areas: db.prepare(
      'SELECT id AS value, name AS label FROM areas ORDER BY kind, sort_order, name LIMIT 3000',
    ),
    // Station staff are offered their own station only.
    stations: db
      .prepare(
        'SELECT id AS value, name AS label FROM stations WHERE ?1 IS NULL OR id = ?1 ORDER BY is_active DESC, name LIMIT 3000',
      )
      .bind(context.scope),
    deputies: db.prepare(
      "SELECT id AS value, name || '（' || id || '）' AS label FROM deputies ORDER BY status = 'serving' DESC, name LIMIT 5000",
    ),
    terms: db.prepare(
      `SELECT t.id AS value, c.name || ' 第' || t.number || '届' AS label FROM terms t JOIN congresses c ON c.id = t.congress_id
       ORDER BY t.starts_on DESC LIMIT 500`,
    ),
    congresses: db.prepare(
      'SELECT id AS value, name AS label FROM congresses ORDER BY sort_order, name LIMIT 500',
    ),
    // Electoral units and constituencies of every term (a few hundred per term in a city).
    electoral_units: db.prepare(
      `SELECT e.id AS value, e.name || '（第' || t.number || '届）' AS label FROM electoral_units e
       JOIN terms t ON t.id = e.term_id ORDER BY t.starts_on DESC, e.name LIMIT 3000`,
    ),
    // A few hundred units in a city: a select is fine.
    handling_units: db.prepare(
      'SELECT id AS value, name AS label FROM handling_units ORDER BY name LIMIT 3000',
    ),
    station_deputies: db
      .prepare(
        `SELECT d.id AS value, d.name || '（' || d.id || '）' AS label FROM station_deputies sd JOIN deputies d ON d.id = sd.deputy_id
         WHERE sd.station_id = ?1 ORDER BY d.name LIMIT 500`,
      )
      .bind(context.stationId),
  }[source];
  const { results } = await statement.all<Option>();
  return results;
}

// ---------------------------------------------------------------------------------------------
// A suggestion's handling, shown below its form and its replies' forms

export interface HandlingReplyRow {
  id: number;
  round: number;
  unit_id: string;
  /** Whether the unit is the suggestion's lead unit (主办). */
  is_lead: number;
  unit_name: string;
  replied_on: string;
  result_class: string | null;
}

export interface HandlingCommitmentRow {
  id: string;
  description: string;
  status: string;
  due_on: string;
}

export interface HandlingRatingRow {
  /** The rating's key in the lifecycle ("<suggestion id>-r<round>", migration 0029). */
  id: string;
  round: number;
  rated_on: string | null;
  satisfaction: string | null;
  /** A published rating, or a new one waiting for its publish. */
  pending: number;
}

export interface SuggestionHandling {
  replies: HandlingReplyRow[];
  ratings: HandlingRatingRow[];
  commitments: HandlingCommitmentRow[];
}

/** A suggestion's replies, round by round, and its commitments (both by index on suggestion_id). */
export async function readSuggestionHandling(
  db: D1Database,
  suggestionId: string,
): Promise<SuggestionHandling> {
  // A suggestion has at most nine rounds: their rating keys, for the drafts of new ratings.
  const ratingKeys = JSON.stringify(Array.from({ length: 9 }, (_, i) => `${suggestionId}-r${String(i + 1)}`));
  const [replies, ratings, commitments] = await readBatch(db, [
    rows<HandlingReplyRow>(
      db
        .prepare(
          `SELECT r.id, r.round, r.handling_unit_id AS unit_id,
             EXISTS (SELECT 1 FROM suggestion_assignments a WHERE a.suggestion_id = r.suggestion_id
               AND a.handling_unit_id = r.handling_unit_id AND a.role = 'lead') AS is_lead,
             u.name AS unit_name, r.replied_on, r.result_class
           FROM suggestion_replies r JOIN handling_units u ON u.id = r.handling_unit_id
           WHERE r.suggestion_id = ?1 ORDER BY r.round, u.name LIMIT 200`,
        )
        .bind(suggestionId),
    ),
    // Published ratings (by the primary key), then new ones drafted and not yet published (by the
    // open-change index on the rating's key).
    rows<HandlingRatingRow>(
      db
        .prepare(
          `SELECT t.id, t.round, t.rated_on, t.satisfaction,
             EXISTS (SELECT 1 FROM official_changes c WHERE c.entity_type = 'suggestion_rating' AND c.entity_id = t.id
               AND c.state IN ('drafted', 'confirmed')) AS pending
           FROM suggestion_ratings t WHERE t.suggestion_id = ?1
           UNION ALL
           SELECT c.entity_id, CAST(json_extract(c.after_json, '$.round') AS INTEGER), NULL, NULL, 1
           FROM official_changes c
           WHERE c.entity_type = 'suggestion_rating' AND c.action = 'create' AND c.state IN ('drafted', 'confirmed')
             AND c.entity_id IN (SELECT value FROM json_each(?2))
           ORDER BY 2`,
        )
        .bind(suggestionId, ratingKeys),
    ),
    rows<HandlingCommitmentRow>(
      db
        .prepare(
          'SELECT id, description, status, due_on FROM commitments WHERE suggestion_id = ?1 ORDER BY due_on, id LIMIT 200',
        )
        .bind(suggestionId),
    ),
  ]);
  return { replies, ratings, commitments };
}

export interface ReplyContext {
  suggestion_id: string;
  title: string;
  unit_name: string;
  round: number;
}

export interface RatingContext {
  suggestion_id: string;
  title: string;
}

/** The suggestion a rating (or a new rating's draft) belongs to, for its page. */
export function readRatingContext(db: D1Database, suggestionId: string): Promise<RatingContext | null> {
  return db
    .prepare('SELECT id AS suggestion_id, title FROM suggestions WHERE id = ?1')
    .bind(suggestionId)
    .first<RatingContext>();
}

/** Which suggestion, unit and round a reply belongs to, for its edit page. */
export function readReplyContext(db: D1Database, replyId: number): Promise<ReplyContext | null> {
  return db
    .prepare(
      `SELECT r.suggestion_id, s.title, u.name AS unit_name, r.round
       FROM suggestion_replies r JOIN suggestions s ON s.id = r.suggestion_id
       JOIN handling_units u ON u.id = r.handling_unit_id WHERE r.id = ?1`,
    )
    .bind(replyId)
    .first<ReplyContext>();
}

// ---------------------------------------------------------------------------------------------
// A group's members and their roles, below the group's form

export interface GroupMemberRow {
  /** The membership's key in the lifecycle ("<group id>.<deputy id>", migration 0030). */
  id: string;
  deputy_id: string;
  name: string;
  role: string;
  /** Whether a role change waits for a publish. */
  pending: number;
}

/** A group's members, leader first (by the primary key's group_id). */
export async function readGroupMembers(db: D1Database, groupId: string): Promise<GroupMemberRow[]> {
  const { results } = await db
    .prepare(
      `SELECT m.id, m.deputy_id, d.name, m.role,
         EXISTS (SELECT 1 FROM official_changes c WHERE c.entity_type = 'group_member' AND c.entity_id = m.id
           AND c.state IN ('drafted', 'confirmed')) AS pending
       FROM deputy_group_members m JOIN deputies d ON d.id = m.deputy_id
       WHERE m.group_id = ?1
       ORDER BY CASE m.role WHEN 'leader' THEN 0 WHEN 'vice_leader' THEN 1 WHEN 'liaison' THEN 2 ELSE 3 END, d.name
       LIMIT 500`,
    )
    .bind(groupId)
    .all<GroupMemberRow>();
  return results;
}
