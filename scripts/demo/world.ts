/**
 * Places, congresses, terms, electoral units and deputies of 星澜市, plus groups.
 */

import { expertiseFields } from '#domain/deputies.ts';
import { addDays, dayNumber, formatDay } from './dates.ts';
import {
  AFFILIATIONS,
  DISTRICTS,
  ETHNICITIES,
  PlaceNames,
  WANGCHUAN_STREETS,
  WANGCHUAN_TOWNSHIPS,
  chineseNumber,
  companyName,
  lawFirmName,
} from './names.ts';
import type { DeputyLevel as Level, DeputyStatus } from '#domain/deputies.ts';
import type { AreaKind } from '#domain/places.ts';
import type { Area, Ctx, Deputy, Sector, Term, Unit } from './model.ts';
import { scaled, serves } from './model.ts';
import type { Rng } from './random.ts';

export const CITY_ID = 'xinglan';
export const CITY_NAME = '星澜市';
export const PROVINCE_NAME = '岚海省';
export const DETAILED_DISTRICT = 'wangchuan';

export interface World {
  city: Area;
  areas: Map<string, Area>;
  districts: Area[];
  /** Communities and villages of 望川区, township villages first. */
  wangchuanLeaves: Area[];
  towns: Area[];
  /** One term per level; county and township are 望川区's and its first township's. */
  terms: Record<Level, Term>;
  /** Township terms by town area id. */
  townTerms: Map<string, Term>;
  /** District (county-level) terms by district area id, 望川区 included. */
  districtTerms: Map<string, Term>;
  units: Unit[];
  deputies: Deputy[];
  byLevel: Record<Level, Deputy[]>;
  /** Deputies whose unit covers an area, by area id (direct coverage only). */
  coverage: Map<string, Deputy[]>;
}

// ---------------------------------------------------------------- areas

function addArea(ctx: Ctx, world: Pick<World, 'areas'>, area: Area, sortOrder: number): Area {
  world.areas.set(area.id, area);
  if (area.parentId !== null) world.areas.get(area.parentId)?.children.push(area);
  ctx.t.areas.add([area.id, area.parentId, area.kind, area.name, sortOrder]);
  return area;
}

function jitter(rng: Rng, value: number, spread: number): number {
  return Math.round((value + rng.float(-spread, spread)) * 1e6) / 1e6;
}

function buildAreas(ctx: Ctx): Pick<World, 'city' | 'areas' | 'districts' | 'wangchuanLeaves' | 'towns'> {
  const rng = ctx.rng.fork('areas');
  const world = { areas: new Map<string, Area>() };
  const city = addArea(
    ctx,
    world,
    {
      id: CITY_ID,
      parentId: null,
      kind: 'city',
      name: CITY_NAME,
      districtId: null,
      path: CITY_NAME,
      children: [],
      lat: 29.61,
      lng: 119.66,
    },
    0,
  );
  const districts: Area[] = [];
  const towns: Area[] = [];
  const streetLeaves: Area[] = [];
  const villageLeaves: Area[] = [];
  DISTRICTS.forEach((d, di) => {
    const district = addArea(
      ctx,
      world,
      {
        id: d.id,
        parentId: CITY_ID,
        kind: 'district',
        name: d.name,
        districtId: d.id,
        path: d.name,
        children: [],
        lat: d.lat,
        lng: d.lng,
      },
      di + 1,
    );
    districts.push(district);
    const places = new PlaceNames(rng.fork(d.id));
    const child = (
      parent: Area,
      id: string,
      kind: AreaKind,
      name: string,
      order: number,
      spread: number,
    ): Area =>
      addArea(
        ctx,
        world,
        {
          id,
          parentId: parent.id,
          kind,
          name,
          districtId: d.id,
          path: parent.path + name,
          children: [],
          lat: jitter(rng, parent.lat, spread),
          lng: jitter(rng, parent.lng, spread),
        },
        order,
      );
    if (d.id === DETAILED_DISTRICT) {
      WANGCHUAN_STREETS.forEach((s, si) => {
        const street = child(district, `${d.id}-${s.id}`, 'street', s.name, si + 1, 0.03);
        const n = rng.int(5, 8);
        for (let i = 1; i <= n; i++) {
          streetLeaves.push(
            child(
              street,
              `${street.id}-${String(i).padStart(2, '0')}`,
              'community',
              places.community(),
              i,
              0.008,
            ),
          );
        }
      });
      WANGCHUAN_TOWNSHIPS.forEach((s, si) => {
        const town = child(
          district,
          `${d.id}-${s.id}`,
          'township',
          s.name,
          WANGCHUAN_STREETS.length + si + 1,
          0.06,
        );
        towns.push(town);
        const n = rng.int(5, 8);
        for (let i = 1; i <= n; i++) {
          const isCentre = i === 1;
          villageLeaves.push(
            child(
              town,
              `${town.id}-${String(i).padStart(2, '0')}`,
              isCentre ? 'community' : 'village',
              isCentre ? places.community() : places.village(),
              i,
              0.015,
            ),
          );
        }
      });
    } else {
      const streets = rng.int(4, 6);
      for (let si = 1; si <= streets; si++) {
        const street = child(district, `${d.id}-s${si}`, 'street', places.street(), si, 0.03);
        const n = rng.int(3, 5);
        for (let i = 1; i <= n; i++) {
          child(
            street,
            `${street.id}-${String(i).padStart(2, '0')}`,
            'community',
            places.community(),
            i,
            0.008,
          );
        }
      }
    }
  });
  return { city, areas: world.areas, districts, wangchuanLeaves: [...villageLeaves, ...streetLeaves], towns };
}

