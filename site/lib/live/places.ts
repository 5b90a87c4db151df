/**
 * What the liaison station and deputy group pages need, read from D1 for one record at a time
 * (the pages the Worker renders), each page in one batch: the same row mappers and zod schemas as
 * the build's people collections (site/loaders/people-queries.ts), and for the deputies a page
 * lists only what the list shows (a full deputy record carries every activity and suggestion).
 */
import type { D1Database } from '@cloudflare/workers-types';
import { DeputyRecord } from '#domain/deputies.ts';
import { DeputyGroupRecord } from '#domain/groups.ts';
import { AreaRecord, StationRecord } from '#domain/places.ts';
import type { z } from 'zod';
import {
  DEPUTY_GROUP_BY_ID_QUERY,
  RECEPTION_DEPUTIES_OF_STATION_QUERY,
  STATION_BY_ID_QUERY,
  areaRecord,
  deputyGroupRecord,
  stationRecord,
  type AreaRow,
  type DeputyGroupRow,
  type DeputyNameRow,
  type StationRow,
} from '../../loaders/people-queries.ts';
import { rowsOf } from './people.ts';

/** A deputy in a list of names (components/DeputyList.astro): what the list shows, nothing more. */
export const DeputyListEntry = DeputyRecord.pick({
  id: true,
  name: true,
  level: true,
  electoralUnit: true,
  unitPosition: true,
  status: true,
  statusSince: true,
});
export type DeputyListEntry = z.infer<typeof DeputyListEntry>;

interface DeputyListRow {
  id: string;
  name: string;
  level: string;
  electoral_unit_id: string;
  electoral_unit_name: string;
  electoral_unit_kind: string;
  unit_position: string;
  status: string;
  status_since: string;
}

const DEPUTY_LIST_SELECT = `
SELECT d.id, d.name, c.level, eu.id AS electoral_unit_id, eu.name AS electoral_unit_name,
  eu.kind AS electoral_unit_kind, d.unit_position, d.status, d.status_since
FROM deputies d
JOIN terms t ON t.id = d.term_id
JOIN congresses c ON c.id = t.congress_id
JOIN electoral_units eu ON eu.id = d.electoral_unit_id`;

/** The deputies who work at a liaison station (?1 = station id), as list entries. */
export const DEPUTY_LIST_OF_STATION_QUERY = `${DEPUTY_LIST_SELECT}
WHERE d.id IN (SELECT deputy_id FROM station_deputies WHERE station_id = ?1)
ORDER BY d.id`;

/** The members of a deputy group (?1 = group id), as list entries. */
export const DEPUTY_LIST_OF_GROUP_QUERY = `${DEPUTY_LIST_SELECT}
WHERE d.id IN (SELECT deputy_id FROM deputy_group_members WHERE group_id = ?1)
ORDER BY d.id`;

/** A station's area and the areas above it (?1 = station id), city first (as AREA_PATH_QUERY). */
export const AREA_PATH_OF_STATION_QUERY = `
WITH RECURSIVE path(id, parent_id, kind, name, sort_order, depth) AS (
  SELECT a.id, a.parent_id, a.kind, a.name, a.sort_order, 0
  FROM stations s JOIN areas a ON a.id = s.area_id WHERE s.id = ?1
  UNION ALL
  SELECT a.id, a.parent_id, a.kind, a.name, a.sort_order, p.depth + 1
  FROM areas a JOIN path p ON a.id = p.parent_id
)
SELECT id, parent_id, kind, name, sort_order FROM path ORDER BY depth DESC`;

/** The area of a deputy group (?1 = group id); no row when it has none. */
export const AREA_OF_GROUP_QUERY = `
SELECT a.id, a.parent_id, a.kind, a.name, a.sort_order
FROM deputy_groups g JOIN areas a ON a.id = g.area_id WHERE g.id = ?1`;

function deputyListEntry(row: DeputyListRow): DeputyListEntry {
  return DeputyListEntry.parse({
    id: row.id,
    name: row.name,
    level: row.level,
    electoralUnit: {
      id: row.electoral_unit_id,
      name: row.electoral_unit_name,
      kind: row.electoral_unit_kind,
    },
    unitPosition: row.unit_position,
    status: row.status,
    statusSince: row.status_since,
  });
}

export interface StationPage {
  station: StationRecord;
  /** Its area and the areas above it, city first. */
  path: AreaRecord[];
  /** The deputies who work at the station (every status; the page filters). */
  deputies: DeputyListEntry[];
  /** Names of the deputies on its reception days, for their links. */
  names: Map<string, { name: string }>;
}

export async function loadStationPage(db: D1Database, id: string): Promise<StationPage | null> {
  const [stationRows, deputyRows, nameRows, pathRows] = await db.batch([
    db.prepare(STATION_BY_ID_QUERY).bind(id),
    db.prepare(DEPUTY_LIST_OF_STATION_QUERY).bind(id),
    db.prepare(RECEPTION_DEPUTIES_OF_STATION_QUERY).bind(id),
    db.prepare(AREA_PATH_OF_STATION_QUERY).bind(id),
  ]);
  const [stationRow] = rowsOf<StationRow>(stationRows);
  if (!stationRow) return null;
  return {
    station: StationRecord.parse(stationRecord(stationRow)),
    path: rowsOf<AreaRow>(pathRows).map((row) => AreaRecord.parse(areaRecord(row))),
    deputies: rowsOf<DeputyListRow>(deputyRows).map(deputyListEntry),
    names: new Map(rowsOf<DeputyNameRow>(nameRows).map((row) => [row.id, { name: row.name }])),
  };
}

export interface GroupPage {
  group: DeputyGroupRecord;
  members: DeputyListEntry[];
  area: AreaRecord | undefined;
}

export async function loadGroupPage(db: D1Database, id: string): Promise<GroupPage | null> {
  const [groupRows, memberRows, areaRows] = await db.batch([
    db.prepare(DEPUTY_GROUP_BY_ID_QUERY).bind(id),
    db.prepare(DEPUTY_LIST_OF_GROUP_QUERY).bind(id),
    db.prepare(AREA_OF_GROUP_QUERY).bind(id),
  ]);
  const [groupRow] = rowsOf<DeputyGroupRow>(groupRows);
  if (!groupRow) return null;
  const group = DeputyGroupRecord.parse(deputyGroupRecord(groupRow));
  const [areaRow] = rowsOf<AreaRow>(areaRows);
  const byId = new Map(
    rowsOf<DeputyListRow>(memberRows).map((row) => [row.id, deputyListEntry(row)] as const),
  );
  return {
    group,
    // In the group's own order (officers first), as the build's page lists them.
    members: group.members.flatMap((m) => byId.get(m.deputyId) ?? []),
    area: areaRow ? AreaRecord.parse(areaRecord(areaRow)) : undefined,
  };
}
