/**
 * What the liaison station and deputy group pages need, read from D1 for one record at a time
 * (the pages the Worker renders): the same queries, row mappers and zod schemas as the build's
 * people collections (site/loaders/people-queries.ts).
 */
import type { D1Database } from '@cloudflare/workers-types';
import { DeputyRecord } from '#domain/deputies.ts';
import { DeputyGroupRecord } from '#domain/groups.ts';
import { AreaRecord, StationRecord } from '#domain/places.ts';
import {
  AREA_BY_ID_QUERY,
  AREA_PATH_QUERY,
  DEPUTIES_OF_GROUP_QUERY,
  DEPUTIES_OF_STATION_QUERY,
  DEPUTY_GROUP_BY_ID_QUERY,
  RECEPTION_DEPUTIES_OF_STATION_QUERY,
  STATION_BY_ID_QUERY,
  areaRecord,
  deputyGroupRecord,
  deputyRecord,
  stationRecord,
  type AreaRow,
  type DeputyGroupRow,
  type DeputyNameRow,
  type DeputyRow,
  type StationRow,
} from '../../loaders/people-queries.ts';

export interface StationPage {
  station: StationRecord;
  /** Its area and the areas above it, city first. */
  path: AreaRecord[];
  /** The deputies who work at the station (every status; the page filters). */
  deputies: DeputyRecord[];
  /** Names of the deputies on its reception days, for their links. */
  names: Map<string, { name: string }>;
}

export async function loadStationPage(db: D1Database, id: string): Promise<StationPage | null> {
  const [stationRow, deputyRows, nameRows] = await Promise.all([
    db.prepare(STATION_BY_ID_QUERY).bind(id).first<StationRow>(),
    db.prepare(DEPUTIES_OF_STATION_QUERY).bind(id).all<DeputyRow>(),
    db.prepare(RECEPTION_DEPUTIES_OF_STATION_QUERY).bind(id).all<DeputyNameRow>(),
  ]);
  if (!stationRow) return null;
  const station = StationRecord.parse(stationRecord(stationRow));
  const pathRows = await db.prepare(AREA_PATH_QUERY).bind(station.areaId).all<AreaRow>();
  return {
    station,
    path: pathRows.results.map((row) => AreaRecord.parse(areaRecord(row))),
    deputies: deputyRows.results.map((row) => DeputyRecord.parse(deputyRecord(row))),
    names: new Map(nameRows.results.map((row) => [row.id, { name: row.name }])),
  };
}

export interface GroupPage {
  group: DeputyGroupRecord;
  members: DeputyRecord[];
  area: AreaRecord | undefined;
}

export async function loadGroupPage(db: D1Database, id: string): Promise<GroupPage | null> {
  const [groupRow, memberRows] = await Promise.all([
    db.prepare(DEPUTY_GROUP_BY_ID_QUERY).bind(id).first<DeputyGroupRow>(),
    db.prepare(DEPUTIES_OF_GROUP_QUERY).bind(id).all<DeputyRow>(),
  ]);
  if (!groupRow) return null;
  const group = DeputyGroupRecord.parse(deputyGroupRecord(groupRow));
  const areaRow = group.areaId
    ? await db.prepare(AREA_BY_ID_QUERY).bind(group.areaId).first<AreaRow>()
    : null;
  const byId = new Map(
    memberRows.results.map((row) => {
      const d = DeputyRecord.parse(deputyRecord(row));
      return [d.id, d] as const;
    }),
  );
  return {
    group,
    // In the group's own order (officers first), as the build's page lists them.
    members: group.members.flatMap((m) => byId.get(m.deputyId) ?? []),
    area: areaRow ? AreaRecord.parse(areaRecord(areaRow)) : undefined,
  };
}
