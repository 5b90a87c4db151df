import { receptionDayStatusLabels, type ReceptionDay, type StationRecord } from '#domain/places.ts';
import { dataset, listNames } from './dataset.ts';

export const receptionDays = dataset<{ station: StationRecord; day: ReceptionDay }>({
  id: 'reception-days',
  title: '接待日',
  description: '各联络站安排的代表接待选民日，每次一行：时间、主题、值班代表和状态（含已取消的）。',
  kind: 'record',
  rowNoun: '一次接待日',
  rowId: (r) => String(r.day.id),
  rows: (model) =>
    model.stations
      .flatMap((station) => station.receptionDays.map((day) => ({ station, day })))
      .sort((a, b) => a.day.startsAt.localeCompare(b.day.startsAt) || a.day.id - b.day.id),
  columns: [
    { key: 'id', label: 'ID', type: 'integer', description: '接待日的稳定编号。', get: (r) => r.day.id },
    {
      key: 'station_id',
      label: '联络站ID',
      type: 'string',
      description: '举办的联络站编号。',
      get: (r) => r.station.id,
    },
    {
      key: 'station',
      label: '联络站',
      type: 'string',
      description: '举办的联络站。',
      get: (r) => r.station.name,
    },
    {
      key: 'starts_at',
      label: '开始时间',
      type: 'string',
      description: '开始时间，北京时间，带时区（2026-03-05T09:00:00+08:00）。',
      get: (r) => r.day.startsAt,
    },
    {
      key: 'ends_at',
      label: '结束时间',
      type: 'string',
      description: '结束时间，北京时间，带时区。',
      get: (r) => r.day.endsAt,
    },
    {
      key: 'topic',
      label: '主题',
      type: 'string',
      description: '接待主题；综合接待为空。',
      get: (r) => r.day.topic,
    },
    {
      key: 'status',
      label: '状态',
      type: 'enum',
      codes: receptionDayStatusLabels,
      description: '已安排、已举行或已取消。',
      get: (r) => r.day.status,
    },
    {
      key: 'status_note',
      label: '状态说明',
      type: 'string',
      description: '改期或取消的原因。',
      get: (r) => r.day.statusNote,
    },
    {
      key: 'deputy_ids',
      label: '值班代表ID',
      type: 'string',
      description: '当天值班代表的编号，多个时用顿号分隔。',
      get: (r) => listNames(r.day.deputyIds),
    },
  ],
});
