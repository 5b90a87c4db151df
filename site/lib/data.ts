/**
 * Everything the people pages read (site/lib/published.ts), loaded once per build with the lookup maps built once,
 * so ~5,000 pages each do map lookups instead of scanning all deputies (no O(n²) work per page).
 */
import * as published from './published.ts';
import type { AreaRecord } from '#domain/places.ts';
import { type DeputyListing, type DeputyResponsiveness, type ReplyHeadline } from '#domain/deputies.ts';
import type { DeputyGroupRecord } from '#domain/groups.ts';
import type { PortalSettings } from '#domain/portal.ts';
import { byLevel, calendarSince, CALENDAR_LOOKBACK_DAYS } from './roster.ts';
import { beijingToday } from '../../functions/lib/time.ts';
import type { DutyReportRecord } from '#domain/reports.ts';
import type { ReceptionDay, StationRecord } from '#domain/places.ts';

export interface StationReception {
  station: StationRecord;
  day: ReceptionDay;
}

export interface PortalData {
  settings: PortalSettings;
  /** The date the data describes: the demo's as-of date, else the build day in Beijing. */
  asOf: string;
  /** Build time (UTC, to the second): feeds' and calendars' stamps. */
  builtAt: string;
  deputies: DeputyListing[];
  deputyById: Map<string, DeputyListing>;
  areas: AreaRecord[];
  areaById: Map<string, AreaRecord>;
  childrenOf: Map<string | null, AreaRecord[]>;
  /** Deputies whose electoral unit or constituency names the area itself. */
  deputiesCovering: Map<string, DeputyListing[]>;
  stations: StationRecord[];
  stationById: Map<string, StationRecord>;
  stationsInArea: Map<string, StationRecord[]>;
  receptionsByDeputy: Map<string, StationReception[]>;
  groups: DeputyGroupRecord[];
  groupById: Map<string, DeputyGroupRecord>;
  reports: DutyReportRecord[];
  reportById: Map<string, DutyReportRecord>;
  reportsByDeputy: Map<string, DutyReportRecord[]>;
  responsivenessByDeputy: Map<string, DeputyResponsiveness>;
  latestReplies: ReplyHeadline[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export { byLevel, calendarSince, CALENDAR_LOOKBACK_DAYS };

async function load(): Promise<PortalData> {
  const [
    settings,
    deputyRecords,
    areaRecords,
    stationRecords,
    groupRecords,
    reportRecords,
    responsiveRecords,
    replyRecords,
  ] = await Promise.all([
    published.portalSettings(),
    published.deputies(),
    published.areas(),
    published.stations(),
    published.deputyGroups(),
    published.dutyReports(),
    published.deputyResponsiveness(),
    published.latestReplies(),
  ]);

  const deputies = [...deputyRecords].sort(byLevel);
  const deputyById = new Map(deputies.map((d) => [d.id, d]));

  const areas = [...areaRecords].sort((a, b) => a.sortOrder - b.sortOrder || a.id.localeCompare(b.id));
  const areaById = new Map(areas.map((a) => [a.id, a]));
  const childrenOf = new Map<string | null, AreaRecord[]>();
  for (const area of areas) push(childrenOf, area.parentId, area);

  const deputiesCovering = new Map<string, DeputyListing[]>();
  for (const deputy of deputies) for (const areaId of deputy.areaIds) push(deputiesCovering, areaId, deputy);

  const stations = [...stationRecords].sort((a, b) => a.id.localeCompare(b.id));
  const stationById = new Map(stations.map((s) => [s.id, s]));
  const stationsInArea = new Map<string, StationRecord[]>();
  const receptionsByDeputy = new Map<string, StationReception[]>();
  for (const station of stations) {
    push(stationsInArea, station.areaId, station);
    for (const day of station.receptionDays) {
      for (const deputyId of day.deputyIds) push(receptionsByDeputy, deputyId, { station, day });
    }
  }
  for (const list of receptionsByDeputy.values())
    list.sort((a, b) => a.day.startsAt.localeCompare(b.day.startsAt));

  const groups = [...groupRecords].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const groupById = new Map(groups.map((g) => [g.id, g]));

  const reports = [...reportRecords].sort(
    (a, b) => b.reportedOn.localeCompare(a.reportedOn) || a.id.localeCompare(b.id),
  );
  const reportById = new Map(reports.map((r) => [r.id, r]));
  const reportsByDeputy = new Map<string, DutyReportRecord[]>();
  for (const report of reports) push(reportsByDeputy, report.deputyId, report);

  const responsivenessByDeputy = new Map(responsiveRecords.map((r) => [r.deputyId, r]));
  const latestReplies = [...replyRecords].sort(
    (a, b) => b.repliedOn.localeCompare(a.repliedOn) || a.suggestionId.localeCompare(b.suggestionId),
  );

  return {
    settings,
    asOf: settings.demoAsOf ?? beijingToday(),
    builtAt: new Date().toISOString().slice(0, 19) + 'Z',
    deputies,
    deputyById,
    areas,
    areaById,
    childrenOf,
    deputiesCovering,
    stations,
    stationById,
    stationsInArea,
    receptionsByDeputy,
    groups,
    groupById,
    reports,
    reportById,
    reportsByDeputy,
    responsivenessByDeputy,
    latestReplies,
  };
}

let loaded: Promise<PortalData> | undefined;

/** The shared data of this build (loaded on first use). */
export function portalData(): Promise<PortalData> {
  loaded ??= load();
  return loaded;
}

/** The area and its ancestors, city first. */
export function areaPath(data: PortalData, areaId: string): AreaRecord[] {
  const path: AreaRecord[] = [];
  let current = data.areaById.get(areaId);
  while (current) {
    path.unshift(current);
    current = current.parentId === null ? undefined : data.areaById.get(current.parentId);
  }
  return path;
}

/** Every area under the given one (not itself), depth first. */
export function descendants(data: PortalData, areaId: string): AreaRecord[] {
  const out: AreaRecord[] = [];
  const walk = (id: string): void => {
    for (const child of data.childrenOf.get(id) ?? []) {
      out.push(child);
      walk(child.id);
    }
  };
  walk(areaId);
  return out;
}

/**
 * Deputies who represent everyone living in the area: those whose electoral unit or
 * constituency covers the area itself or any area above it. Highest level first.
 */
export function deputiesRepresenting(data: PortalData, areaId: string): DeputyListing[] {
  const seen = new Set<string>();
  const out: DeputyListing[] = [];
  for (const area of areaPath(data, areaId)) {
    for (const deputy of data.deputiesCovering.get(area.id) ?? []) {
      if (!seen.has(deputy.id)) {
        seen.add(deputy.id);
        out.push(deputy);
      }
    }
  }
  return out.sort(byLevel);
}

/**
 * The levels with serving deputies elected in each area of the tree below the city: an area is
 * listed with every level whose electoral unit or constituency covers it or a place inside it.
 * An area page tells a level the portal holds nothing of (another district's congress) from a
 * level that ought to be there.
 */
export function levelsWithin(data: PortalData): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const deputy of data.deputies) {
    if (deputy.status !== 'serving') continue;
    for (const areaId of deputy.areaIds) {
      for (const area of areaPath(data, areaId)) {
        const set = out.get(area.id) ?? new Set<string>();
        set.add(deputy.level);
        out.set(area.id, set);
      }
    }
  }
  return out;
}

