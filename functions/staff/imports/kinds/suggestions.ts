import { satisfactionLabels, suggestionStatusLabels } from '#domain/suggestions.ts';
import { sha256Hex } from '../../../lib/crypto.ts';
import { chunks, type ImportKindHandler, missingIds } from '../handler.ts';
import {
  type RowError,
  type SuggestionRow,
  suggestionColumns,
  SuggestionRow as SuggestionRowSchema,
} from '../schema.ts';
import { SQL_NOW } from '../../../lib/time.ts';

/** 建议办理台账: one line per suggestion with its lead unit, latest reply, rating and first commitment. */

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

export const suggestions: ImportKindHandler<SuggestionRow> = {
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
  checkEffective(value) {
    // The file's own rating is checked against its status by the row schema; a blank rating keeps
    // the stored one (effective), which the row alone cannot show. Written as it is, a case rated
    // 不满意 in its last round would be 已答复 or 已办结 while it must be handled again (the rule
    // of migration 0029's triggers and of the console's suggestion check).
    if (
      value.ratedOn !== null &&
      value.satisfaction === 'dissatisfied' &&
      (value.status === 'replied' || value.status === 'closed')
    ) {
      return [
        {
          column: '办理状态',
          message: `台账中留空的测评沿用系统中的记录：第 ${String(value.round)} 轮答复的测评为“${satisfactionLabels.dissatisfied}”，须重新办理，办理状态应为“${suggestionStatusLabels.rehandling}”；若测评已更正，请填写测评日期和满意度。`,
        },
      ];
    }
    return [];
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
               key_supervision_leader = excluded.key_supervision_leader, updated_at = ${SQL_NOW}
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
