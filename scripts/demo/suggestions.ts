/**
 * Handling units, motions and suggestions with assignments, replies, ratings, re-handling and the
 * commitment ledger, for the sessions of the municipal term up to asOf.
 *
 * What a journalist checks, and this file keeps true: motions (议案) are referred to the congress's
 * special committees; a suggestion goes to the unit of its field; titles name a concrete object in
 * a real place of the city and the body speaks of the same; a case sent back after an unsatisfied
 * rating is closed only after a later reply.
 */

import type { ResultClass, Satisfaction, SuggestionCategory } from '#domain/suggestions.ts';
import { addDays, addMonths, dayNumber, formatDay, minDate, yearOf } from './dates.ts';
import type { Ctx, Deputy } from './model.ts';
import { serves } from './model.ts';
import type { Area } from './model.ts';
import { DISTRICTS } from './names.ts';
import type { Rng } from './random.ts';
import {
  CATEGORY_WEIGHTS,
  COMMITMENT_ACTIONS,
  C_REASONS,
  PROBLEM_SENTENCES,
  RECOMMENDATIONS,
} from './text.ts';
import {
  FIELD_UNITS,
  MOTION_TOPICS,
  SPECIAL_COMMITTEES,
  SUGGESTION_TOPICS,
  type MotionTopic,
  type SuggestionTopic,
} from './topics.ts';
import { CITY_NAME, DETAILED_DISTRICT, type World } from './world.ts';

export interface HandlingUnit {
  id: string;
  name: string;
  kind: 'government_department' | 'district_government' | 'court' | 'procuratorate' | 'enterprise' | 'other';
}

const DEPARTMENTS: readonly [string, string][] = [
  ['dept-development', '发展和改革委员会'],
  ['dept-economy', '经济和信息化局'],
  ['dept-education', '教育局'],
  ['dept-science', '科学技术局'],
  ['dept-public-security', '公安局'],
  ['dept-civil-affairs', '民政局'],
  ['dept-justice', '司法局'],
  ['dept-finance', '财政局'],
  ['dept-hr', '人力资源和社会保障局'],
  ['dept-natural-resources', '自然资源和规划局'],
  ['dept-environment', '生态环境局'],
  ['dept-housing', '住房和城乡建设局'],
  ['dept-transport', '交通运输局'],
  ['dept-water', '水利局'],
  ['dept-agriculture', '农业农村局'],
  ['dept-commerce', '商务局'],
  ['dept-culture', '文化广电旅游局'],
  ['dept-health', '卫生健康委员会'],
  ['dept-veterans', '退役军人事务局'],
  ['dept-emergency', '应急管理局'],
  ['dept-market', '市场监督管理局'],
  ['dept-sports', '体育局'],
  ['dept-medical-insurance', '医疗保障局'],
  ['dept-urban-management', '城市管理局'],
  ['dept-data', '数据资源管理局'],
];

export function handlingUnits(): HandlingUnit[] {
  const units: HandlingUnit[] = DEPARTMENTS.map(([id, name]) => ({
    id,
    name: `${CITY_NAME}${name}`,
    kind: 'government_department',
  }));
  for (const d of DISTRICTS)
    units.push({ id: `gov-${d.id}`, name: `${CITY_NAME}${d.name}人民政府`, kind: 'district_government' });
  units.push(
    { id: 'court-xinglan', name: `${CITY_NAME}中级人民法院`, kind: 'court' },
    { id: 'procuratorate-xinglan', name: `${CITY_NAME}人民检察院`, kind: 'procuratorate' },
    { id: 'ent-water', name: '星澜水务集团有限公司', kind: 'enterprise' },
    { id: 'ent-bus', name: '星澜公交集团有限公司', kind: 'enterprise' },
  );
  // The schema has no committee kind; 'other' with the congress's name in the unit's name says it
  // plainly (星澜市人民代表大会法制委员会), without a migration.
  for (const c of SPECIAL_COMMITTEES)
    units.push({ id: c.id, name: `${CITY_NAME}人民代表大会${c.name}`, kind: 'other' });
  return units;
}

