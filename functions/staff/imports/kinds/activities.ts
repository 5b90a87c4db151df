import { chunks, type ImportKindHandler, storedByKey, unknownDeputies } from '../handler.ts';
import { type ActivityRow, activityColumns, ActivityRow as ActivityRowSchema } from '../schema.ts';

/** 履职活动: duty activities by (deputy, date, title). */

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

/** The stored activities of one chunk of (deputy, date, title) keys. */
function activitiesByKey(db: D1Database, chunk: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT a.deputy_id, a.occurred_on, a.type, a.days, a.title FROM duty_activities a
       JOIN json_each(?1) j ON a.deputy_id = json_extract(j.value, '$[0]')
         AND a.occurred_on = json_extract(j.value, '$[1]') AND a.title = json_extract(j.value, '$[2]')`,
    )
    .bind(chunk);
}

export const activities: ImportKindHandler<ActivityRow> = {
  columns: activityColumns,
  schema: ActivityRowSchema,
  naturalKey: activityKey,
  describeKey: (row) => `${row.deputyId} ${row.occurredOn}“${row.title}”`,
  checkReferences: unknownDeputies,
  existing: (db, rows) =>
    storedByKey(
      rows.map((r) => [r.deputyId, r.occurredOn, r.title]),
      (chunk) => activitiesByKey(db, chunk).all<ActivityDbRow>(),
      toActivityRow,
      activityKey,
    ),
  effective: (row) => row,
  replace: {
    scopeOf: (row) => row.occurredOn.slice(0, 4),
    describe: (years) => `${years.join('、')} 年的履职活动`,
    async storedInScopes(db, years) {
      const { results } = await db
        .prepare(
          `SELECT deputy_id, occurred_on, type, days, title FROM duty_activities
           WHERE substr(occurred_on, 1, 4) IN (SELECT value FROM json_each(?1))`,
        )
        .bind(JSON.stringify(years))
        .all<ActivityDbRow>();
      return new Map(results.map((r) => [activityKey(toActivityRow(r)), toActivityRow(r)]));
    },
    remove(db, rows) {
      return chunks(rows.map((r) => [r.deputyId, r.occurredOn, r.title])).map((chunk) =>
        db
          .prepare(
            `DELETE FROM duty_activities WHERE EXISTS (SELECT 1 FROM json_each(?1) j
               WHERE duty_activities.deputy_id = json_extract(j.value, '$[0]')
                 AND duty_activities.occurred_on = json_extract(j.value, '$[1]')
                 AND duty_activities.title = json_extract(j.value, '$[2]'))`,
          )
          .bind(chunk),
      );
    },
  },
  write(db, planned) {
    return Promise.resolve(
      chunks(planned.map((p) => p.value)).map((chunk) =>
        db
          .prepare(
            `INSERT INTO duty_activities (deputy_id, type, occurred_on, days, title)
           SELECT j.value->>'deputyId', j.value->>'type', j.value->>'occurredOn', j.value->>'days', j.value->>'title'
           FROM json_each(?1) j WHERE true
           ON CONFLICT (deputy_id, occurred_on, title) DO UPDATE SET type = excluded.type, days = excluded.days
           WHERE duty_activities.type IS NOT excluded.type OR duty_activities.days IS NOT excluded.days`,
          )
          .bind(chunk),
      ),
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
