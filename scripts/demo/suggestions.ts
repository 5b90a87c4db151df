/**
 * Handling units, motions and suggestions with assignments, replies, ratings, re-handling and the
 * commitment ledger, for the sessions of the municipal term up to asOf.
 */

import {
  suggestionCategoryLabels,
  type ResultClass,
  type Satisfaction,
  type SuggestionCategory,
} from '#domain/suggestions.ts';
import { addDays, addMonths, dayNumber, formatDay, minDate, yearOf } from './dates.ts';
import type { Ctx, Deputy } from './model.ts';
import { serves } from './model.ts';
import { DISTRICTS } from './names.ts';
import type { Rng } from './random.ts';
import {
  CATEGORY_WEIGHTS,
  COMMITMENT_ACTIONS,
  C_REASONS,
  MOTION_REGULATIONS,
  PROBLEM_SENTENCES,
  RECOMMENDATIONS,
  SUGGESTION_SUBJECTS,
} from './text.ts';
import { CITY_NAME, type World } from './world.ts';

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
  return units;
}

const LEAD_UNITS: Record<SuggestionCategory, readonly string[]> = {
  economy: ['dept-development', 'dept-economy', 'dept-commerce', 'dept-finance', 'dept-market'],
  urban_construction: ['dept-housing', 'dept-natural-resources', 'dept-urban-management'],
  transport: ['dept-transport', 'dept-public-security', 'ent-bus', 'dept-urban-management'],
  environment: ['dept-environment', 'dept-water', 'dept-urban-management', 'ent-water'],
  education: ['dept-education', 'dept-hr'],
  health: ['dept-health', 'dept-medical-insurance'],
  social_security: ['dept-civil-affairs', 'dept-hr', 'dept-medical-insurance', 'dept-veterans'],
  agriculture: ['dept-agriculture', 'dept-water'],
  culture: ['dept-culture', 'dept-sports'],
  public_safety: [
    'dept-emergency',
    'dept-public-security',
    'dept-market',
    'court-xinglan',
    'procuratorate-xinglan',
  ],
  governance: ['dept-data', 'dept-justice', 'dept-civil-affairs'],
  other: ['dept-urban-management', 'dept-civil-affairs', 'dept-housing'],
};

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
  /** Suggestions led per deputy id and session year. */
  led: Map<string, number>;
  cosigned: Map<string, number>;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function replyBody(
  rng: Rng,
  cls: ResultClass | null,
  deputy: Deputy,
  title: string,
  number: number,
  unit: HandlingUnit,
  leadUnit: HandlingUnit,
  year: number,
  round: number,
): string {
  const head = `${deputy.name}代表：您提出的《${title}》（第${number}号）收悉，现答复如下。`;
  const again = round > 1 ? '根据您对首次答复的意见，我单位再次进行了研究，并与您当面沟通。' : '';
  let middle: string;
  if (cls === null) {
    middle = `作为协办单位，我单位已将办理意见函告主办单位${leadUnit.name}，并将积极配合做好后续工作。`;
  } else if (cls === 'A') {
    middle = `经研究，建议提出的问题已列入我单位${year}年重点工作，目前相关措施已落实到位，问题已基本解决。`;
  } else if (cls === 'B') {
    middle = `建议提出的问题已纳入${year}—${year + 1}年工作计划，我们将分步实施，力争在${year + 1}年底前逐步解决。`;
  } else {
    middle = `受${rng.pick(C_REASONS)}等因素制约，建议提出的事项目前暂不具备实施条件。我们将持续跟踪研究，条件成熟时予以推进。`;
  }
  return `${head}${again}${middle}感谢您对${unit.name.replace(CITY_NAME, '')}工作的关心和支持。`;
}