const SATISFACTION_BY_CLASS: Record<ResultClass, readonly (readonly [Satisfaction, number])[]> = {
  A: [
    ['satisfied', 88],
    ['basically_satisfied', 10],
    ['dissatisfied', 2],
  ],
  B: [
    ['satisfied', 70],
    ['basically_satisfied', 22],
    ['dissatisfied', 8],
  ],
  C: [
    ['satisfied', 45],
    ['basically_satisfied', 35],
    ['dissatisfied', 20],
  ],
};

export interface SuggestionStats {
  /** Filing dates of the motions and suggestions each deputy led, by deputy id. */
  led: Map<string, string[]>;
  /** Filing dates of those each deputy co-signed. */
  cosigned: Map<string, string[]>;
}

function note(map: Map<string, string[]>, deputyId: string, on: string): void {
  const list = map.get(deputyId) ?? [];
  list.push(on);
  map.set(deputyId, list);
}

/** How many of the dates fall in the year and before the day (a report counts what came before it). */
export function countInYearBefore(
  dates: readonly string[] | undefined,
  year: number,
  before: string,
): number {
  let n = 0;
  for (const on of dates ?? []) if (yearOf(on) === year && on < before) n++;
  return n;
}

/** The subject a suggestion is about: a place of the city (or the whole city) and a topic. */
interface Subject {
  /** e.g. 澜东区桂苑社区, or 我市 for the whole city. */
  place: string;
  topic: SuggestionTopic;
}

/** Areas of a kind in a district, in a stable order. */
function descendants(area: Area, kinds: ReadonlySet<string>): Area[] {
  const out: Area[] = [];
  const walk = (a: Area): void => {
    for (const c of a.children) {
      if (kinds.has(c.kind)) out.push(c);
      walk(c);
    }
  };
  walk(area);
  return out;
}

const STREET_KINDS = new Set(['street', 'township']);
const COMMUNITY_KINDS = new Set(['community']);
const VILLAGE_KINDS = new Set(['village']);

/** Names the place of a topic within the deputy's district (or, for the few with none, the city). */
function placeFor(rng: Rng, topic: SuggestionTopic, district: Area | undefined): string {
  if (district === undefined || rng.chance(0.08)) return '我市';
  const pathIn = (kinds: ReadonlySet<string>): string => {
    const list = descendants(district, kinds);
    return list.length === 0 ? district.name : rng.pick(list).path;
  };
  switch (topic.scope) {
    case 'district':
      // A district-wide topic is often raised about one street of it.
      return rng.chance(0.6) ? district.name : pathIn(STREET_KINDS);
    case 'street':
      return pathIn(STREET_KINDS);
    case 'community':
      return pathIn(COMMUNITY_KINDS);
    case 'village':
      return district.id === DETAILED_DISTRICT ? pathIn(VILLAGE_KINDS) : district.name;
  }
}

/** The title of a suggestion about a subject, e.g. 关于加快澜东区桂苑社区老旧小区加装电梯的建议. */
function suggestionTitle(action: string, subject: Subject): string {
  return `关于${action}${subject.place}${subject.topic.object}的建议`;
}

function suggestionBody(rng: Rng, subject: Subject): string {
  const { place, topic } = subject;
  const [r1, r2] = rng.sample(topic.recommendations, 2);
  return (
    `${place}${topic.object}${rng.pick(topic.problems)}。${rng.pick(PROBLEM_SENTENCES)}` +
    `建议：一是${r1 ?? ''}；二是${r2 ?? ''}；三是${rng.pick(RECOMMENDATIONS)}。`
  );
}

function motionTitle(verb: string, topic: MotionTopic): string {
  return `关于${verb}《${CITY_NAME}${topic.subject}条例》的议案`;
}

function motionBody(verb: string, topic: MotionTopic): string {
  return (
    `${topic.reason}。为此，建议${verb}《${CITY_NAME}${topic.subject}条例》，重点规定以下内容：` +
    `一是明确${topic.subject}工作的主管部门和相关部门职责；二是细化${topic.subject}的具体措施、标准和程序；` +
    `三是设定与违法行为相适应的法律责任，并规定听取公众意见的途径。`
  );
}

