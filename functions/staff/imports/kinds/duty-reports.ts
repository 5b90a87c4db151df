import { chunks, type ImportKindHandler, storedByKey, unknownDeputies } from '../handler.ts';
import {
  type DutyReportImportRow,
  dutyReportColumns,
  DutyReportImportRow as DutyReportRowSchema,
} from '../schema.ts';

/** 履职报告: duty reports by (deputy, year); "replace" covers whole years. */

interface DutyReportDbRow {
  deputy_id: string;
  year: number;
  form: DutyReportImportRow['form'];
  reported_on: string;
  audience: string;
  law_observance: string;
  session_work: string;
  between_sessions_work: string;
  public_contact: string;
  other_matters: string;
  evaluation_satisfied: number;
  evaluation_basically_satisfied: number;
  evaluation_dissatisfied: number;
  deputy_name?: string;
}

function toRow(r: DutyReportDbRow): DutyReportImportRow {
  return {
    deputyId: r.deputy_id,
    year: r.year,
    form: r.form,
    reportedOn: r.reported_on,
    audience: r.audience,
    lawObservance: r.law_observance,
    sessionWork: r.session_work,
    betweenSessionsWork: r.between_sessions_work,
    publicContact: r.public_contact,
    otherMatters: r.other_matters,
    evaluationSatisfied: r.evaluation_satisfied,
    evaluationBasicallySatisfied: r.evaluation_basically_satisfied,
    evaluationDissatisfied: r.evaluation_dissatisfied,
  };
}

const reportKey = (row: Pick<DutyReportImportRow, 'deputyId' | 'year'>): string =>
  JSON.stringify([row.deputyId, row.year]);

const SELECT = `SELECT r.deputy_id, r.year, r.form, r.reported_on, r.audience, r.law_observance, r.session_work,
  r.between_sessions_work, r.public_contact, r.other_matters, r.evaluation_satisfied,
  r.evaluation_basically_satisfied, r.evaluation_dissatisfied FROM duty_reports r`;

/** The stored reports of one chunk of (deputy, year) keys. */
function reportsByKey(db: D1Database, chunk: string): D1PreparedStatement {
  return db
    .prepare(
      `${SELECT} JOIN json_each(?1) j ON r.deputy_id = json_extract(j.value, '$[0]')
         AND r.year = json_extract(j.value, '$[1]')`,
    )
    .bind(chunk);
}

export const dutyReports: ImportKindHandler<DutyReportImportRow> = {
  columns: dutyReportColumns,
  schema: DutyReportRowSchema,
  naturalKey: reportKey,
  describeKey: (row) => `${row.deputyId} ${row.year} 年度`,
  checkReferences: unknownDeputies,
  existing: (db, rows) =>
    storedByKey(
      rows.map((r) => [r.deputyId, r.year]),
      (chunk) => reportsByKey(db, chunk).all<DutyReportDbRow>(),
      toRow,
      reportKey,
    ),
  effective: (row) => row,
  write(db, planned) {
    return Promise.resolve(
      chunks(planned.map((p) => p.value)).map((chunk) =>
        db
          .prepare(
            `INSERT INTO duty_reports (id, deputy_id, year, form, reported_on, audience, law_observance, session_work,
             between_sessions_work, public_contact, other_matters, evaluation_satisfied,
             evaluation_basically_satisfied, evaluation_dissatisfied)
           SELECT (j.value->>'deputyId') || '-' || (j.value->>'year'), j.value->>'deputyId', j.value->>'year',
             j.value->>'form', j.value->>'reportedOn', j.value->>'audience', j.value->>'lawObservance',
             j.value->>'sessionWork', j.value->>'betweenSessionsWork', j.value->>'publicContact',
             j.value->>'otherMatters', j.value->>'evaluationSatisfied', j.value->>'evaluationBasicallySatisfied',
             j.value->>'evaluationDissatisfied'
           FROM json_each(?1) j WHERE true
           ON CONFLICT (deputy_id, year) DO UPDATE SET form = excluded.form, reported_on = excluded.reported_on,
             audience = excluded.audience, law_observance = excluded.law_observance,
             session_work = excluded.session_work, between_sessions_work = excluded.between_sessions_work,
             public_contact = excluded.public_contact, other_matters = excluded.other_matters,
             evaluation_satisfied = excluded.evaluation_satisfied,
             evaluation_basically_satisfied = excluded.evaluation_basically_satisfied,
             evaluation_dissatisfied = excluded.evaluation_dissatisfied`,
          )
          .bind(chunk),
      ),
    );
  },
  replace: {
    scopeOf: (row) => String(row.year),
    describe: (years) => `${years.join('、')} 年度的履职报告`,
    async storedInScopes(db, years) {
      const { results } = await db
        .prepare(`${SELECT} WHERE r.year IN (SELECT CAST(value AS INTEGER) FROM json_each(?1))`)
        .bind(JSON.stringify(years))
        .all<DutyReportDbRow>();
      return new Map(results.map((r) => [reportKey(toRow(r)), toRow(r)]));
    },
    remove(db, rows) {
      return chunks(rows.map((r) => [r.deputyId, r.year])).map((chunk) =>
        db
          .prepare(
            `DELETE FROM duty_reports WHERE EXISTS (SELECT 1 FROM json_each(?1) j
               WHERE duty_reports.deputy_id = json_extract(j.value, '$[0]') AND duty_reports.year = json_extract(j.value, '$[1]'))`,
          )
          .bind(chunk),
      );
    },
  },
  async exportRows(db, options) {
    const { results } = await db
      .prepare(
        `SELECT r.deputy_id, r.year, r.form, r.reported_on, r.audience, r.law_observance, r.session_work,
           r.between_sessions_work, r.public_contact, r.other_matters, r.evaluation_satisfied,
           r.evaluation_basically_satisfied, r.evaluation_dissatisfied, d.name AS deputy_name
         FROM duty_reports r JOIN deputies d ON d.id = r.deputy_id
         WHERE ?1 IS NULL OR r.year = ?1
         ORDER BY r.year, r.deputy_id LIMIT 100000`,
      )
      .bind(options.year ?? null)
      .all<DutyReportDbRow>();
    return results.map((r) => ({ value: toRow(r), extra: { 代表姓名: r.deputy_name ?? null } }));
  },
};
