/**
 * Liaison stations, the deputies who entered them, reception days and who was on duty.
 */

import { addDays, beijingLocal, nthWeekdayOfMonth } from './dates.ts';
import type { Area, Ctx, Deputy, PlannedActivity, Station } from './model.ts';
import { serves } from './model.ts';
import { roadName } from './names.ts';
import { OPENING_HOURS, RECEPTION_TOPICS } from './text.ts';
import { DETAILED_DISTRICT, type World } from './world.ts';

export interface StationResult {
  stations: Station[];
  /** Reception-day activities per deputy id. */
  planned: Map<string, PlannedActivity[]>;
}

export function buildStations(ctx: Ctx, world: World): StationResult {
  const rng = ctx.rng.fork('stations');
  const { t, asOf } = ctx;
  const wangchuan = world.areas.get(DETAILED_DISTRICT);
  if (wangchuan === undefined) throw new Error('missing detailed district');

  interface Draft {
    id: string;
    name: string;
    kind: Station['kind'];
    area: Area;
  }
  const drafts: Draft[] = [];
  for (const mid of wangchuan.children) {
    drafts.push(
      mid.kind === 'township'
        ? { id: `home-${mid.id}`, name: `${mid.name}人大代表之家`, kind: 'home', area: mid }
        : { id: `st-${mid.id}`, name: `望川区${mid.name}人大代表联络站`, kind: 'station', area: mid },
    );
  }
  for (const d of world.districts)
    drafts.push({ id: `home-${d.id}`, name: `${d.name}人大代表之家`, kind: 'home', area: d });

  // Extra stations: reception points in 望川区 communities and stations in other districts' streets.
  const target = Math.max(drafts.length, Math.round(60 * Math.sqrt(ctx.scale)));
  const points = rng.shuffled(world.wangchuanLeaves);
  const otherStreets: Area[] = [];
  const otherCommunities: Area[] = [];
  for (const d of world.districts) {
    if (d.id === DETAILED_DISTRICT) continue;
    for (const s of d.children) {
      otherStreets.push(s);
      otherCommunities.push(...s.children);
    }
  }
  const streets = rng.shuffled(otherStreets);
  const communities = rng.shuffled(otherCommunities);
  let turn = 0;
  while (drafts.length < target && points.length + streets.length + communities.length > 0) {
    turn++;
    const fromPoints = turn % 3 !== 0 && points.length > 0;
    const fromStreets = !fromPoints && streets.length > 0;
    const area = fromPoints
      ? points.shift()
      : fromStreets
        ? streets.shift()
        : (communities.shift() ?? points.shift() ?? streets.shift());
    if (area === undefined) break;
    const parent = area.parentId === null ? undefined : world.areas.get(area.parentId);
    const district = area.districtId === null ? undefined : world.areas.get(area.districtId);
    if (area.kind === 'street') {
      drafts.push({
        id: `st-${area.id}`,
        name: `${district?.name ?? ''}${area.name}人大代表联络站`,
        kind: 'station',
        area,
      });
    } else {
      const prefix = area.districtId === DETAILED_DISTRICT ? '' : (district?.name ?? '');
      drafts.push({
        id: `rp-${area.id}`,
        name: `${prefix}${parent?.name ?? ''}${area.name}代表联络点`,
        kind: 'reception_point',
        area,
      });
    }
  }

  const stations: Station[] = [];
  const planned = new Map<string, PlannedActivity[]>();
  let receptionId = 0;
  drafts.forEach((draft, index) => {
    const area = draft.area;
    const districtId = area.districtId ?? DETAILED_DISTRICT;
    const district = world.areas.get(districtId);
    const station: Station = {
      id: draft.id,
      name: draft.name,
      kind: draft.kind,
      area,
      districtId,
      deputies: [],
      isActive: !(draft.kind === 'reception_point' && index === drafts.length - 1 && drafts.length >= 40),
    };
    stations.push(station);
    const streetName = area.kind === 'district' ? '' : area.path.replace(district?.name ?? '', '');
    const address = `星澜市${district?.name ?? ''}${streetName}${roadName(rng)}${rng.int(1, 399)}号${
      draft.kind === 'reception_point'
        ? '党群服务中心'
        : rng.pick(['党群服务中心二楼', '便民服务中心一楼', '综合楼三楼'])
    }`;
    const star =
      draft.kind === 'home'
        ? rng.int(4, 5)
        : draft.kind === 'station'
          ? rng.int(3, 5)
          : rng.chance(0.4)
            ? rng.int(1, 4)
            : null;
    t.stations.add([
      station.id,
      station.name,
      station.kind,
      area.id,
      address.slice(0, 200),
      Math.round((area.lat + rng.float(-0.002, 0.002)) * 1e6) / 1e6,
      Math.round((area.lng + rng.float(-0.002, 0.002)) * 1e6) / 1e6,
      rng.pick(OPENING_HOURS),
      `010-0000${String(1000 + index).padStart(4, '0')}`,
      star,
      station.isActive ? 1 : 0,
    ]);

    // Deputies covering the station's area: the most local first, then municipal, then upper levels.
    const within = new Set<string>();
    const walk = (a: Area): void => {
      within.add(a.id);
      a.children.forEach(walk);
    };
    walk(area);
    const local: Deputy[] = [];
    for (const d of [...world.byLevel.county, ...world.byLevel.township]) {
      if (d.districtId === districtId && serves(d, asOf) && d.unit.areaIds.some((id) => within.has(id)))
        local.push(d);
    }
    const municipal = world.byLevel.municipal.filter((d) => d.districtId === districtId && serves(d, asOf));
    const upper = [...world.byLevel.provincial, ...world.byLevel.national].filter((d) => serves(d, asOf));
    const k = rng.int(5, 20);
    const nUpper = draft.kind === 'home' ? rng.int(1, 2) : rng.chance(0.25) ? 1 : 0;
    const nLocal = Math.min(local.length, Math.round(k * 0.6));
    const chosen = [
      ...rng.sample(local, nLocal),
      ...rng.sample(municipal, Math.max(1, k - nLocal - nUpper)),
      ...rng.sample(upper, nUpper),
    ];
    for (const d of chosen) {
      station.deputies.push(d);
      d.stationIds.push(station.id);
      t.station_deputies.add([station.id, d.id]);
    }

    // Reception days: monthly, the 12 months before asOf and 3 months after.
    const weekdayOfVisit = rng.pick([2, 3, 4, 6]);
    const nth = rng.int(1, 4);
    const [ay, am] = asOf.split('-').map(Number);
    const from = addDays(asOf, -366);
    const until = addDays(asOf, 92);
    for (let m = -13; m <= 3; m++) {
      const total = (ay ?? 2026) * 12 + ((am ?? 1) - 1) + m;
      const date = nthWeekdayOfMonth(Math.floor(total / 12), (total % 12) + 1, nth, weekdayOfVisit);
      if (date < from || date > until) continue;
      const past = date < asOf;
      const status = past ? (rng.chance(0.05) ? 'cancelled' : 'held') : 'scheduled';
      receptionId++;
      t.reception_days.add([
        receptionId,
        station.id,
        beijingLocal(date, 9, 0),
        beijingLocal(date, 11, 30),
        rng.pick(RECEPTION_TOPICS),
        status,
      ]);
      const onDuty = rng.sample(
        station.deputies.filter((d) => serves(d, date)),
        rng.int(1, 3),
      );
      for (const d of onDuty) {
        t.reception_day_deputies.add([receptionId, d.id]);
        if (status !== 'held') continue;
        const list = planned.get(d.id) ?? [];
        list.push({ type: 'reception_day', on: date, days: 0.5, title: `在${station.name}接待选民` });
        planned.set(d.id, list);
      }
    }
  });
  return { stations, planned };
}