function replyBody(
  rng: Rng,
  cls: ResultClass | null,
  deputy: Deputy,
  item: { kind: 'motion' | 'suggestion'; title: string; number: number; about: string },
  unit: HandlingUnit,
  leadUnit: HandlingUnit,
  year: number,
  round: number,
): string {
  const { kind, title, number, about } = item;
  const again = round > 1 ? '根据您对上一轮答复的意见，我单位再次进行了研究，并与您当面沟通。' : '';
  if (kind === 'motion') {
    const head = `${deputy.name}代表：您领衔提出的《${title}》（第${number}号）经大会主席团交本委员会审议，现将审议结果报告如下。`;
    const middle =
      cls === 'A'
        ? `本委员会认为，议案提出的${about}方面的问题确需通过立法解决，已建议列入市人大常委会${year}年度立法计划，目前正会同有关部门起草条例草案。`
        : `本委员会已将${about}立法列为${year}—${year + 1}年立法调研项目，将深入开展调研论证，条件成熟时提请常委会审议。`;
    return `${head}${again}${middle}感谢您对人大立法工作的关心和支持。`;
  }
  const head = `${deputy.name}代表：您提出的《${title}》（第${number}号）收悉，现答复如下。`;
  let middle: string;
  if (cls === null) {
    middle = `作为协办单位，我单位已就${about}问题将办理意见函告主办单位${leadUnit.name}，并将积极配合做好后续工作。`;
  } else if (cls === 'A') {
    middle = `经研究，${about}问题已列入我单位${year}年重点工作，目前相关措施已落实到位，问题已基本解决。`;
  } else if (cls === 'B') {
    middle = `${about}问题已纳入${year}—${year + 1}年工作计划，我们将分步实施，力争在${year + 1}年底前逐步解决。`;
  } else {
    middle = `受${rng.pick(C_REASONS)}等因素制约，${about}事项目前暂不具备实施条件。我们将持续跟踪研究，条件成熟时予以推进。`;
  }
  return `${head}${again}${middle}感谢您对${unit.name.replace(CITY_NAME, '')}工作的关心和支持。`;
}

