import type { z } from 'zod';
import { classifyD1Error, locateFailingUnit } from '../../lib/d1.ts';
import { ApiError } from '../../lib/errors.ts';
import { auditEntry } from '../audit/queries.ts';
import type { StaffUser } from '../auth/schema.ts';
import { sha256Hex } from '../security.ts';
import {
  type ActivityRow,
  activityColumns,
  ActivityRow as ActivityRowSchema,
  type Columns,
  type ImportKind,
  type ImportReport,
  informationalHeaders,
  type RosterRow,
  rosterColumns,
  RosterRow as RosterRowSchema,
  type RowError,
  type SuggestionRow,
  suggestionColumns,
  SuggestionRow as SuggestionRowSchema,
} from './schema.ts';
import { exportCell, FileProblem, parseRows, readUploadedSheet } from './table.ts';
import type { CellValue } from '../../lib/xlsx.ts';

/**
 * Imports are planned, then written: the plan (the dry run) reads the file, validates every row,
 * checks references against the database and compares each row with what is stored; the write is
 * one db.batch of upserts keyed by the natural keys, whose DO UPDATE only fires when something
 * differs, so importing the same file twice changes nothing the second time.
 */

/** JSON handed to SQLite per statement; rows are chunked to stay well inside D1's limits. */
const CHUNK_BYTES = 400_000;

function chunks<T>(rows: T[]): string[] {
  const out: string[] = [];
  let current: T[] = [];
  let size = 2;
  for (const row of rows) {
    const length = JSON.stringify(row).length + 1;
    if (current.length > 0 && size + length > CHUNK_BYTES) {
      out.push(JSON.stringify(current));
      current = [];
      size = 2;
    }
    current.push(row);
    size += length;
  }
  if (current.length > 0) out.push(JSON.stringify(current));
  return out;
}

/** Values that are not in the given table's id column. */
async function missingIds(
  db: D1Database,
  table: string,
  column: string,
  ids: Iterable<string>,
): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const { results } = await db
    .prepare(`SELECT value FROM json_each(?1) WHERE value NOT IN (SELECT ${column} FROM ${table})`)
    .bind(JSON.stringify(unique))
    .all<{ value: string }>();
  return new Set(results.map((r) => r.value));
}

