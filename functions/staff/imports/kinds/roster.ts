import { chunks, type ImportKindHandler, missingIds, storedByKey } from '../handler.ts';
import { type RosterRow, rosterColumns, RosterRow as RosterRowSchema, type RowError } from '../schema.ts';
import { SQL_NOW } from '../../../lib/time.ts';

/** 代表名册: deputies by their id, upserted with their term and constituency. */

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

/** The stored deputies of one chunk of ids. */
function deputiesById(db: D1Database, chunk: string): D1PreparedStatement {
  return db
    .prepare(`SELECT ${DEPUTY_COLUMNS} FROM deputies WHERE id IN (SELECT value FROM json_each(?1))`)
    .bind(chunk);
}

export const roster: ImportKindHandler<RosterRow> = {
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
  existing: (db, rows) =>
    storedByKey(
      rows.map((r) => r.id),
      (chunk) => deputiesById(db, chunk).all<DeputyDbRow>(),
      toRosterRow,
      (row) => row.id,
    ),
  effective: (row) => row,
  write(db, planned, stored) {
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
               status_since = excluded.status_since, updated_at = ${SQL_NOW}
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
    return Promise.resolve(statements);
  },
  async exportRows(db) {
    const { results } = await db
      .prepare(`SELECT ${DEPUTY_COLUMNS} FROM deputies ORDER BY id`)
      .all<DeputyDbRow>();
    return results.map((r) => ({ value: toRosterRow(r), extra: {} }));
  },
};