let levelsCache: { data: PortalData; map: Map<string, Set<string>> } | undefined;

/** levelsWithin, computed once per build. */
export function levelsWithinCached(data: PortalData): Map<string, Set<string>> {
  if (levelsCache?.data !== data) levelsCache = { data, map: levelsWithin(data) };
  return levelsCache.map;
}

/** Stations serving the area: those in it, else the nearest ones above it. */
export function stationsServing(data: PortalData, areaId: string): StationRecord[] {
  const path = areaPath(data, areaId);
  const out: StationRecord[] = [];
  for (let i = path.length - 1; i >= 0; i--) {
    const area = path[i];
    if (!area || area.kind === 'city') break;
    out.push(...(data.stationsInArea.get(area.id) ?? []).filter((s) => s.isActive));
    if (out.length > 0 && i < path.length - 1) break;
  }
  return out;
}

/** Reception days from the as-of date on, soonest first, not cancelled. */
export function upcoming(days: readonly ReceptionDay[], asOf: string): ReceptionDay[] {
  return days.filter((d) => d.startsAt.slice(0, 10) >= asOf && d.status !== 'cancelled');
}

export { dutyYears, type DutyYear } from './duty-years.ts';

/** The public URL of a page on this portal. */
export function absolute(path: string, site: URL | undefined): string {
  return new URL(path, site ?? 'http://localhost:8787').href;
}
