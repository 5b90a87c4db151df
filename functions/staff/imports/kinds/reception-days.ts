import { chunks, type ImportKindHandler, missingIds, storedByKey } from '../handler.ts';
import {
  type ReceptionDayImportRow,
  receptionDayColumns,
  ReceptionDayImportRow as ReceptionDayRowSchema,
} from '../schema.ts';

/** 接待日安排: reception days by (station, start time); "replace" covers whole years. */

interface ReceptionDayDbRow {
  station_id: string;
  starts_at: string;
  ends_at: string;
  topic: string;
  status: ReceptionDayImportRow['status'];
  status_note: string;
  deputy_ids: string | null;
  station_name?: string;
}

function toRow(r: ReceptionDayDbRow): ReceptionDayImportRow {
  return {
    stationId: r.station_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    topic: r.topic,
    status: r.status,
    statusNote: r.status_note,
    deputyIds: (r.deputy_ids ?? '').split(',').filter(Boolean).sort().join('、'),
  };
}

const dayKey = (row: Pick<ReceptionDayImportRow, 'stationId' | 'startsAt'>): string =>
  JSON.stringify([row.stationId, row.startsAt]);

const SELECT = `SELECT r.station_id, r.starts_at, r.ends_at, r.topic, r.status, r.status_note,
  (SELECT group_concat(deputy_id) FROM reception_day_deputies WHERE reception_day_id = r.id) AS deputy_ids
  FROM reception_days r`;

const deputyList = (row: ReceptionDayImportRow): string[] => (row.deputyIds ? row.deputyIds.split('、') : []);

/** The stored reception days of one chunk of (station, start) keys. */
function daysByKey(db: D1Database, chunk: string): D1PreparedStatement {
  return db
    .prepare(
      `${SELECT} JOIN json_each(?1) j ON r.station_id = json_extract(j.value, '$[0]')
         AND r.starts_at = json_extract(j.value, '$[1]')`,
    )
    .bind(chunk);
}

export const receptionDays: ImportKindHandler<ReceptionDayImportRow> = {
  columns: receptionDayColumns,
  schema: ReceptionDayRowSchema,
  naturalKey: dayKey,
  describeKey: (row) => `${row.stationId} ${row.startsAt.slice(0, 16).replace('T', ' ')}`,
  async checkReferences(db, rows) {
    const stations = await missingIds(
      db,
      'stations',
      'id',
      rows.map((r) => r.value.stationId),
    );
    const deputies = await missingIds(
      db,
      'deputies',
      'id',
      rows.flatMap((r) => deputyList(r.value)),
    );
    return rows.flatMap((r) => [
      ...(stations.has(r.value.stationId)
        ? [{ row: r.row, column: '联络站编号', message: `系统中没有联络站“${r.value.stationId}”。` }]
        : []),
      ...deputyList(r.value)
        .filter((id) => deputies.has(id))
        .map((id) => ({ row: r.row, column: '值班代表编号', message: `系统中没有代表“${id}”。` })),
    ]);
  },
  existing: (db, rows) =>
    storedByKey(
      rows.map((r) => [r.stationId, r.startsAt]),
      (chunk) => daysByKey(db, chunk).all<ReceptionDayDbRow>(),
      toRow,
      dayKey,
    ),
  effective: (row) => row,
  write(db, planned) {
    const rows = planned.map((p) => ({ ...p.value, deputies: deputyList(p.value) }));
    return Promise.resolve(
      chunks(rows).flatMap((chunk) => [
        db
          .prepare(
            `INSERT INTO reception_days (station_id, starts_at, ends_at, topic, status, status_note)
           SELECT j.value->>'stationId', j.value->>'startsAt', j.value->>'endsAt', j.value->>'topic',
             j.value->>'status', j.value->>'statusNote'
           FROM json_each(?1) j WHERE true
           ON CONFLICT (station_id, starts_at) DO UPDATE SET ends_at = excluded.ends_at, topic = excluded.topic,
             status = excluded.status, status_note = excluded.status_note
           WHERE reception_days.ends_at IS NOT excluded.ends_at OR reception_days.topic IS NOT excluded.topic
             OR reception_days.status IS NOT excluded.status OR reception_days.status_note IS NOT excluded.status_note`,
          )
          .bind(chunk),
        // The deputies on duty: the file's list replaces the stored one for every row written.
        db
          .prepare(
            `DELETE FROM reception_day_deputies WHERE reception_day_id IN (
             SELECT r.id FROM reception_days r JOIN json_each(?1) j
               ON r.station_id = j.value->>'stationId' AND r.starts_at = j.value->>'startsAt')`,
          )
          .bind(chunk),
        db
          .prepare(
            `INSERT INTO reception_day_deputies (reception_day_id, deputy_id)
           SELECT r.id, d.value FROM json_each(?1) j
           JOIN reception_days r ON r.station_id = j.value->>'stationId' AND r.starts_at = j.value->>'startsAt'
           JOIN json_each(j.value->'deputies') d`,
          )
          .bind(chunk),
      ]),
    );
  },
  replace: {
    scopeOf: (row) => row.startsAt.slice(0, 4),
    describe: (years) => `${years.join('、')} 年的接待日`,
    async storedInScopes(db, years) {
      const { results } = await db
        .prepare(`${SELECT} WHERE substr(r.starts_at, 1, 4) IN (SELECT value FROM json_each(?1))`)
        .bind(JSON.stringify(years))
        .all<ReceptionDayDbRow>();
      return new Map(results.map((r) => [dayKey(toRow(r)), toRow(r)]));
    },
    remove(db, rows) {
      return chunks(rows.map((r) => [r.stationId, r.startsAt])).flatMap((chunk) => [
        db
          .prepare(
            `DELETE FROM reception_day_deputies WHERE reception_day_id IN (
               SELECT r.id FROM reception_days r JOIN json_each(?1) j
                 ON r.station_id = json_extract(j.value, '$[0]') AND r.starts_at = json_extract(j.value, '$[1]'))`,
          )
          .bind(chunk),
        db
          .prepare(
            `DELETE FROM reception_days WHERE id IN (
               SELECT r.id FROM reception_days r JOIN json_each(?1) j
                 ON r.station_id = json_extract(j.value, '$[0]') AND r.starts_at = json_extract(j.value, '$[1]'))`,
          )
          .bind(chunk),
      ]);
    },
  },
  async exportRows(db, options) {
    const { results } = await db
      .prepare(
        `SELECT r.station_id, r.starts_at, r.ends_at, r.topic, r.status, r.status_note, s.name AS station_name,
           (SELECT group_concat(deputy_id) FROM reception_day_deputies WHERE reception_day_id = r.id) AS deputy_ids
         FROM reception_days r JOIN stations s ON s.id = r.station_id
         WHERE ?1 IS NULL OR substr(r.starts_at, 1, 4) = ?1
         ORDER BY r.starts_at, r.station_id LIMIT 100000`,
      )
      .bind(options.year === undefined ? null : String(options.year))
      .all<ReceptionDayDbRow>();
    return results.map((r) => ({ value: toRow(r), extra: { 联络站名称: r.station_name ?? null } }));
  },
};