export function buildSuggestions(ctx: Ctx, world: World): SuggestionStats {
  const rng = ctx.rng.fork('suggestions');
  const { t, asOf } = ctx;
  const units = handlingUnits();
  const unitById = new Map(units.map((u) => [u.id, u]));
  for (const u of units) t.handling_units.add([u.id, u.name, u.kind]);

  const municipal = world.byLevel.municipal;
  // Deputies appear in the pool in proportion to their zeal.
  const pool: Deputy[] = [];
  for (const d of municipal) for (let i = 0; i < Math.max(1, Math.round(d.zeal * 2)); i++) pool.push(d);
  const byDistrict = new Map<string, Deputy[]>();
  for (const d of municipal) {
    const list = byDistrict.get(d.districtId ?? 'pla') ?? [];
    list.push(d);
    byDistrict.set(d.districtId ?? 'pla', list);
  }

  const leaderNames = [
    `市人大常委会主任 ${ctx.names.person('male')}`,
    `市人大常委会副主任 ${ctx.names.person('female')}`,
    `市人大常委会副主任 ${ctx.names.person('male')}`,
    `副市长 ${ctx.names.person('male')}`,
    `副市长 ${ctx.names.person('female')}`,
  ];

  const sessions = world.terms.municipal.sessions.filter((s) => s.id !== null && s.opensOn <= asOf);
  const latest = sessions[sessions.length - 1];
  const stats: SuggestionStats = { led: new Map(), cosigned: new Map() };
  const commitments: {
    id: string;
    suggestionId: string;
    unitId: string;
    repliedOn: string;
    row: (string | number | null)[];
  }[] = [];
  // Titles already used: a deputy rarely files the very title another filed, so a repeat is redrawn.
  const usedTitles = new Set<string>();

  let openRehandling = 0;
  for (const session of sessions) {
    const sessionId = session.id ?? '';
    const next = world.terms.municipal.sessions.find((s) => s.number === session.number + 1);
    const total = Math.max(5, Math.round(500 * ctx.scale));
    const motions = Math.max(1, Math.round(total * 0.03));
    interface Draft {
      kind: 'motion' | 'suggestion';
      filedOn: string;
    }
    const drafts: Draft[] = [];
    for (let i = 0; i < total; i++) {
      const kind = i < motions ? 'motion' : 'suggestion';
      let filedOn = formatDay(
        rng.int(dayNumber(session.opensOn), dayNumber(minDate(session.closesOn, asOf))),
      );
      if (kind === 'suggestion' && rng.chance(0.12)) {
        const lo = addDays(session.closesOn, 30);
        const hi = minDate(
          next === undefined ? addDays(session.closesOn, 330) : addDays(next.opensOn, -20),
          addDays(asOf, -1),
        );
        if (hi >= lo) filedOn = formatDay(rng.int(dayNumber(lo), dayNumber(hi)));
      }
      drafts.push({ kind, filedOn });
    }
    drafts.sort((a, b) => (a.filedOn < b.filedOn ? -1 : a.filedOn > b.filedOn ? 1 : 0));
    const numbers = { motion: 0, suggestion: 0 };
    for (const draft of drafts) {
      const number = ++numbers[draft.kind];
      const id = `${sessionId}-${draft.kind === 'motion' ? 'm' : 's'}${String(number).padStart(4, '0')}`;
      let lead: Deputy | undefined;
      for (let guard = 0; guard < 100 && lead === undefined; guard++) {
        const c = rng.pick(pool);
        if (serves(c, draft.filedOn)) lead = c;
      }
      if (lead === undefined) continue;
      const district = world.areas.get(lead.districtId ?? '');

      // What it is about, who handles it, and its text.
      let category: SuggestionCategory;
      let title = '';
      let body: string;
      let about: string;
      let leadUnitId: string;
      let coCandidates: string[];
      if (draft.kind === 'motion') {
        let topic = rng.pick(MOTION_TOPICS);
        let verb = '制定';
        for (let attempt = 0; attempt < 8; attempt++) {
          topic = rng.pick(MOTION_TOPICS);
          verb = rng.chance(0.7) ? '制定' : '修改';
          title = motionTitle(verb, topic);
          if (!usedTitles.has(title)) break;
        }
        category = topic.category;
        body = motionBody(verb, topic);
        about = topic.subject;
        leadUnitId = topic.committee;
        coCandidates = [];
      } else {
        category = rng.weighted(CATEGORY_WEIGHTS);
        let subject: Subject = { place: '', topic: rng.pick(SUGGESTION_TOPICS[category]) };
        for (let attempt = 0; attempt < 16; attempt++) {
          const topic = rng.pick(SUGGESTION_TOPICS[category]);
          subject = { place: placeFor(rng, topic, district), topic };
          title = suggestionTitle(rng.pick(topic.actions), subject);
          if (!usedTitles.has(title)) break;
        }
        body = suggestionBody(rng, subject);
        about = `${subject.place}${subject.topic.object}`;
        leadUnitId = subject.topic.unit;
        // Co-handlers: other units of the same field, the district's government where the place
        // lies in one, and the finance bureau where money is the question.
        coCandidates = FIELD_UNITS[category].filter((u) => u !== leadUnitId);
        if (district !== undefined && subject.place !== '我市') coCandidates.push(`gov-${district.id}`);
        if (!coCandidates.includes('dept-finance') && leadUnitId !== 'dept-finance')
          coCandidates.push('dept-finance');
      }
      usedTitles.add(title);
      const year = yearOf(draft.filedOn);

      // Co-signers: motions need ten or more deputies; suggestions have up to five.
      const k =
        draft.kind === 'motion'
          ? rng.int(9, 13)
          : rng.weighted([
              [0, 30],
              [1, 15],
              [2, 20],
              [3, 15],
              [4, 10],
              [5, 10],
            ] as const);
      const cosigners = new Set<string>();
      for (let guard = 0; cosigners.size < k && guard < k * 20; guard++) {
        const c = rng.chance(0.7)
          ? rng.pick(byDistrict.get(lead.districtId ?? 'pla') ?? municipal)
          : rng.pick(municipal);
        if (c.id !== lead.id && serves(c, draft.filedOn)) cosigners.add(c.id);
      }
      note(stats.led, lead.id, draft.filedOn);
      for (const c of cosigners) note(stats.cosigned, c, draft.filedOn);

      // Assignment (交办): after the session, three months to answer.
      const inSession = draft.filedOn <= session.closesOn;
      const assignedOn = inSession
        ? addDays(session.closesOn, rng.int(12, 25))
        : addDays(draft.filedOn, rng.int(10, 20));
      let status: 'filed' | 'assigned' | 'replied' | 'rehandling' | 'closed' = 'filed';
      let resultClass: ResultClass | null = null;
      let satisfaction: Satisfaction | null = null;
      let lastDate = draft.filedOn;
      const assignments: (string | number | null)[][] = [];
      const replies: (string | number | null)[][] = [];
      const ratings: (string | number | null)[][] = [];
      if (assignedOn <= asOf) {
        status = 'assigned';
        lastDate = assignedOn;
        const dueOn = addMonths(assignedOn, 3);
        const leadUnit = unitById.get(leadUnitId);
        if (leadUnit === undefined) throw new Error(`unknown handling unit ${leadUnitId}`);
        const coIds =
          coCandidates.length === 0
            ? []
            : rng.sample(
                coCandidates,
                rng.weighted([
                  [0, 50],
                  [1, 35],
                  [2, 15],
                ] as const),
              );
        assignments.push([id, leadUnitId, 'lead', assignedOn, dueOn]);
        for (const co of coIds) assignments.push([id, co, 'co', assignedOn, dueOn]);
        const item = { kind: draft.kind, title, number, about };

        const pending = session === latest && rng.chance(0.06);
        const late = rng.chance(0.04);
        const span = dayNumber(dueOn) - dayNumber(assignedOn);
        const repliedOn = late
          ? addDays(dueOn, rng.int(3, 40))
          : addDays(assignedOn, rng.int(Math.min(25, span), Math.max(25, span - 2)));
        for (const co of coIds) {
          const coOn = addDays(
            assignedOn,
            rng.int(10, Math.max(11, dayNumber(repliedOn) - dayNumber(assignedOn) - 5)),
          );
          const coUnit = unitById.get(co);
          if (coOn <= asOf && coUnit !== undefined) {
            replies.push([
              id,
              co,
              1,
              coOn,
              null,
              replyBody(rng, null, lead, item, coUnit, leadUnit, year, 1),
            ]);
          }
        }
        if (!pending && repliedOn <= asOf) {
          let cls: ResultClass =
            draft.kind === 'motion'
              ? rng.weighted([
                  ['A', 85],
                  ['B', 15],
                ] as const)
              : rng.weighted([
                  ['A', 70],
                  ['B', 22],
                  ['C', 8],
                ] as const);
          replies.push([
            id,
            leadUnitId,
            1,
            repliedOn,
            cls,
            replyBody(rng, cls, lead, item, leadUnit, leadUnit, year, 1),
          ]);
          status = 'replied';
          resultClass = cls;
          lastDate = repliedOn;
          let replyOfClass = repliedOn;
          // Each round: the deputy rates the answer; an unsatisfied rating sends the case back
          // (退回) and only a later reply, rated in turn, can close it. At most four rounds: the
          // last one is not rated unsatisfied, as the office settles it face to face.
          for (let round = 1; round <= 4; round++) {
            const ratedOn = addDays(lastDate, rng.int(5, 25));
            if (ratedOn > asOf) break;
            const sat: Satisfaction =
              round === 1
                ? rng.weighted(SATISFACTION_BY_CLASS[cls])
                : round < 4
                  ? rng.weighted([
                      ['satisfied', 50],
                      ['basically_satisfied', 40],
                      ['dissatisfied', 10],
                    ] as const)
                  : rng.weighted([
                      ['satisfied', 40],
                      ['basically_satisfied', 60],
                    ] as const);
            ratings.push([id, round, ratedOn, sat]);
            satisfaction = sat;
            lastDate = ratedOn;
            if (sat !== 'dissatisfied') {
              status = 'closed';
              break;
            }
            status = 'rehandling';
            // Some of the latest session's re-handling is still under way.
            const stillOpen = session === latest && (openRehandling === 0 || rng.chance(0.5));
            if (stillOpen) {
              openRehandling++;
              break;
            }
            const again = addDays(ratedOn, rng.int(20, 60));
            if (again > asOf) break;
            cls = cls === 'C' && rng.chance(0.5) ? 'B' : cls === 'B' && rng.chance(0.4) ? 'A' : cls;
            replies.push([
              id,
              leadUnitId,
              round + 1,
              again,
              cls,
              replyBody(rng, cls, lead, item, leadUnit, leadUnit, year, round + 1),
            ]);
            resultClass = cls;
            replyOfClass = again;
            status = 'replied';
            lastDate = again;
          }
          if (resultClass === 'B' && rng.chance(0.2)) {
            const n = rng.chance(0.2) ? 2 : 1;
            for (let c = 1; c <= n; c++) {
              const cid = `cm-${id}-${c}`;
              const due = addDays(replyOfClass, rng.int(90, 540));
              const action = rng.pick(COMMITMENT_ACTIONS);
              const description = `${action}，力争于${yearOf(due)}年${Number(due.slice(5, 7))}月底前完成`;
              let cStatus: 'open' | 'kept' | 'dropped' = 'open';
              let keptOn: string | null = null;
              let evidence = '';
              if (due <= asOf) {
                const r = rng.next();
                if (r < 0.65) {
                  cStatus = 'kept';
                  keptOn = minDate(addDays(due, rng.int(-60, 15)), asOf);
                  if (keptOn < replyOfClass) keptOn = replyOfClass;
                } else if (r < 0.75) {
                  cStatus = 'dropped';
                }
              } else if (rng.chance(0.15)) {
                cStatus = 'kept';
                keptOn = formatDay(rng.int(dayNumber(replyOfClass), dayNumber(asOf)));
              }
              if (cStatus === 'kept')
                evidence = `已于${keptOn ?? ''}完成，办理情况已向代表书面通报，并在${leadUnit.name}门户网站公开。`;
              if (cStatus === 'dropped')
                evidence = '因上级政策调整，该事项不再实施，已向代表当面说明并取得理解。';
              commitments.push({
                id: cid,
                suggestionId: id,
                unitId: leadUnitId,
                repliedOn: replyOfClass,
                row: [cid, id, leadUnitId, description, due, cStatus, keptOn, evidence],
              });
            }
          }
        }
      }
      const leader = rng.chance(0.05) ? rng.pick(leaderNames) : null;
      t.suggestions.add([
        id,
        sessionId,
        draft.kind,
        number,
        title.slice(0, 200),
        body,
        category,
        lead.id,
        draft.filedOn,
        status,
        resultClass,
        satisfaction,
        leader,
        `${lastDate}T02:00:00Z`,
      ]);
      for (const c of cosigners) t.suggestion_cosigners.add([id, c]);
      for (const a of assignments) t.suggestion_assignments.add(a);
      for (const r of replies) t.suggestion_replies.add(r);
      for (const r of ratings) t.suggestion_ratings.add(r);
    }
  }

  // Make sure the ledger shows at least one overdue open commitment.
  const overdue = commitments.some((c) => c.row[5] === 'open' && String(c.row[4]) < asOf);
  if (!overdue) {
    const c = commitments.find((x) => String(x.row[4]) < asOf) ?? commitments[0];
    if (c !== undefined) {
      const due = String(c.row[4]) < asOf ? String(c.row[4]) : addDays(asOf, -20);
      if (due >= c.repliedOn) c.row = [c.id, c.suggestionId, c.unitId, c.row[3] ?? '', due, 'open', null, ''];
    }
  }
  for (const c of commitments) t.commitments.add(c.row);
  return stats;
}