function sameRow(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

interface Planned<Row> {
  row: number;
  value: Row;
  key: string;
  change: 'insert' | 'update' | 'unchanged';
}

export interface ExportOptions {
  /** Activities only: one calendar year, so a busy list stays small enough to re-import. */
  year?: number | undefined;
}

interface ImportKindHandler<Row extends Record<string, unknown>> {
  columns: Columns<Row>;
  schema: z.ZodType<Row>;
  naturalKey(row: Row): string;
  describeKey(row: Row): string;
  /** Row errors for references the database does not know. */
  checkReferences(db: D1Database, rows: Array<{ row: number; value: Row }>): Promise<RowError[]>;
  /** The stored rows with these natural keys, in row shape (what an export would show). */
  existing(db: D1Database, rows: Row[]): Promise<Map<string, Row>>;
  /** What will be written for a file row given the stored one (e.g. keeping parts left blank). */
  effective(row: Row, stored: Row | undefined): Row;
  write(
    db: D1Database,
    planned: Array<Planned<Row>>,
    stored: Map<string, Row>,
  ): Promise<D1PreparedStatement[]>;
  exportRows(
    db: D1Database,
    options: ExportOptions,
  ): Promise<Array<{ value: Row; extra: Record<string, CellValue> }>>;
}

// ---------------------------------------------------------------------------------------------
// 代表名册

interface DeputyDbRow {
  id: string;
  name: string;
  gender: 'male' | 'female';
  ethnicity: string;
  birth_year: number | null;
  political_affiliation: string | null;
  term_id: string;
  electoral_unit_id: string;
  unit_position: string;
  sector: RosterRow['sector'];
  holds_official_post: number;
  is_reelected: number;
  office_phone: string | null;
  office_email: string | null;
  status: RosterRow['status'];
  status_since: string;
}

const DEPUTY_COLUMNS = `id, name, gender, ethnicity, birth_year, political_affiliation, term_id, electoral_unit_id,
  unit_position, sector, holds_official_post, is_reelected, office_phone, office_email, status, status_since`;

function toRosterRow(r: DeputyDbRow): RosterRow {
  return {
    id: r.id,
    name: r.name,
    gender: r.gender,
    ethnicity: r.ethnicity,
    birthYear: r.birth_year,
    politicalAffiliation: r.political_affiliation,
    termId: r.term_id,
    electoralUnitId: r.electoral_unit_id,
    unitPosition: r.unit_position,
    sector: r.sector,
    holdsOfficialPost: r.holds_official_post === 1,
    isReelected: r.is_reelected === 1,
    officePhone: r.office_phone,
    officeEmail: r.office_email,
    status: r.status,
    statusSince: r.status_since,
  };
}

const roster: ImportKindHandler<RosterRow> = {
  columns: rosterColumns,
  schema: RosterRowSchema,
  naturalKey: (row) => row.id,
  describeKey: (row) => `代表编号 ${row.id}`,
  async checkReferences(db, rows) {
    const errors: RowError[] = [];
    const missingTerms = await missingIds(
      db,
      'terms',
      'id',
      rows.map((r) => r.value.termId),
    );
    const pairs = [...new Set(rows.map((r) => JSON.stringify([r.value.electoralUnitId, r.value.termId])))];
    const { results } = pairs.length
      ? await db
          .prepare(
            `SELECT j.value AS pair FROM json_each(?1) j WHERE NOT EXISTS (SELECT 1 FROM electoral_units e
               WHERE e.id = json_extract(j.value, '$[0]') AND e.term_id = json_extract(j.value, '$[1]'))`,
          )
          .bind(JSON.stringify(pairs.map((p) => JSON.parse(p) as unknown)))
          .all<{ pair: string }>()
      : { results: [] };
    const badPairs = new Set(results.map((r) => JSON.stringify(JSON.parse(r.pair) as unknown)));
    for (const { row, value } of rows) {
      if (missingTerms.has(value.termId)) {
        errors.push({ row, column: '届次编号', message: `系统中没有届次“${value.termId}”。` });
      } else if (badPairs.has(JSON.stringify([value.electoralUnitId, value.termId]))) {
        errors.push({
          row,
          column: '选举单位编号',
          message: `该届次下没有选举单位“${value.electoralUnitId}”。`,
        });
      }
    }
    return errors;
  },
  async existing(db, rows) {
    const map = new Map<string, RosterRow>();
    for (const chunk of chunks(rows.map((r) => r.id))) {
      const { results } = await db
        .prepare(`SELECT ${DEPUTY_COLUMNS} FROM deputies WHERE id IN (SELECT value FROM json_each(?1))`)
        .bind(chunk)
        .all<DeputyDbRow>();
      for (const r of results) map.set(r.id, toRosterRow(r));
    }
    return map;
  },
  effective: (row) => row,
  async write(db, planned, stored) {
    const rows = planned.map((p) => ({
      ...p.value,
      holdsOfficialPost: p.value.holdsOfficialPost ? 1 : 0,
      isReelected: p.value.isReelected ? 1 : 0,
    }));
    // A new deputy, or a new status, gets a dated entry in the status history.
    const statusEvents = planned
      .filter(
        (p) =>
          stored.get(p.key)?.status !== p.value.status ||
          stored.get(p.key)?.statusSince !== p.value.statusSince,
      )
      .map((p) => ({ id: p.value.id, status: p.value.status, since: p.value.statusSince }));
    const statements: D1PreparedStatement[] = [];
    for (const chunk of chunks(rows)) {
      statements.push(
        db
          .prepare(
            `INSERT INTO deputies (${DEPUTY_COLUMNS})
             SELECT j.value->>'id', j.value->>'name', j.value->>'gender', j.value->>'ethnicity', j.value->>'birthYear',
               j.value->>'politicalAffiliation', j.value->>'termId', j.value->>'electoralUnitId', j.value->>'unitPosition',
               j.value->>'sector', j.value->>'holdsOfficialPost', j.value->>'isReelected', j.value->>'officePhone',
               j.value->>'officeEmail', j.value->>'status', j.value->>'statusSince'
             FROM json_each(?1) j WHERE true
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, gender = excluded.gender, ethnicity = excluded.ethnicity,
               birth_year = excluded.birth_year, political_affiliation = excluded.political_affiliation,
               term_id = excluded.term_id, electoral_unit_id = excluded.electoral_unit_id,
               unit_position = excluded.unit_position, sector = excluded.sector,
               holds_official_post = excluded.holds_official_post, is_reelected = excluded.is_reelected,
               office_phone = excluded.office_phone, office_email = excluded.office_email, status = excluded.status,
               status_since = excluded.status_since, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
             WHERE (deputies.name, deputies.gender, deputies.ethnicity, deputies.birth_year, deputies.political_affiliation,
               deputies.term_id, deputies.electoral_unit_id, deputies.unit_position, deputies.sector,
               deputies.holds_official_post, deputies.is_reelected, deputies.office_phone, deputies.office_email,
               deputies.status, deputies.status_since)
             IS NOT (excluded.name, excluded.gender, excluded.ethnicity, excluded.birth_year, excluded.political_affiliation,
               excluded.term_id, excluded.electoral_unit_id, excluded.unit_position, excluded.sector,
               excluded.holds_official_post, excluded.is_reelected, excluded.office_phone, excluded.office_email,
               excluded.status, excluded.status_since)`,
          )
          .bind(chunk),
      );
    }
    for (const chunk of chunks(statusEvents)) {
      statements.push(
        db
          .prepare(
            `INSERT INTO deputy_status_events (deputy_id, status, effective_on, reason)
             SELECT j.value->>'id', j.value->>'status', j.value->>'since', '名册导入' FROM json_each(?1) j WHERE true
             ON CONFLICT (deputy_id, effective_on, status) DO NOTHING`,
          )
          .bind(chunk),
      );
    }
    return statements;
  },
  async exportRows(db) {
    const { results } = await db
      .prepare(`SELECT ${DEPUTY_COLUMNS} FROM deputies ORDER BY id`)
      .all<DeputyDbRow>();
    return results.map((r) => ({ value: toRosterRow(r), extra: {} }));
  },
};

// ---------------------------------------------------------------------------------------------
// 履职活动

interface ActivityDbRow {
  deputy_id: string;
  occurred_on: string;
  type: ActivityRow['type'];
  days: number;
  title: string;
  deputy_name?: string;
}

function toActivityRow(r: ActivityDbRow): ActivityRow {
  return { deputyId: r.deputy_id, occurredOn: r.occurred_on, type: r.type, days: r.days, title: r.title };
}

const activityKey = (row: ActivityRow): string => JSON.stringify([row.deputyId, row.occurredOn, row.title]);

const activities: ImportKindHandler<ActivityRow> = {
  columns: activityColumns,
  schema: ActivityRowSchema,
  naturalKey: activityKey,
  describeKey: (row) => `${row.deputyId} ${row.occurredOn}“${row.title}”`,
  async checkReferences(db, rows) {
    const missing = await missingIds(
      db,
      'deputies',
      'id',
      rows.map((r) => r.value.deputyId),
    );
    return rows
      .filter((r) => missing.has(r.value.deputyId))
      .map((r) => ({
        row: r.row,
        column: '代表编号',
        message: `系统中没有代表“${r.value.deputyId}”，请先导入代表名册。`,
      }));
  },
  async existing(db, rows) {
    const map = new Map<string, ActivityRow>();
    for (const chunk of chunks(rows.map((r) => [r.deputyId, r.occurredOn, r.title]))) {
      const { results } = await db
        .prepare(
          `SELECT a.deputy_id, a.occurred_on, a.type, a.days, a.title FROM duty_activities a
           JOIN json_each(?1) j ON a.deputy_id = json_extract(j.value, '$[0]')
             AND a.occurred_on = json_extract(j.value, '$[1]') AND a.title = json_extract(j.value, '$[2]')`,
        )
        .bind(chunk)
        .all<ActivityDbRow>();
      for (const r of results) {
        const row = toActivityRow(r);
        map.set(activityKey(row), row);
      }
    }
    return map;
  },
  effective: (row) => row,
  async write(db, planned) {
    return chunks(planned.map((p) => p.value)).map((chunk) =>
      db
        .prepare(
          `INSERT INTO duty_activities (deputy_id, type, occurred_on, days, title)
           SELECT j.value->>'deputyId', j.value->>'type', j.value->>'occurredOn', j.value->>'days', j.value->>'title'
           FROM json_each(?1) j WHERE true
           ON CONFLICT (deputy_id, occurred_on, title) DO UPDATE SET type = excluded.type, days = excluded.days
           WHERE duty_activities.type IS NOT excluded.type OR duty_activities.days IS NOT excluded.days`,
        )
        .bind(chunk),
    );
  },
  async exportRows(db, options) {
    const { results } = await db
      .prepare(
        `SELECT a.deputy_id, a.occurred_on, a.type, a.days, a.title, d.name AS deputy_name
         FROM duty_activities a JOIN deputies d ON d.id = a.deputy_id
         WHERE ?1 IS NULL OR substr(a.occurred_on, 1, 4) = ?1
         ORDER BY a.occurred_on, a.deputy_id, a.title LIMIT 100000`,
      )
      .bind(options.year === undefined ? null : String(options.year))
      .all<ActivityDbRow>();
    return results.map((r) => ({ value: toActivityRow(r), extra: { 代表姓名: r.deputy_name ?? null } }));
  },
};

// ---------------------------------------------------------------------------------------------
// 建议办理台账

interface LedgerDbRow {
  id: string;
  session_id: string;
  kind: SuggestionRow['kind'];
  number: number;
  title: string;
  body: string;
  category: SuggestionRow['category'];
  lead_deputy_id: string;
  lead_name: string;
  filed_on: string;
  status: SuggestionRow['status'];
  key_supervision_leader: string | null;
  s_result_class: SuggestionRow['resultClass'];
  s_satisfaction: SuggestionRow['satisfaction'];
  handling_unit_id: string | null;
  unit_name: string | null;
  assigned_on: string | null;
  due_on: string | null;
  round: number | null;
  replied_on: string | null;
  r_result_class: SuggestionRow['resultClass'];
  reply_body: string | null;
  rated_on: string | null;
  rating: SuggestionRow['satisfaction'];
  commitment_id: string | null;
  commitment: string | null;
  commitment_due_on: string | null;
  commitment_status: SuggestionRow['commitmentStatus'];
  commitment_kept_on: string | null;
  commitment_evidence: string | null;
}

/** One ledger line per suggestion: the lead unit, its latest reply round, that round's rating, the first commitment. */
const LEDGER_SELECT = `SELECT s.id, s.session_id, s.kind, s.number, s.title, s.body, s.category, s.lead_deputy_id,
    d.name AS lead_name, s.filed_on, s.status, s.key_supervision_leader, s.result_class AS s_result_class,
    s.satisfaction AS s_satisfaction, a.handling_unit_id, h.name AS unit_name, a.assigned_on, a.due_on,
    r.round, r.replied_on, r.result_class AS r_result_class, r.body AS reply_body, rt.rated_on,
    rt.satisfaction AS rating, c.id AS commitment_id, c.description AS commitment, c.due_on AS commitment_due_on,
    c.status AS commitment_status, c.kept_on AS commitment_kept_on,
    NULLIF(c.evidence, '') AS commitment_evidence
  FROM suggestions s
  JOIN deputies d ON d.id = s.lead_deputy_id
  LEFT JOIN suggestion_assignments a ON a.suggestion_id = s.id AND a.role = 'lead'
  LEFT JOIN handling_units h ON h.id = a.handling_unit_id
  LEFT JOIN suggestion_replies r ON r.id = (SELECT x.id FROM suggestion_replies x
    WHERE x.suggestion_id = s.id AND x.handling_unit_id = a.handling_unit_id ORDER BY x.round DESC LIMIT 1)
  LEFT JOIN suggestion_ratings rt ON rt.suggestion_id = s.id AND rt.round = r.round
  LEFT JOIN commitments c ON c.id = (SELECT y.id FROM commitments y WHERE y.suggestion_id = s.id ORDER BY y.id LIMIT 1)`;

function toLedgerRow(r: LedgerDbRow): SuggestionRow {
  return {
    sessionId: r.session_id,
    kind: r.kind,
    number: r.number,
    title: r.title,
    body: r.body,
    category: r.category,
    leadDeputyId: r.lead_deputy_id,
    filedOn: r.filed_on,
    status: r.status,
    keySupervisionLeader: r.key_supervision_leader,
    handlingUnitId: r.handling_unit_id,
    assignedOn: r.assigned_on,
    dueOn: r.due_on,
    round: r.round ?? 1,
    repliedOn: r.replied_on,
    resultClass: r.replied_on !== null ? r.r_result_class : r.s_result_class,
    replyBody: r.reply_body,
    ratedOn: r.rated_on,
    satisfaction: r.rated_on !== null ? r.rating : r.s_satisfaction,
    commitment: r.commitment,
    commitmentDueOn: r.commitment_due_on,
    commitmentStatus: r.commitment_status,
    commitmentKeptOn: r.commitment_kept_on,
    commitmentEvidence: r.commitment_evidence,
  };
}

const ledgerKey = (row: Pick<SuggestionRow, 'sessionId' | 'kind' | 'number'>): string =>
  JSON.stringify([row.sessionId, row.kind, row.number]);

/** Ids the ledger import needs for stored records (suggestion, commitment), by natural key. */
const storedIds = new WeakMap<
  Map<string, SuggestionRow>,
  Map<string, { id: string; commitmentId: string | null }>
>();

async function newRecordId(parts: string[]): Promise<string> {
  const id = parts.join('-');
  return id.length <= 80 ? id : `x${(await sha256Hex(id)).slice(0, 39)}`;
}

const suggestions: ImportKindHandler<SuggestionRow> = {
  columns: suggestionColumns,
  schema: SuggestionRowSchema,
  naturalKey: ledgerKey,
  describeKey: (row) => `${row.sessionId} ${row.kind === 'motion' ? '议案' : '建议'}第 ${row.number} 号`,
  async checkReferences(db, rows) {
    const [sessions, deputies, units] = await Promise.all([
      missingIds(
        db,
        'sessions',
        'id',
        rows.map((r) => r.value.sessionId),
      ),
      missingIds(
        db,
        'deputies',
        'id',
        rows.map((r) => r.value.leadDeputyId),
      ),
      missingIds(
        db,
        'handling_units',
        'id',
        rows.flatMap((r) => (r.value.handlingUnitId ? [r.value.handlingUnitId] : [])),
      ),
    ]);
    // A suggestion has one lead unit; changing it is a decision made in the system, not by import.
    const leads = new Map<string, string>();
    for (const chunk of chunks(rows.map((r) => [r.value.sessionId, r.value.kind, r.value.number]))) {
      const { results } = await db
        .prepare(
          `SELECT s.session_id, s.kind, s.number, a.handling_unit_id FROM suggestions s
           JOIN json_each(?1) j ON s.session_id = json_extract(j.value, '$[0]') AND s.kind = json_extract(j.value, '$[1]')
             AND s.number = json_extract(j.value, '$[2]')
           JOIN suggestion_assignments a ON a.suggestion_id = s.id AND a.role = 'lead'`,
        )
        .bind(chunk)
        .all<{ session_id: string; kind: SuggestionRow['kind']; number: number; handling_unit_id: string }>();
      for (const r of results)
        leads.set(ledgerKey({ sessionId: r.session_id, kind: r.kind, number: r.number }), r.handling_unit_id);
    }
    const errors: RowError[] = [];
    for (const { row, value } of rows) {
      if (sessions.has(value.sessionId))
        errors.push({ row, column: '会议编号', message: `系统中没有会议“${value.sessionId}”。` });
      if (deputies.has(value.leadDeputyId)) {
        errors.push({ row, column: '领衔代表编号', message: `系统中没有代表“${value.leadDeputyId}”。` });
      }
      if (value.handlingUnitId && units.has(value.handlingUnitId)) {
        errors.push({
          row,
          column: '主办单位编号',
          message: `系统中没有承办单位“${value.handlingUnitId}”。`,
        });
      }
      const lead = leads.get(ledgerKey(value));
      if (value.handlingUnitId && lead !== undefined && lead !== value.handlingUnitId) {
        errors.push({
          row,
          column: '主办单位编号',
          message: `系统中该件的主办单位是“${lead}”，与台账不同；调整主办单位请在系统中办理。`,
        });
      }
    }
    return errors;
  },
  async existing(db, rows) {
    const map = new Map<string, SuggestionRow>();
    const ids = new Map<string, { id: string; commitmentId: string | null }>();
    for (const chunk of chunks(rows.map((r) => [r.sessionId, r.kind, r.number]))) {
      const { results } = await db
        .prepare(
          `${LEDGER_SELECT} JOIN json_each(?1) j ON s.session_id = json_extract(j.value, '$[0]')
             AND s.kind = json_extract(j.value, '$[1]') AND s.number = json_extract(j.value, '$[2]')`,
        )
        .bind(chunk)
        .all<LedgerDbRow>();
      for (const r of results) {
        const row = toLedgerRow(r);
        map.set(ledgerKey(row), row);
        ids.set(ledgerKey(row), { id: r.id, commitmentId: r.commitment_id });
      }
    }
    storedIds.set(map, ids);
    return map;
  },
  effective(row, stored) {
    if (!stored) return row;
    // A part of the ledger left blank keeps what the system has: import never deletes.
    const out = { ...row };
    if (row.handlingUnitId === null && stored.handlingUnitId !== null) {
      out.handlingUnitId = stored.handlingUnitId;
      out.assignedOn = stored.assignedOn;
      out.dueOn = stored.dueOn;
    }
    if (row.repliedOn === null && stored.repliedOn !== null) {
      out.round = stored.round;
      out.repliedOn = stored.repliedOn;
      out.replyBody = stored.replyBody;
      out.resultClass = row.resultClass ?? stored.resultClass;
    }
    if (row.resultClass === null) out.resultClass = stored.resultClass;
    if (row.ratedOn === null && stored.ratedOn !== null && row.round === stored.round)
      out.ratedOn = stored.ratedOn;
    if (row.satisfaction === null) out.satisfaction = stored.satisfaction;
    if (row.commitment === null && stored.commitment !== null) {
      out.commitment = stored.commitment;
      out.commitmentDueOn = stored.commitmentDueOn;
      out.commitmentStatus = stored.commitmentStatus;
      out.commitmentKeptOn = stored.commitmentKeptOn;
      out.commitmentEvidence = stored.commitmentEvidence;
    }
    return out;
  },
  async write(db, planned, stored) {
    const ids = storedIds.get(stored) ?? new Map<string, { id: string; commitmentId: string | null }>();
    const rows = await Promise.all(
      planned.map(async (p) => {
        const known = ids.get(p.key);
        const kindLetter = p.value.kind === 'motion' ? 'm' : 's';
        const suggestionId =
          known?.id ?? (await newRecordId([p.value.sessionId, `${kindLetter}${p.value.number}`]));
        const commitmentId = known?.commitmentId ?? (await newRecordId([suggestionId, 'c1']));
        return { ...p.value, suggestionId, commitmentId };
      }),
    );
    const statements: D1PreparedStatement[] = [];
    for (const chunk of chunks(rows)) {
      statements.push(
        db
          .prepare(
            `INSERT INTO suggestions (id, session_id, kind, number, title, body, category, lead_deputy_id, filed_on, status,
               result_class, satisfaction, key_supervision_leader)
             SELECT j.value->>'suggestionId', j.value->>'sessionId', j.value->>'kind', j.value->>'number', j.value->>'title',
               j.value->>'body', j.value->>'category', j.value->>'leadDeputyId', j.value->>'filedOn', j.value->>'status',
               j.value->>'resultClass', j.value->>'satisfaction', j.value->>'keySupervisionLeader'
             FROM json_each(?1) j WHERE true
             ON CONFLICT (session_id, kind, number) DO UPDATE SET title = excluded.title, body = excluded.body,
               category = excluded.category, lead_deputy_id = excluded.lead_deputy_id, filed_on = excluded.filed_on,
               status = excluded.status, result_class = excluded.result_class, satisfaction = excluded.satisfaction,
               key_supervision_leader = excluded.key_supervision_leader, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
             WHERE (suggestions.title, suggestions.body, suggestions.category, suggestions.lead_deputy_id,
               suggestions.filed_on, suggestions.status, suggestions.result_class, suggestions.satisfaction,
               suggestions.key_supervision_leader)
             IS NOT (excluded.title, excluded.body, excluded.category, excluded.lead_deputy_id, excluded.filed_on,
               excluded.status, excluded.result_class, excluded.satisfaction, excluded.key_supervision_leader)`,
          )
          .bind(chunk),
        db
          .prepare(
            `INSERT INTO suggestion_assignments (suggestion_id, handling_unit_id, role, assigned_on, due_on)
             SELECT j.value->>'suggestionId', j.value->>'handlingUnitId', 'lead', j.value->>'assignedOn', j.value->>'dueOn'
             FROM json_each(?1) j WHERE j.value->>'handlingUnitId' IS NOT NULL
             ON CONFLICT (suggestion_id, handling_unit_id) DO UPDATE SET role = 'lead', assigned_on = excluded.assigned_on,
               due_on = excluded.due_on
             WHERE (suggestion_assignments.role, suggestion_assignments.assigned_on, suggestion_assignments.due_on)
               IS NOT ('lead', excluded.assigned_on, excluded.due_on)`,
          )
          .bind(chunk),
        db
          .prepare(
            `INSERT INTO suggestion_replies (suggestion_id, handling_unit_id, round, replied_on, result_class, body)
             SELECT j.value->>'suggestionId', j.value->>'handlingUnitId', j.value->>'round', j.value->>'repliedOn',
               j.value->>'resultClass', j.value->>'replyBody'
             FROM json_each(?1) j WHERE j.value->>'repliedOn' IS NOT NULL
             ON CONFLICT (suggestion_id, handling_unit_id, round) DO UPDATE SET replied_on = excluded.replied_on,
               result_class = excluded.result_class, body = excluded.body
             WHERE (suggestion_replies.replied_on, suggestion_replies.result_class, suggestion_replies.body)
               IS NOT (excluded.replied_on, excluded.result_class, excluded.body)`,
          )
          .bind(chunk),
        db
          .prepare(
            `INSERT INTO suggestion_ratings (suggestion_id, round, rated_on, satisfaction)
             SELECT j.value->>'suggestionId', j.value->>'round', j.value->>'ratedOn', j.value->>'satisfaction'
             FROM json_each(?1) j WHERE j.value->>'ratedOn' IS NOT NULL AND j.value->>'satisfaction' IS NOT NULL
             ON CONFLICT (suggestion_id, round) DO UPDATE SET rated_on = excluded.rated_on, satisfaction = excluded.satisfaction
             WHERE (suggestion_ratings.rated_on, suggestion_ratings.satisfaction) IS NOT (excluded.rated_on, excluded.satisfaction)`,
          )
          .bind(chunk),
        db
          .prepare(
            `INSERT INTO commitments (id, suggestion_id, handling_unit_id, description, due_on, status, kept_on, evidence)
             SELECT j.value->>'commitmentId', j.value->>'suggestionId', j.value->>'handlingUnitId', j.value->>'commitment',
               j.value->>'commitmentDueOn', j.value->>'commitmentStatus', j.value->>'commitmentKeptOn',
               COALESCE(j.value->>'commitmentEvidence', '')
             FROM json_each(?1) j WHERE j.value->>'commitment' IS NOT NULL
             ON CONFLICT (id) DO UPDATE SET handling_unit_id = excluded.handling_unit_id, description = excluded.description,
               due_on = excluded.due_on, status = excluded.status, kept_on = excluded.kept_on, evidence = excluded.evidence
             WHERE (commitments.handling_unit_id, commitments.description, commitments.due_on, commitments.status,
               commitments.kept_on, commitments.evidence)
             IS NOT (excluded.handling_unit_id, excluded.description, excluded.due_on, excluded.status, excluded.kept_on,
               excluded.evidence)`,
          )
          .bind(chunk),
      );
    }
    return statements;
  },
  async exportRows(db) {
    const { results } = await db
      .prepare(`${LEDGER_SELECT} ORDER BY s.session_id, s.kind, s.number LIMIT 100000`)
      .all<LedgerDbRow>();
    return results.map((r) => ({
      value: toLedgerRow(r),
      extra: { 领衔代表姓名: r.lead_name, 主办单位名称: r.unit_name },
    }));
  },
};

// ---------------------------------------------------------------------------------------------

type AnyHandler =
  ImportKindHandler<RosterRow> | ImportKindHandler<ActivityRow> | ImportKindHandler<SuggestionRow>;

const handlers = { roster, activities, suggestions } satisfies Record<ImportKind, AnyHandler>;

export interface ImportPlan {
  report: ImportReport;
  statements: (db: D1Database) => Promise<D1PreparedStatement[]>;
  /** The spreadsheet row number of each written row, in write order (to name a failing row). */
  writtenRows: number[];
  /** The statements of the first `count` written rows only. */
  statementsForFirst: (db: D1Database, count: number) => Promise<D1PreparedStatement[]>;
}

/** Row errors are listed in full up to this many; the count is always exact. */
export const MAX_LISTED_ERRORS = 1000;

async function planWith<Row extends Record<string, unknown>>(
  db: D1Database,
  kind: ImportKind,
  handler: ImportKindHandler<Row>,
  file: { name: string; bytes: Uint8Array },
): Promise<ImportPlan> {
  const sha256 = await sha256Hex(file.bytes);
  const base = { kind, fileName: file.name, sha256, inserted: 0, updated: 0, unchanged: 0 };
  let sheet;
  try {
    sheet = await readUploadedSheet(file.bytes);
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    return {
      report: {
        ...base,
        format: 'csv',
        rows: 0,
        errors: [{ row: 0, column: '文件', message: error.message }],
        ignoredColumns: [],
      },
      statements: async () => [],
      writtenRows: [],
      statementsForFirst: async () => [],
    };
  }
  let parsed;
  try {
    parsed = parseRows(sheet, handler.columns, handler.schema, informationalHeaders[kind]);
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    return {
      report: {
        ...base,
        format: sheet.format,
        rows: 0,
        errors: [{ row: 0, column: '文件', message: error.message }],
        ignoredColumns: [],
      },
      statements: async () => [],
      writtenRows: [],
      statementsForFirst: async () => [],
    };
  }
  const errors = [...parsed.errors];
  // The same record twice in one file: the later row is an error (which one wins would be a guess).
  const firstRow = new Map<string, number>();
  const unique: Array<{ row: number; value: Row }> = [];
  for (const entry of parsed.rows) {
    const key = handler.naturalKey(entry.value);
    const first = firstRow.get(key);
    if (first !== undefined) {
      errors.push({
        row: entry.row,
        column: '整行',
        message: `与第 ${first} 行重复（${handler.describeKey(entry.value)}）。`,
      });
      continue;
    }
    firstRow.set(key, entry.row);
    unique.push(entry);
  }
  errors.push(...(await handler.checkReferences(db, unique)));
  const stored = await handler.existing(
    db,
    unique.map((u) => u.value),
  );
  const planned: Array<Planned<Row>> = unique.map((entry) => {
    const key = handler.naturalKey(entry.value);
    const before = stored.get(key);
    const value = handler.effective(entry.value, before);
    return {
      row: entry.row,
      key,
      value,
      change: !before ? 'insert' : sameRow(value, before) ? 'unchanged' : 'update',
    };
  });
  errors.sort((a, b) => a.row - b.row);
  const report: ImportReport = {
    ...base,
    format: sheet.format,
    rows: parsed.rows.length + new Set(parsed.errors.map((e) => e.row)).size,
    errors,
    ignoredColumns: parsed.ignoredColumns,
    inserted: planned.filter((p) => p.change === 'insert').length,
    updated: planned.filter((p) => p.change === 'update').length,
    unchanged: planned.filter((p) => p.change === 'unchanged').length,
  };
  const toWrite = planned.filter((p) => p.change !== 'unchanged');
  return {
    report,
    statements: (database) => handler.write(database, toWrite, stored),
    writtenRows: toWrite.map((p) => p.row),
    statementsForFirst: (database, count) => handler.write(database, toWrite.slice(0, count), stored),
  };
}

/** The dry run: every problem in the file, and what a commit would change. Writes nothing. */
export function planImport(
  db: D1Database,
  kind: ImportKind,
  file: { name: string; bytes: Uint8Array },
): Promise<ImportPlan> {
  switch (kind) {
    case 'roster':
      return planWith(db, kind, handlers.roster, file);
    case 'activities':
      return planWith(db, kind, handlers.activities, file);
    case 'suggestions':
      return planWith(db, kind, handlers.suggestions, file);
  }
}

function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return [...buffer].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Keeps a file that passed its dry run until the staff member confirms (and sweeps day-old ones),
 * so the commit writes exactly the file that was checked.
 */
export async function storeCheckedFile(
  db: D1Database,
  staff: StaffUser,
  report: ImportReport,
  bytes: Uint8Array,
): Promise<string> {
  const id = randomHex(16);
  await db.batch([
    db.prepare(
      "DELETE FROM staff_import_files WHERE created_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 day')",
    ),
    db
      .prepare(
        `INSERT INTO staff_import_files (id, staff_id, kind, format, file_name, sha256, content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
      )
      .bind(
        id,
        staff.id,
        report.kind,
        report.format,
        report.fileName.slice(0, 200) || 'upload',
        report.sha256,
        bytes,
      ),
  ]);
  return id;
}

export interface CommitResult {
  report: ImportReport;
  written: number;
}

/**
 * The commit: the stored file is planned again (the database may have changed since the dry run)
 * and, only if it is still free of errors, written in one batch with its audit entry. Any failure
 * rolls the whole batch back: all or nothing.
 */
export async function commitImport(
  db: D1Database,
  staff: StaffUser,
  kind: ImportKind,
  importId: string,
): Promise<CommitResult> {
  const file = await db
    .prepare(
      'SELECT file_name, content FROM staff_import_files WHERE id = ?1 AND staff_id = ?2 AND kind = ?3',
    )
    .bind(importId, staff.id, kind)
    .first<{ file_name: string; content: ArrayBuffer | number[] }>();
  if (!file)
    throw new ApiError(404, 'import_expired', '找不到这次检查过的文件（可能已导入或已过期），请重新上传。');
  const bytes =
    file.content instanceof ArrayBuffer ? new Uint8Array(file.content) : Uint8Array.from(file.content);
  const plan = await planImport(db, kind, { name: file.file_name, bytes });
  if (plan.report.errors.length > 0) {
    throw new ApiError(422, 'import_invalid', '文件中有错误，未导入任何数据。请修改后重新上传。');
  }
  const writes = await plan.statements(db);
  const results = await db
    .batch([
      ...writes,
      auditEntry(db, {
        actor: staff.id,
        action: `import.${kind}`,
        entityType: 'import',
        entityId: plan.report.sha256,
        after: {
          fileName: plan.report.fileName,
          format: plan.report.format,
          rows: plan.report.rows,
          inserted: plan.report.inserted,
          updated: plan.report.updated,
          unchanged: plan.report.unchanged,
        },
      }),
      db.prepare('DELETE FROM staff_import_files WHERE id = ?1').bind(importId),
    ])
    .catch((error: unknown) => refuseFailedRow(db, plan, error));
  const written = results.slice(0, writes.length).reduce((sum, r) => sum + (r.meta.changes ?? 0), 0);
  return { report: plan.report, written };
}

/**
 * A commit the database refused (a constraint the row checks do not know about): a 422 naming the
 * spreadsheet row, found by replaying growing prefixes that are always rolled back. Other failures
 * (transient, our own triggers) are rethrown as they are.
 */
async function refuseFailedRow(db: D1Database, plan: ImportPlan, error: unknown): Promise<never> {
  const failure = classifyD1Error(error);
  if (failure.kind !== 'check' && failure.kind !== 'unique' && failure.kind !== 'foreign_key') throw error;
  const index = await locateFailingUnit(db, plan.writtenRows.length, (count) =>
    plan.statementsForFirst(db, count),
  );
  const row = index === null ? undefined : plan.writtenRows[index];
  const why =
    failure.kind === 'unique'
      ? '与已有记录重复'
      : failure.kind === 'foreign_key'
        ? '引用了不存在的记录'
        : '不符合数据规则';
  throw new ApiError(
    422,
    'import_row_refused',
    row === undefined
      ? `数据库拒绝了这次导入（${why}），未导入任何数据。`
      : `第 ${row} 行${why}，数据库拒绝了这次导入，未导入任何数据。请修改该行后重新上传。`,
    row === undefined ? {} : { fields: { [`row.${row}`]: `第 ${row} 行${why}。` } },
  );
}

/** The list as a table for export: the same headers and cell forms the import reads. */
export async function exportTable(
  db: D1Database,
  kind: ImportKind,
  options: ExportOptions = {},
): Promise<CellValue[][]> {
  switch (kind) {
    case 'roster':
      return tableOf(handlers.roster, await handlers.roster.exportRows(db, options), []);
    case 'activities':
      return tableOf(
        handlers.activities,
        await handlers.activities.exportRows(db, options),
        informationalHeaders.activities,
      );
    case 'suggestions':
      return tableOf(
        handlers.suggestions,
        await handlers.suggestions.exportRows(db, options),
        informationalHeaders.suggestions,
      );
  }
}

function tableOf<Row extends Record<string, unknown>>(
  handler: ImportKindHandler<Row>,
  rows: Array<{ value: Row; extra: Record<string, CellValue> }>,
  extraHeaders: readonly string[],
): CellValue[][] {
  const keys = Object.keys(handler.columns) as Array<keyof Row & string>;
  const header: CellValue[] = [...keys.map((k) => handler.columns[k].header), ...extraHeaders];
  return [
    header,
    ...rows.map((r) => [
      ...keys.map((k) => exportCell(r.value[k], handler.columns[k])),
      ...extraHeaders.map((h) => r.extra[h] ?? null),
    ]),
  ];
}