// ---------------------------------------------------------------- congresses and terms

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Start year of the term cycle containing asOf: terms start every five years from the base. */
function cycleStart(asOf: string, baseYear: number, monthDay: string): number {
  let year = baseYear;
  while (`${year + 5}-${monthDay}` <= asOf) year += 5;
  while (`${year}-${monthDay}` > asOf) year -= 5;
  return year;
}

function buildTerms(
  ctx: Ctx,
  world: Pick<World, 'towns' | 'districts'>,
): { terms: Record<Level, Term>; townTerms: Map<string, Term>; districtTerms: Map<string, Term> } {
  const rng = ctx.rng.fork('terms');
  const { t } = ctx;
  const y0 = cycleStart(ctx.asOf, 2022, '01-10');
  const k = (y0 - 2022) / 5;
  const yp = cycleStart(ctx.asOf, 2023, '01-16');
  const yn = cycleStart(ctx.asOf, 2023, '03-05');

  const congress = (id: string, level: Level, name: string, areaId: string | null, order: number): void => {
    t.congresses.add([id, level, name, areaId, order]);
  };
  const term = (
    congressId: string,
    level: Level,
    number: number,
    startsOn: string,
    endsOn: string,
    bodyName: string,
    standingCommittee: string | null,
  ): Term => {
    const row: Term = {
      id: `${congressId}-${number}`,
      congressId,
      level,
      number,
      startsOn,
      endsOn,
      bodyName,
      standingCommittee,
      sessions: [],
    };
    t.terms.add([row.id, congressId, number, startsOn, endsOn, 1]);
    return row;
  };
  const sessions = (
    term: Term,
    first: string,
    later: (year: number) => [string, number],
    store: boolean,
  ): void => {
    const startYear = Number(term.startsOn.slice(0, 4));
    for (let i = 1; i <= 5; i++) {
      const year = startYear + i - 1;
      const [opensOn, days] = i === 1 ? [first, later(year)[1]] : later(year);
      if (opensOn > term.endsOn) break;
      const s = {
        number: i,
        opensOn,
        closesOn: addDays(opensOn, days - 1),
        id: store ? `${term.id}-${i}` : null,
      };
      term.sessions.push(s);
      if (s.id !== null) t.sessions.add([s.id, term.id, i, s.opensOn, s.closesOn]);
    }
  };

  congress('national', 'national', '全国人民代表大会', null, 1);
  congress('lanhai-provincial', 'provincial', `${PROVINCE_NAME}人民代表大会`, null, 2);
  congress('xinglan-municipal', 'municipal', `${CITY_NAME}人民代表大会`, CITY_ID, 3);
  // Every district has its own people's congress, as a prefecture-level city portal lists them all.
  world.districts.forEach((district, i) => {
    congress(
      `${district.id}-county`,
      'county',
      `${CITY_NAME}${district.name}人民代表大会`,
      district.id,
      4 + i,
    );
  });
  world.towns.forEach((town, i) => {
    congress(
      `town-${town.id.replace(`${DETAILED_DISTRICT}-`, '')}`,
      'township',
      `${CITY_NAME}望川区${town.name}人民代表大会`,
      town.id,
      4 + world.districts.length + i,
    );
  });

  const npcNumber = 14 + (yn - 2023) / 5;
  const national = term(
    'national',
    'national',
    npcNumber,
    `${yn}-03-05`,
    `${yn + 5}-03-04`,
    `第${chineseNumber(npcNumber)}届全国人民代表大会`,
    '全国人大常委会',
  );
  sessions(national, `${yn}-03-05`, (y) => [`${y}-03-05`, 7], false);

  const provNumber = 14 + (yp - 2023) / 5;
  const provincial = term(
    'lanhai-provincial',
    'provincial',
    provNumber,
    `${yp}-01-16`,
    `${yp + 5}-01-15`,
    `${PROVINCE_NAME}第${chineseNumber(provNumber)}届人民代表大会`,
    '省人大常委会',
  );
  sessions(provincial, `${yp}-01-16`, (y) => [`${y}-01-${pad2(rng.int(17, 22))}`, 5], false);

  const munNumber = 16 + k;
  const municipal = term(
    'xinglan-municipal',
    'municipal',
    munNumber,
    `${y0}-01-10`,
    `${y0 + 5}-01-09`,
    `${CITY_NAME}第${chineseNumber(munNumber)}届人民代表大会`,
    '市人大常委会',
  );
  sessions(municipal, `${y0}-01-10`, (y) => [`${y}-01-${pad2(rng.int(8, 13))}`, 4], true);

  const countyNumber = 18 + k;
  const county = term(
    'wangchuan-county',
    'county',
    countyNumber,
    `${y0}-01-03`,
    `${y0 + 5}-01-02`,
    `望川区第${chineseNumber(countyNumber)}届人民代表大会`,
    '区人大常委会',
  );
  sessions(county, `${y0}-01-03`, (y) => [`${y}-01-${pad2(rng.int(3, 6))}`, 3], true);

  const townTerms = new Map<string, Term>();
  for (const town of world.towns) {
    const congressId = `town-${town.id.replace(`${DETAILED_DISTRICT}-`, '')}`;
    const tt = term(
      congressId,
      'township',
      countyNumber,
      `${y0}-01-02`,
      `${y0 + 5}-01-01`,
      `${town.name}第${chineseNumber(countyNumber)}届人民代表大会`,
      null,
    );
    sessions(tt, `${y0}-01-02`, (y) => [`${y}-02-${pad2(rng.int(18, 26))}`, 2], false);
    townTerms.set(town.id, tt);
  }
  const firstTown = townTerms.values().next().value;
  if (firstTown === undefined) throw new Error('no townships');

  // The other districts' congresses: elected in the same county-level elections as 望川区 (same
  // term dates), but numbered from each district's own founding. Their own random stream, so the
  // rest of the city comes out as before.
  const districtRng = ctx.rng.fork('district-terms');
  const districtTerms = new Map<string, Term>([[DETAILED_DISTRICT, county]]);
  for (const district of world.districts) {
    if (district.id === DETAILED_DISTRICT) continue;
    const number = districtRng.int(8, 19) + k;
    const day = districtRng.int(3, 6);
    const dt = term(
      `${district.id}-county`,
      'county',
      number,
      `${y0}-01-0${day}`,
      `${y0 + 5}-01-0${day - 1}`,
      `${district.name}第${chineseNumber(number)}届人民代表大会`,
      '区人大常委会',
    );
    sessions(dt, dt.startsOn, (y) => [`${y}-01-${pad2(districtRng.int(3, 8))}`, 3], true);
    districtTerms.set(district.id, dt);
  }
  return {
    terms: { national, provincial, municipal, county, township: firstTown },
    townTerms,
    districtTerms,
  };
}