export function buildSuggestions(ctx: Ctx, world: World): SuggestionStats {
  const rng = ctx.rng.fork('suggestions');
  const { t, asOf } = ctx;
  const units = handlingUnits();
  const unitById = new Map(units.map((u) => [u.id, u]));
  for (const u of units) t.handling_units.add([u.id, u.name, u.kind]);
  const departmentIds = units.filter((u) => u.kind === 'government_department').map((u) => u.id);

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
      const category = rng.weighted(CATEGORY_WEIGHTS);
      const district = world.areas.get(lead.districtId ?? '');
      const subject = rng.pick(SUGGESTION_SUBJECTS[category]);
      const title =
        draft.kind === 'motion'
          ? `关于${rng.chance(0.7) ? '制定' : '修改'}《${CITY_NAME}${rng.pick(MOTION_REGULATIONS)}条例》的议案`
          : rng.chance(0.3) && district !== undefined
            ? `关于${district.name}${subject}的建议`
            : `关于${subject}的建议`;
      const recs = rng.sample(RECOMMENDATIONS, 3);
      const body =
        `${rng.pick(PROBLEM_SENTENCES)}${district?.name ?? '各地'}群众对${suggestionCategoryLabels[category]}方面的这一问题反映较多。` +
        `建议：一是${recs[0] ?? ''}；二是${recs[1] ?? ''}；三是${recs[2] ?? ''}。`;
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
      bump(stats.led, `${lead.id}:${year}`);
      for (const c of cosigners) bump(stats.cosigned, `${c}:${year}`);

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
        const leadUnitId =
          lead.districtId !== null && rng.chance(0.15)
            ? `gov-${lead.districtId}`
            : rng.pick(LEAD_UNITS[category]);
        const leadUnit = unitById.get(leadUnitId) ?? units[0];
        if (leadUnit === undefined) throw new Error('no handling units');
        const coIds = rng.sample(
          departmentIds.filter((u) => u !== leadUnitId),
          rng.weighted([
            [0, 50],
            [1, 35],
            [2, 15],
          ] as const),
        );
        assignments.push([id, leadUnitId, 'lead', assignedOn, dueOn]);
        for (const co of coIds) assignments.push([id, co, 'co', assignedOn, dueOn]);

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
              replyBody(rng, null, lead, title, number, coUnit, leadUnit, year, 1),
            ]);
          }
        }
        if (!pending && repliedOn <= asOf) {
          const cls: ResultClass =
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
            replyBody(rng, cls, lead, title, number, leadUnit, leadUnit, year, 1),
          ]);
          status = 'replied';
          resultClass = cls;
          lastDate = repliedOn;
          let replyOfClass = repliedOn;
          const ratedOn = addDays(repliedOn, rng.int(5, 25));
          if (ratedOn <= asOf) {
            const sat = rng.weighted(SATISFACTION_BY_CLASS[cls]);
            ratings.push([id, 1, ratedOn, sat]);
            satisfaction = sat;
            lastDate = ratedOn;
            status = sat === 'dissatisfied' ? 'rehandling' : 'closed';
            if (sat === 'dissatisfied') {
              // Some of the latest session's re-handling is still under way.
              const stillOpen = session === latest && (openRehandling === 0 || rng.chance(0.5));
              if (stillOpen) openRehandling++;
              const again = addDays(ratedOn, rng.int(20, 60));
              if (again <= asOf && !stillOpen) {
                const cls2: ResultClass =
                  cls === 'C' && rng.chance(0.5) ? 'B' : cls === 'B' && rng.chance(0.4) ? 'A' : cls;
                replies.push([
                  id,
                  leadUnitId,
                  2,
                  again,
                  cls2,
                  replyBody(rng, cls2, lead, title, number, leadUnit, leadUnit, year, 2),
                ]);
                resultClass = cls2;
                replyOfClass = again;
                status = 'replied';
                lastDate = again;
                const rated2 = addDays(again, rng.int(5, 20));
                if (rated2 <= asOf) {
                  const sat2 = rng.weighted([
                    ['satisfied', 50],
                    ['basically_satisfied', 40],
                    ['dissatisfied', 10],
                  ] as const);
                  ratings.push([id, 2, rated2, sat2]);
                  satisfaction = sat2;
                  status = 'closed';
                  lastDate = rated2;
                }
              }
            }
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
