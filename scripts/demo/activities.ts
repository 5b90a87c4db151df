/**
 * Duty activities (履职活动): session meetings, reception days and activities between sessions,
 * so that most deputies reach the 15-day yearly floor between sessions and about 15% do not.
 */

import { addDays, dayNumber, formatDay, maxDate, minDate, yearOf } from './dates.ts';
import type { DeputyLevel as Level } from '#domain/deputies.ts';
import type { Ctx, Deputy, PlannedActivity, Term } from './model.ts';
import { chineseNumber } from './names.ts';
import type { Rng } from './random.ts';
import type { Station } from './model.ts';
import {
  GROUP_ACTIVITIES,
  LAWS,
  OTHER_ACTIVITIES,
  SUGGESTION_SUBJECTS,
  TRAININGS,
  VISIT_PROJECTS,
  type ActivityType,
} from './text.ts';
import type { World } from './world.ts';

/** One dated duty activity, as the deputy's duty report counts it. */
export interface LoggedActivity {
  type: ActivityType;
  on: string;
  days: number;
}

type Weighted<T> = readonly (readonly [T, number])[];

const TYPE_WEIGHTS: Record<'upper' | 'township', Weighted<Exclude<ActivityType, 'session_meeting'>>> = {
  upper: [
    ['standing_committee_attendance', 0.6],
    ['law_enforcement_inspection', 1.4],
    ['inspection_visit', 1.8],
    ['research', 2],
    ['group_activity', 2],
    ['reception_day', 1],
    ['training', 1],
    ['other', 1],
  ],
  township: [
    ['law_enforcement_inspection', 0.3],
    ['inspection_visit', 2],
    ['research', 1.2],
    ['group_activity', 3],
    ['reception_day', 2],
    ['training', 1],
    ['other', 1.5],
  ],
};

const DAYS: Record<Exclude<ActivityType, 'session_meeting'>, Weighted<number>> = {
  standing_committee_attendance: [
    [1, 1],
    [2, 1],
  ],
  law_enforcement_inspection: [
    [1, 1],
    [2, 1],
    [3, 1],
  ],
  inspection_visit: [
    [1, 4],
    [1.5, 1],
  ],
  research: [
    [1, 1],
    [2, 1],
    [3, 1],
    [4, 1],
  ],
  group_activity: [
    [0.5, 1],
    [1, 3],
    [1.5, 1],
    [2, 1],
  ],
  reception_day: [
    [0.5, 1],
    [1, 1],
  ],
  training: [
    [2, 1],
    [3, 1],
    [4, 1],
  ],
  other: [
    [0.5, 1],
    [1, 2],
    [2, 1],
  ],
};

const ALL_SUBJECTS = Object.values(SUGGESTION_SUBJECTS).flat();

function sessionTitle(term: Term, n: number): string {
  return `出席${term.bodyName}第${chineseNumber(n)}次会议`;
}

function standingCommitteeName(term: Term): string {
  switch (term.level) {
    case 'national':
      return `第${chineseNumber(term.number)}届全国人大常委会`;
    case 'provincial':
      return `省第${chineseNumber(term.number)}届人大常委会`;
    case 'municipal':
      return `市第${chineseNumber(term.number)}届人大常委会`;
    default:
      return `区第${chineseNumber(term.number)}届人大常委会`;
  }
}

function title(
  rng: Rng,
  type: Exclude<ActivityType, 'session_meeting'>,
  d: Deputy,
  on: string,
  world: World,
  stations: Map<string, Station>,
): string {
  switch (type) {
    case 'standing_committee_attendance': {
      const months =
        (yearOf(on) - yearOf(d.term.startsOn)) * 12 +
        Number(on.slice(5, 7)) -
        Number(d.term.startsOn.slice(5, 7));
      return `列席${standingCommitteeName(d.term)}第${chineseNumber(Math.max(1, Math.floor(months / 2) + 1))}次会议`;
    }
    case 'law_enforcement_inspection':
      return `参加${rng.pick(LAWS)}实施情况执法检查`;
    case 'inspection_visit': {
      const district = world.areas.get(d.districtId ?? '') ?? rng.pick(world.districts);
      return `视察${district.name}${rng.pick(VISIT_PROJECTS)}`;
    }
    case 'research':
      return `围绕“${rng.pick(ALL_SUBJECTS)}”开展专题调研`;
    case 'group_activity':
      return `参加代表小组${rng.pick(GROUP_ACTIVITIES)}`;
    case 'reception_day': {
      const station = d.stationIds.length > 0 ? stations.get(rng.pick(d.stationIds)) : undefined;
      return station === undefined
        ? rng.pick(['走访联系原选区选民', '参加代表联络站线上接待活动'])
        : `到${station.name}开展进站履职活动`;
    }
    case 'training':
      return `参加${rng.pick(TRAININGS)}`;
    case 'other':
      return rng.pick(OTHER_ACTIVITIES);
  }
}

function levelKind(level: Level): 'upper' | 'township' {
  return level === 'township' ? 'township' : 'upper';
}

export function buildActivities(
  ctx: Ctx,
  world: World,
  planned: Map<string, PlannedActivity[]>,
  stationList: Station[],
): Map<string, LoggedActivity[]> {
  const rng = ctx.rng.fork('activities');
  const log = new Map<string, LoggedActivity[]>();
  const stations = new Map(stationList.map((s) => [s.id, s]));
  for (const d of world.deputies) {
    const start = d.startOn;
    const end = minDate(d.endOn === null ? ctx.asOf : addDays(d.endOn, -1), ctx.asOf);
    if (end < start) continue;
    const seen = new Set<string>();
    const add = (type: ActivityType, on: string, days: number, text: string): boolean => {
      const key = `${on}|${text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      ctx.t.duty_activities.add([d.id, type, on, days, text.slice(0, 200)]);
      const mine = log.get(d.id) ?? [];
      mine.push({ type, on, days });
      log.set(d.id, mine);
      return true;
    };
    const mine = planned.get(d.id) ?? [];
    const weights = TYPE_WEIGHTS[levelKind(d.level)];
    for (let year = yearOf(start); year <= yearOf(end); year++) {
      const ys = maxDate(start, `${year}-01-01`);
      const ye = minDate(end, `${year}-12-31`);
      if (ye < ys) continue;
      const session = d.term.sessions.find((s) => yearOf(s.opensOn) === year);
      if (session !== undefined && session.opensOn >= ys && session.closesOn <= ye) {
        add(
          'session_meeting',
          session.opensOn,
          dayNumber(session.closesOn) - dayNumber(session.opensOn) + 1,
          sessionTitle(d.term, session.number),
        );
      }
      let sum = 0;
      for (const p of mine) {
        if (yearOf(p.on) === year && p.on >= ys && p.on <= ye && add(p.type, p.on, p.days, p.title))
          sum += p.days;
      }
      const fraction = (dayNumber(ye) - dayNumber(ys) + 1) / 365;
      const target = (rng.chance(0.15) ? rng.float(5, 14) : rng.float(15.5, 20)) * fraction;
      for (let guard = 0; sum < target && guard < 200; guard++) {
        const type = rng.weighted(weights);
        const on = formatDay(rng.int(dayNumber(ys), dayNumber(ye)));
        if (session !== undefined && on >= session.opensOn && on <= session.closesOn) continue;
        const days = rng.weighted(DAYS[type]);
        if (add(type, on, days, title(rng, type, d, on, world, stations))) sum += days;
      }
    }
  }
  return log;
}