// ---------------------------------------------------------------- electoral units

function allocate(total: number, weights: readonly number[], minimum: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const base = weights.map((w) => Math.max(minimum, Math.floor((total * w) / sum)));
  let left = total - base.reduce((a, b) => a + b, 0);
  const order = weights
    .map((w, i) => ({ i, r: (total * w) / sum - Math.floor((total * w) / sum) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (let j = 0; left > 0; j = (j + 1) % order.length, left--) {
    const idx = order[j]?.i ?? 0;
    base[idx] = (base[idx] ?? 0) + 1;
  }
  return base;
}

/** Seats per constituency: one to three, as the election law allows for direct elections. */
function splitSeats(rng: Rng, total: number): number[] {
  const seats: number[] = [];
  let left = total;
  while (left > 0) {
    const s = Math.min(
      left,
      rng.weighted([
        [1, 2],
        [2, 4],
        [3, 4],
      ] as const),
    );
    seats.push(s);
    left -= s;
  }
  return seats;
}

/** Constituencies spread evenly over the leaves, each covering 1-3 neighbouring leaves of one parent. */
function constituencies(
  rng: Rng,
  term: Term,
  leaves: Area[],
  total: number,
  units: Unit[],
  districtId: string,
  townId: string | null,
): Unit[] {
  const seatList = splitSeats(rng, total);
  const out: Unit[] = [];
  seatList.forEach((seats, i) => {
    const start = Math.floor((i * leaves.length) / seatList.length);
    const first = leaves[start];
    if (first === undefined) return;
    const width = rng.int(1, 3);
    const covered = leaves.slice(start, start + width).filter((l) => l.parentId === first.parentId);
    const names = covered.map((l) => l.name).join('、');
    const unit: Unit = {
      id: `${term.id}-c${String(i + 1).padStart(3, '0')}`,
      term,
      kind: 'constituency',
      name: `第${i + 1}选区（${names}）`,
      areaIds: covered.map((l) => l.id),
      seats,
      districtId,
      townId,
    };
    out.push(unit);
    units.push(unit);
  });
  coverEveryLeaf(leaves, out);
  return out;
}

/**
 * Every community and village belongs to a constituency, whatever the scale: a leaf the spread
 * above skipped (fewer seats than leaves in a small city) joins the constituency of the leaf before
 * it, else the next one. "Find my deputies" then shows the directly elected level on every page.
 * Uses no random numbers, so a city where every leaf is already covered comes out unchanged.
 */
function coverEveryLeaf(leaves: readonly Area[], units: Unit[]): void {
  if (units.length === 0) return;
  const unitOf = new Map<string, Unit>();
  for (const unit of units) for (const id of unit.areaIds) if (!unitOf.has(id)) unitOf.set(id, unit);
  let previous: Unit | undefined;
  const joined = new Set<Unit>();
  leaves.forEach((leaf, i) => {
    const own = unitOf.get(leaf.id);
    if (own) {
      previous = own;
      return;
    }
    const next = leaves.slice(i + 1).find((l) => unitOf.has(l.id));
    const unit = previous ?? (next ? unitOf.get(next.id) : undefined) ?? units[0];
    if (unit === undefined) return;
    unit.areaIds.push(leaf.id);
    unitOf.set(leaf.id, unit);
    joined.add(unit);
    previous = unit;
  });
  // Names list the covered places; a long list is shortened to stay within the name's 80 characters.
  for (const unit of joined) {
    const covered = unit.areaIds.flatMap((id) => leaves.filter((l) => l.id === id));
    const names = covered.map((l) => l.name);
    const kinds = new Set(covered.map((l) => l.kind));
    const what = kinds.has('village') ? (kinds.has('community') ? '社区和村' : '村') : '社区';
    const number = unit.name.slice(0, unit.name.indexOf('（'));
    unit.name =
      names.length <= 4
        ? `${number}（${names.join('、')}）`
        : `${number}（${names.slice(0, 2).join('、')}等${names.length}个${what}）`;
  }
}

// ---------------------------------------------------------------- deputies

const MILITARY_ROLES = ['政治委员', '参谋长', '主任', '军医', '技师', '营长'];
const HOSPITAL_DEPTS = ['心内科', '儿科', '急诊科', '全科医学科', '肿瘤科', '妇产科', '护理部'];
const COLLEGES = ['经济管理', '机械工程', '法学', '教育科学', '医学', '信息工程'];
const CITY_DEPTS = [
  '教育局',
  '民政局',
  '住房和城乡建设局',
  '交通运输局',
  '农业农村局',
  '卫生健康委员会',
  '生态环境局',
  '市场监督管理局',
  '人力资源和社会保障局',
  '商务局',
];
const SOCIETIES = ['个体劳动者协会', '残疾人联合会', '慈善总会', '青年企业家协会', '工商业联合会'];

interface PlaceContext {
  district: Area | null;
  street: Area | null;
  community: Area | null;
  town: Area | null;
  village: Area | null;
}

function unitPosition(rng: Rng, sector: Sector, level: Level, where: PlaceContext): string {
  const d = where.district?.name ?? '';
  const prefix = `${CITY_NAME}${d}`;
  const street = where.street?.name ?? where.town?.name ?? '';
  const community = where.community?.name ?? where.village?.name ?? '';
  const options: string[] = [];
  switch (sector) {
    case 'worker_farmer':
      options.push(
        `${companyName(rng)}一线职工`,
        `${companyName(rng)}车间主任`,
        `${companyName(rng)}高级技师`,
      );
      if (where.village !== null)
        options.push(
          `${prefix}${street}${community}党支部书记`,
          `${prefix}${street}${community}村民委员会主任`,
        );
      if (community !== '') options.push(`${prefix}${street}${community}党委书记、居民委员会主任`);
      if (where.town !== null)
        options.push(`${prefix}${street}${community.replace(/[村社区]+$/, '')}果蔬专业合作社理事长`);
      break;
    case 'professional':
      options.push(
        `${CITY_NAME}第${chineseNumber(rng.int(1, 6))}人民医院${rng.pick(HOSPITAL_DEPTS)}主任医师`,
        `${CITY_NAME}第${chineseNumber(rng.int(1, 12))}中学校长`,
        `${prefix}实验小学教师`,
        `${lawFirmName(rng)}主任`,
        `星澜学院${rng.pick(COLLEGES)}学院教授`,
        `${prefix}疾病预防控制中心副主任`,
      );
      break;
    case 'official':
      if (level === 'township') {
        options.push(
          `${prefix}${street}人民政府副镇长`,
          `${prefix}${street}党委委员`,
          `${prefix}${street}人大主席`,
        );
      } else if (level === 'county') {
        options.push(
          `${prefix}${rng.pick(CITY_DEPTS).replace('委员会', '局')}局长`,
          `${prefix}${street}党工委书记`,
          `${prefix}${street}办事处主任`,
          `${prefix}人大常委会委员`,
        );
      } else {
        const dept = rng.pick(CITY_DEPTS);
        options.push(
          `${CITY_NAME}${dept}${dept.endsWith('委员会') ? '副主任' : '副局长'}`,
          `${prefix}人民政府副区长`,
          `${prefix}${street}党工委书记`,
          `${CITY_NAME}人大常委会委员`,
        );
      }
      break;
    case 'business':
      options.push(`${companyName(rng)}董事长`, `${companyName(rng)}总经理`, `${companyName(rng)}执行董事`);
      break;
    case 'other':
      options.push(
        `${CITY_NAME}${rng.pick(SOCIETIES)}副秘书长`,
        `${prefix}${street}${community}居民`,
        `${prefix}社会工作服务中心主任`,
      );
      break;
  }
  return rng.pick(options).slice(0, 120);
}

const SECTOR_WEIGHTS: readonly (readonly [Sector, number])[] = [
  ['worker_farmer', 27],
  ['professional', 25],
  ['official', 24],
  ['business', 17],
  ['other', 7],
];

function pickLeafPlace(rng: Rng, area: Area | undefined): PlaceContext {
  const out: PlaceContext = { district: null, street: null, community: null, town: null, village: null };
  if (area === undefined) return out;
  out.district = area;
  const mid = area.children.length > 0 ? rng.pick(area.children) : null;
  if (mid !== null) {
    if (mid.kind === 'township') out.town = mid;
    else out.street = mid;
    const leaf = mid.children.length > 0 ? rng.pick(mid.children) : null;
    if (leaf !== null) {
      if (leaf.kind === 'village') out.village = leaf;
      else out.community = leaf;
    }
  }
  return out;
}

interface DeputyDraft {
  level: Level;
  term: Term;
  unit: Unit;
  districtId: string | null;
  townId: string | null;
  place: PlaceContext;
  forceSector?: Sector;
  military?: boolean;
}

function buildDeputy(ctx: Ctx, rng: Rng, id: string, draft: DeputyDraft): Deputy {
  const gender = rng.chance(0.31) ? 'female' : 'male';
  const sector: Sector = draft.forceSector ?? rng.weighted(SECTOR_WEIGHTS);
  const deputy: Deputy = {
    id,
    name: ctx.names.person(gender),
    gender,
    level: draft.level,
    term: draft.term,
    unit: draft.unit,
    districtId: draft.districtId,
    townId: draft.townId,
    sector,
    official: sector === 'official',
    reelected: rng.chance(0.3),
    status: 'serving',
    startOn: draft.term.startsOn,
    endOn: null,
    events: [{ status: 'serving', on: draft.term.startsOn, reason: electedReason(draft.unit) }],
    zeal: rng.weighted([
      [0.3, 2],
      [1, 5],
      [2, 2],
      [4, 1],
    ] as const),
    stationIds: [],
  };
  return deputy;
}

function electedReason(unit: Unit): string {
  return unit.kind === 'constituency' ? `由${unit.name}选民直接选举产生` : `由${unit.name}选举产生`;
}

function deputyRow(ctx: Ctx, rng: Rng, d: Deputy, draft: DeputyDraft): void {
  const position = draft.military
    ? `驻星澜部队某部${rng.pick(MILITARY_ROLES)}`
    : unitPosition(rng, d.sector, d.level, draft.place);
  const birth = rng.int(1960, 1996);
  const hasContact = rng.chance(0.35);
  const last = d.events[d.events.length - 1];
  const statusSince = last?.on ?? d.term.startsOn;
  ctx.t.deputies.add([
    d.id,
    d.name,
    d.gender,
    rng.weighted(ETHNICITIES),
    birth,
    draft.military ? '中共党员' : rng.weighted(AFFILIATIONS),
    null,
    d.term.id,
    d.unit.id,
    position,
    d.sector,
    d.official ? 1 : 0,
    d.reelected ? 1 : 0,
    hasContact ? `010-0001${String(rng.int(0, 9999)).padStart(4, '0')}` : null,
    hasContact ? `${d.id}@example.cn` : null,
    d.status,
    statusSince,
    `${statusSince}T02:00:00Z`,
  ]);
  for (const e of d.events) ctx.t.deputy_status_events.add([d.id, e.status, e.on, e.reason]);
}

const EXPERTISE = expertiseFields;

function statusReason(status: DeputyStatus, d: Deputy, rng: Rng): string {
  const upper = d.unit.kind === 'electoral_unit';
  switch (status) {
    case 'resigned':
      return upper
        ? rng.pick([
            `因工作调动，本人向原选举单位${d.unit.name}常务委员会书面提出辞去代表职务，经常委会会议决定接受`,
            `因退休离开原工作岗位，本人书面提出辞去代表职务，经${d.unit.name}常务委员会会议决定接受`,
          ])
        : rng.pick([
            '因工作变动，本人书面提出辞去代表职务，经常委会会议决定接受',
            '因个人原因，本人书面提出辞去代表职务，经会议决定接受',
          ]);
    case 'removed':
      return upper
        ? `经原选举单位${d.unit.name}常务委员会会议表决通过，罢免其代表职务`
        : '经原选区选民依法投票表决，罢免其代表职务';
    case 'terminated':
      return upper ? '因调离本行政区域，代表资格终止' : '因迁出原选区所在行政区域，代表资格终止';
    case 'deceased':
      return '因病去世，代表资格终止';
    case 'serving':
      return '';
  }
}

function applyStatusChanges(
  ctx: Ctx,
  rng: Rng,
  pool: Deputy[],
  changes: readonly (readonly [DeputyStatus, number])[],
): Deputy[] {
  const changed: Deputy[] = [];
  const chosen = rng.sample(
    pool,
    changes.reduce((a, [, n]) => a + n, 0),
  );
  let index = 0;
  for (const [status, n] of changes) {
    for (let i = 0; i < n; i++) {
      const d = chosen[index++];
      if (d === undefined) break;
      const lo = addDays(d.term.startsOn, 60);
      const hi = addDays(ctx.asOf, -14);
      if (hi < lo) continue;
      const on = formatDay(rng.int(dayNumber(lo), dayNumber(hi)));
      d.status = status;
      d.endOn = on;
      d.events.push({ status, on, reason: statusReason(status, d, rng) });
      changed.push(d);
    }
  }
  return changed;
}

export function buildWorld(ctx: Ctx): World {
  const rng = ctx.rng.fork('deputies');
  const areaPart = buildAreas(ctx);
  const { terms, townTerms, districtTerms } = buildTerms(ctx, areaPart);
  const units: Unit[] = [];
  const deputies: Deputy[] = [];
  const drafts = new Map<string, DeputyDraft>();
  const add = (id: string, draft: DeputyDraft, from: Rng = rng): Deputy => {
    const d = buildDeputy(ctx, from, id, draft);
    deputies.push(d);
    drafts.set(d.id, draft);
    return d;
  };
  const district = (id: string): Area | undefined => areaPart.areas.get(id);
  const emptyPlace: PlaceContext = {
    district: null,
    street: null,
    community: null,
    town: null,
    village: null,
  };

  // National deputies: elected by the provincial congress; provincial: by the city congress.
  const nationalUnit: Unit = {
    id: `${terms.national.id}-lanhai`,
    term: terms.national,
    kind: 'electoral_unit',
    name: `${PROVINCE_NAME}人民代表大会`,
    areaIds: [CITY_ID],
    seats: scaled(ctx, 3, 1),
    districtId: null,
    townId: null,
  };
  const provincialUnit: Unit = {
    id: `${terms.provincial.id}-xinglan`,
    term: terms.provincial,
    kind: 'electoral_unit',
    name: `${CITY_NAME}人民代表大会`,
    areaIds: [CITY_ID],
    seats: scaled(ctx, 12, 2),
    districtId: null,
    townId: null,
  };
  units.push(nationalUnit, provincialUnit);
  for (let i = 1; i <= nationalUnit.seats; i++) {
    add(`n${String(i).padStart(4, '0')}`, {
      level: 'national',
      term: terms.national,
      unit: nationalUnit,
      districtId: null,
      townId: null,
      place: pickLeafPlace(rng, rng.pick(areaPart.districts)),
    });
  }
  for (let i = 1; i <= provincialUnit.seats; i++) {
    add(`p${String(i).padStart(4, '0')}`, {
      level: 'provincial',
      term: terms.provincial,
      unit: provincialUnit,
      districtId: null,
      townId: null,
      place: pickLeafPlace(rng, rng.pick(areaPart.districts)),
    });
  }

  // Municipal deputies: elected by the eight district congresses and the garrison.
  const municipalTotal = scaled(ctx, 600, 24);
  const military = Math.max(1, Math.round(municipalTotal * 0.03));
  const perDistrict = allocate(
    municipalTotal - military,
    DISTRICTS.map((d) => d.weight),
    1,
  );
  let mIndex = 0;
  DISTRICTS.forEach((d, i) => {
    const seats = perDistrict[i] ?? 1;
    const unit: Unit = {
      id: `${terms.municipal.id}-${d.id}`,
      term: terms.municipal,
      kind: 'electoral_unit',
      name: `${d.name}人民代表大会`,
      areaIds: [d.id],
      seats,
      districtId: d.id,
      townId: null,
    };
    units.push(unit);
    for (let j = 0; j < seats; j++) {
      add(`m${String(++mIndex).padStart(4, '0')}`, {
        level: 'municipal',
        term: terms.municipal,
        unit,
        districtId: d.id,
        townId: null,
        place: pickLeafPlace(rng, district(d.id)),
      });
    }
  });
  const pla: Unit = {
    id: `${terms.municipal.id}-pla`,
    term: terms.municipal,
    kind: 'electoral_unit',
    name: '驻星澜部队',
    areaIds: [],
    seats: military,
    districtId: null,
    townId: null,
  };
  units.push(pla);
  for (let j = 0; j < military; j++) {
    add(`m${String(++mIndex).padStart(4, '0')}`, {
      level: 'municipal',
      term: terms.municipal,
      unit: pla,
      districtId: null,
      townId: null,
      place: emptyPlace,
      forceSector: 'other',
      military: true,
    });
  }

  // County (望川区) deputies: constituencies over communities and villages.
  const countyTotal = scaled(ctx, 250, 8);
  const countyUnits = constituencies(
    rng,
    terms.county,
    areaPart.wangchuanLeaves,
    countyTotal,
    units,
    DETAILED_DISTRICT,
    null,
  );
  let cIndex = 0;
  for (const unit of countyUnits) {
    const leaf = areaPart.areas.get(unit.areaIds[0] ?? '');
    const parent = leaf?.parentId ? areaPart.areas.get(leaf.parentId) : undefined;
    for (let j = 0; j < unit.seats; j++) {
      add(`c${String(++cIndex).padStart(4, '0')}`, {
        level: 'county',
        term: terms.county,
        unit,
        districtId: DETAILED_DISTRICT,
        townId: parent?.kind === 'township' ? parent.id : null,
        place: {
          district: district(DETAILED_DISTRICT) ?? null,
          street: parent?.kind === 'street' ? parent : null,
          town: parent?.kind === 'township' ? parent : null,
          community: leaf?.kind === 'community' ? leaf : null,
          village: leaf?.kind === 'village' ? leaf : null,
        },
      });
    }
  }

  // Township deputies of the three townships.
  const townshipTotal = scaled(ctx, 150, 9);
  const perTown = allocate(
    townshipTotal,
    areaPart.towns.map(() => 1),
    3,
  );
  let tIndex = 0;
  areaPart.towns.forEach((town, i) => {
    const term = townTerms.get(town.id);
    if (term === undefined) return;
    const townUnits = constituencies(
      rng,
      term,
      town.children,
      perTown[i] ?? 3,
      units,
      DETAILED_DISTRICT,
      town.id,
    );
    for (const unit of townUnits) {
      const leaf = areaPart.areas.get(unit.areaIds[0] ?? '');
      for (let j = 0; j < unit.seats; j++) {
        add(`t${String(++tIndex).padStart(4, '0')}`, {
          level: 'township',
          term,
          unit,
          districtId: DETAILED_DISTRICT,
          townId: town.id,
          place: {
            district: district(DETAILED_DISTRICT) ?? null,
            street: null,
            town,
            community: leaf?.kind === 'community' ? leaf : null,
            village: leaf?.kind === 'village' ? leaf : null,
          },
        });
      }
    }
  });

  // Status changes: a few resigned, a couple removed and terminated, with by-elections.
  const statusRng = ctx.rng.fork('status');
  // The first deputy of every unit keeps serving, so every covered area keeps its deputies.
  const firstOfUnit = new Set<string>();
  const seenUnits = new Set<string>();
  for (const d of deputies) {
    if (seenUnits.has(d.unit.id)) continue;
    seenUnits.add(d.unit.id);
    firstOfUnit.add(d.id);
  }
  const byLevelPool = (level: Level): Deputy[] =>
    deputies.filter((d) => d.level === level && d.unit.id !== pla.id && !firstOfUnit.has(d.id));
  const changedMunicipal = applyStatusChanges(ctx, statusRng, byLevelPool('municipal'), [
    ['resigned', scaled(ctx, 4, 1)],
    ['removed', scaled(ctx, 1, 1)],
    ['terminated', scaled(ctx, 2, 1)],
  ]);
  applyStatusChanges(ctx, statusRng, byLevelPool('county'), [
    ['resigned', scaled(ctx, 3, 1)],
    ['removed', Math.round(ctx.scale)],
    ['terminated', scaled(ctx, 1, 1)],
  ]);
  applyStatusChanges(ctx, statusRng, byLevelPool('township'), [
    ['resigned', scaled(ctx, 2, 1)],
    ['terminated', Math.round(ctx.scale)],
  ]);
  for (const gone of changedMunicipal) {
    if (gone.endOn === null || !statusRng.chance(0.6)) continue;
    const on = addDays(gone.endOn, statusRng.int(45, 120));
    if (on > addDays(ctx.asOf, -7)) continue;
    const draft = drafts.get(gone.id);
    if (draft === undefined) continue;
    const d = add(`m${String(++mIndex).padStart(4, '0')}`, {
      ...draft,
      place: pickLeafPlace(rng, draft.place.district ?? undefined),
    });
    d.startOn = on;
    d.reelected = false;
    d.events = [{ status: 'serving', on, reason: `经${d.unit.name}补选当选` }];
  }

  // District deputies of the other seven districts: constituencies over every community, fewer
  // seats than 望川区's by the districts' size. Their own random stream and added last, so the
  // deputies above keep their names, places and rows.
  const districtRng = ctx.rng.fork('district-deputies');
  for (const d of DISTRICTS) {
    const term = districtTerms.get(d.id);
    const area = district(d.id);
    if (d.id === DETAILED_DISTRICT || term === undefined || area === undefined) continue;
    const leaves = area.children.flatMap((street) => street.children);
    const seats = scaled(ctx, Math.round(8.5 * d.weight), 3);
    for (const unit of constituencies(districtRng, term, leaves, seats, units, d.id, null)) {
      const leaf = areaPart.areas.get(unit.areaIds[0] ?? '');
      const street = leaf?.parentId ? areaPart.areas.get(leaf.parentId) : undefined;
      for (let j = 0; j < unit.seats; j++) {
        add(
          `c${String(++cIndex).padStart(4, '0')}`,
          {
            level: 'county',
            term,
            unit,
            districtId: d.id,
            townId: null,
            place: {
              district: area,
              street: street ?? null,
              town: null,
              community: leaf ?? null,
              village: null,
            },
          },
          districtRng,
        );
      }
    }
  }
  // A few of them left during the term too (none in a tiny city); the first of each constituency
  // keeps serving, so every community keeps its district deputies.
  const otherDistricts = deputies.filter((d) => d.level === 'county' && d.districtId !== DETAILED_DISTRICT);
  applyStatusChanges(
    ctx,
    districtRng,
    otherDistricts.filter((d, i) => otherDistricts.findIndex((o) => o.unit === d.unit) !== i),
    [
      ['resigned', scaled(ctx, 5, 0)],
      ['terminated', scaled(ctx, 2, 0)],
    ],
  );

  // Rows: units, coverage, deputies, expertise.
  for (const unit of units) {
    const seats = deputies.filter((d) => d.unit === unit && d.events[0]?.on === d.term.startsOn).length;
    ctx.t.electoral_units.add([unit.id, unit.term.id, unit.kind, unit.name, Math.max(1, seats)]);
    for (const areaId of unit.areaIds) ctx.t.electoral_unit_areas.add([unit.id, areaId]);
  }
  const coverage = new Map<string, Deputy[]>();
  for (const d of deputies) {
    const draft = drafts.get(d.id);
    if (draft !== undefined) deputyRow(ctx, rng, d, draft);
    for (const areaId of d.unit.areaIds) {
      const list = coverage.get(areaId) ?? [];
      list.push(d);
      coverage.set(areaId, list);
    }
    if (rng.chance(d.sector === 'professional' ? 0.7 : 0.3)) {
      for (const field of rng.sample(EXPERTISE, rng.chance(0.3) ? 2 : 1))
        ctx.t.deputy_expertise.add([d.id, field]);
    }
  }
  const byLevel: Record<Level, Deputy[]> = {
    national: [],
    provincial: [],
    municipal: [],
    county: [],
    township: [],
  };
  for (const d of deputies) byLevel[d.level].push(d);
  return { ...areaPart, terms, townTerms, districtTerms, units, deputies, byLevel, coverage };
}

// ---------------------------------------------------------------- groups

export function buildGroups(ctx: Ctx, world: World): void {
  const rng = ctx.rng.fork('groups');
  const { t } = ctx;
  const asOf = ctx.asOf;
  const municipal = world.byLevel.municipal.filter((d) => serves(d, asOf));
  const byUnit = new Map<string, Deputy[]>();
  for (const d of municipal) {
    const list = byUnit.get(d.unit.id) ?? [];
    list.push(d);
    byUnit.set(d.unit.id, list);
  }
  const unitList = [...byUnit.entries()];
  const groupTotal = Math.max(unitList.length, Math.round(40 * Math.sqrt(Math.min(ctx.scale, 4))));
  const counts = allocate(
    groupTotal - unitList.length,
    unitList.map(([, list]) => list.length),
    0,
  ).map((n) => n + 1);
  unitList.forEach(([unitId, list], ui) => {
    const unit = world.units.find((u) => u.id === unitId);
    if (unit === undefined) return;
    const n = Math.min(counts[ui] ?? 1, Math.max(1, Math.floor(list.length / 3)));
    const members = rng.shuffled(list);
    const area = unit.districtId === null ? world.city : world.areas.get(unit.districtId);
    const place = unit.districtId === null ? '驻星澜部队' : (area?.name ?? '');
    for (let g = 0; g < n; g++) {
      const id = `g-${unit.districtId ?? 'pla'}-${g + 1}`;
      const streets = area?.children.slice(g * 2, g * 2 + 2).map((s) => s.name) ?? [];
      t.deputy_groups.add([
        id,
        n === 1 ? `市人大代表${place}代表小组` : `市人大代表${place}第${chineseNumber(g + 1)}代表小组`,
        'group',
        world.terms.municipal.congressId,
        area?.id ?? CITY_ID,
        streets.length > 0
          ? `由${unit.name}选出的部分市人大代表组成，主要联系${streets.join('、')}。`
          : `由${unit.name}选出的市人大代表组成。`,
      ]);
      const mine = members.filter((_, i) => i % n === g);
      mine.forEach((d, i) => {
        t.deputy_group_members.add([
          id,
          d.id,
          i === 0 ? 'leader' : i === 1 ? 'vice_leader' : i === 2 ? 'liaison' : 'member',
        ]);
      });
    }
  });

  // Five-level joint groups, one per township of 望川区.
  const wangchuanMunicipal = municipal.filter((d) => d.districtId === DETAILED_DISTRICT);
  world.towns.forEach((town, i) => {
    const leafIds = new Set(town.children.map((c) => c.id));
    const county = world.byLevel.county.filter(
      (d) => serves(d, asOf) && d.unit.areaIds.some((a) => leafIds.has(a)),
    );
    const township = world.byLevel.township.filter((d) => serves(d, asOf) && d.townId === town.id);
    const national = world.byLevel.national.filter((d) => serves(d, asOf));
    const provincial = world.byLevel.provincial.filter((d) => serves(d, asOf));
    const picked: [Deputy, string][] = [];
    const take = (list: Deputy[], k: number, roles: string[]): void => {
      rng.sample(list, k).forEach((d, j) => picked.push([d, roles[j] ?? 'member']));
    };
    take(wangchuanMunicipal, rng.int(3, 6), ['leader']);
    take(township, rng.int(5, 9), ['vice_leader']);
    take(county, rng.int(5, 9), ['liaison']);
    const nat = national[i % Math.max(1, national.length)];
    if (nat !== undefined) picked.push([nat, 'member']);
    take(provincial, rng.int(1, 2), []);
    const id = `jg-${town.id.replace(`${DETAILED_DISTRICT}-`, '')}`;
    t.deputy_groups.add([
      id,
      `望川区${town.name}五级人大代表联合小组`,
      'joint_group',
      null,
      town.id,
      `由在${town.name}工作生活的全国、省、市、区、镇五级人大代表组成，统一开展联系群众活动。`,
    ]);
    const seen = new Set<string>();
    let hasLeader = false;
    for (const [d, role] of picked) {
      if (seen.has(d.id)) continue;
      seen.add(d.id);
      const r = role === 'leader' && hasLeader ? 'member' : role;
      if (r === 'leader') hasLeader = true;
      t.deputy_group_members.add([id, d.id, r]);
    }
  });
}
