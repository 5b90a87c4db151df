/**
 * Livelihood project rounds (民生实事项目票决): last year's finished round and this year's round
 * with public voting open around asOf, voting codes, demo ballots and counts that match them.
 */

import { formatCode, hashCode, normalizeCode } from '../../functions/lib/codes.ts';
import { addDays, addSeconds, utcFromBeijing } from './dates.ts';
import type { Ctx } from './model.ts';
import { scaled, serves } from './model.ts';
import type { Rng } from './random.ts';
import { MILESTONES, PROJECT_POOL } from './text.ts';
import { CITY_NAME, type World } from './world.ts';

export async function codeHash(code: string): Promise<string> {
  const canonical = normalizeCode(code);
  if (canonical === null) throw new Error(`generated an invalid code: ${code}`);
  return hashCode(canonical);
}

/** A fresh code from the seeded stream, never repeating one already used. */
export function uniqueCode(rng: Rng, used: Set<string>): string {
  for (;;) {
    const code = formatCode(rng.bytes(10));
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
}

const BEIJING_MIDNIGHT = 0;
const BEIJING_END = 86_399;

interface Candidate {
  id: string;
  title: string;
  unit: string;
  popularity: number;
}

function candidates(rng: Rng, year: number, n: number): Candidate[] {
  return rng.sample(PROJECT_POOL, n).map((p, i) => ({
    id: `p${year}-${String(i + 1).padStart(2, '0')}`,
    title: p.title.replace('{n}', String(rng.pick(p.n))),
    unit: p.unit,
    popularity: rng.float(0.3, 1),
  }));
}

function description(rng: Rng, title: string): string {
  return (
    `${title}。${rng.pick(['项目由市级财政和区级财政共同出资', '项目资金纳入年度财政预算', '项目采取以奖代补方式实施'])}，` +
    `${rng.pick(['年底前完成并向代表报告实施情况', '分季度向市人大常委会报告进度', '实施过程接受代表和群众监督'])}。`
  );
}

export interface RoundResult {
  demoVotingCodes: string[];
}

export async function buildRounds(ctx: Ctx, world: World, usedCodes: Set<string>): Promise<RoundResult> {
  const rng = ctx.rng.fork('rounds');
  const { t, asOf } = ctx;
  const thisYear = Number(asOf.slice(0, 4));
  const lastYear = thisYear - 1;

  // ---- last year: finished.
  t.project_rounds.add([
    lastYear,
    `${lastYear}年度${CITY_NAME}民生实事项目`,
    'code',
    3,
    // Counts hidden while voting was open (the default), shown since it closed; this year's round
    // shows them live, so the demo has both kinds.
    0,
    '候选项目向社会公开征集，经网上和联络站投票后，提请市人民代表大会会议票决，票决通过的项目由市人民政府组织实施。',
  ]);
  const session = world.terms.municipal.sessions.find((s) => s.opensOn.startsWith(String(lastYear)));
  const voteOpens = session?.opensOn ?? `${lastYear}-01-10`;
  const voteCloses = session?.closesOn ?? `${lastYear}-01-13`;
  const phasesLast: [string, string, string][] = [
    [
      'collecting',
      utcFromBeijing(`${lastYear - 1}-09-01`, BEIJING_MIDNIGHT),
      utcFromBeijing(`${lastYear - 1}-10-15`, BEIJING_END),
    ],
    [
      'public_voting',
      utcFromBeijing(`${lastYear - 1}-11-01`, BEIJING_MIDNIGHT),
      utcFromBeijing(`${lastYear - 1}-11-30`, BEIJING_END),
    ],
    ['deputies_voting', utcFromBeijing(voteOpens, BEIJING_MIDNIGHT), utcFromBeijing(voteCloses, BEIJING_END)],
    [
      'implementing',
      utcFromBeijing(`${lastYear}-02-01`, BEIJING_MIDNIGHT),
      utcFromBeijing(`${lastYear}-11-30`, BEIJING_END),
    ],
    [
      'evaluating',
      utcFromBeijing(`${lastYear}-12-01`, BEIJING_MIDNIGHT),
      utcFromBeijing(`${lastYear}-12-31`, BEIJING_END),
    ],
  ];
  for (const [phase, s, e] of phasesLast) t.round_phases.add([lastYear, phase, s, e]);
  const serving = world.byLevel.municipal.filter((d) => serves(d, voteOpens)).length;
  // Before the current term began, the previous term's deputies voted: about as many.
  const electorate = serving > 0 ? serving : world.byLevel.municipal.length;
  const voters = Math.max(5, electorate - Math.round(electorate * rng.float(0.03, 0.08)));
  const last = candidates(rng, lastYear, 15).sort((a, b) => b.popularity - a.popularity);
  last.forEach((c, i) => {
    const adopted = i < 10;
    const forVotes = adopted
      ? Math.round(voters * rng.float(0.78, 0.97))
      : Math.round(voters * rng.float(0.25, 0.45));
    const against = Math.round((voters - forVotes) * rng.float(0.3, 0.7));
    const abstain = voters - forVotes - against;
    t.project_candidates.add([
      c.id,
      lastYear,
      c.title,
      description(rng, c.title),
      c.unit,
      rng.int(30, 2000) * 100_000,
      i + 1,
      forVotes,
      against,
      abstain,
      adopted ? 1 : 0,
    ]);
    t.vote_counts.add([c.id, 'online', Math.round(c.popularity * rng.int(6000, 15000))]);
    t.vote_counts.add([c.id, 'station', Math.round(c.popularity * rng.int(600, 2000))]);
    t.vote_counts.add([c.id, 'paper', Math.round(c.popularity * rng.int(300, 1500))]);
    if (!adopted) return;
    const dues = [`${lastYear}-03-31`, `${lastYear}-06-30`, `${lastYear}-09-30`, `${lastYear}-11-30`];
    const delayed = rng.chance(0.12);
    MILESTONES.forEach((m, j) => {
      const due = dues[j] ?? `${lastYear}-11-30`;
      const isLast = j === MILESTONES.length - 1;
      if (isLast && delayed) {
        t.project_milestones.add([
          c.id,
          m,
          due,
          null,
          rng.int(80, 95),
          `受施工条件影响进度滞后，预计${lastYear + 1}年一季度完成。`,
        ]);
      } else {
        t.project_milestones.add([c.id, m, due, addDays(due, -rng.int(0, 25)), 100, '']);
      }
    });
    const evaluators = Math.max(3, voters - rng.int(0, 20));
    const satisfied = Math.round(evaluators * (delayed ? rng.float(0.55, 0.75) : rng.float(0.78, 0.95)));
    const dissatisfied = Math.round((evaluators - satisfied) * rng.float(0, 0.3));
    t.project_evaluations.add([
      c.id,
      `${lastYear}-12-${String(rng.int(15, 26))}`,
      satisfied,
      evaluators - satisfied - dissatisfied,
      dissatisfied,
      delayed
        ? '项目主体已完成，部分点位尚在收尾，代表建议加快进度并做好后续管护。'
        : '项目按计划完成，群众反映良好，代表建议做好后续运营管护。',
    ]);
  });

  // ---- this year: public voting open from asOf - 10 days to asOf + 20 days.
  t.project_rounds.add([
    thisYear,
    `${thisYear}年度${CITY_NAME}民生实事项目`,
    'code',
    3,
    1,
    '请使用联络站或社区发放的一次性投票码投票，每个投票码可选择不超过3个项目；投票结果供代表票决时参考。',
  ]);
  const votingStart = `${addDays(asOf, -10)}T00:00:00Z`;
  const votingEnd = `${addDays(asOf, 20)}T15:59:59Z`;
  t.round_phases.add([
    thisYear,
    'collecting',
    `${addDays(asOf, -60)}T00:00:00Z`,
    `${addDays(asOf, -11)}T15:59:59Z`,
  ]);
  t.round_phases.add([thisYear, 'public_voting', votingStart, votingEnd]);
  t.round_phases.add([
    thisYear,
    'deputies_voting',
    `${addDays(asOf, 20)}T16:00:00Z`,
    `${addDays(asOf, 50)}T15:59:59Z`,
  ]);
  const current = candidates(rng, thisYear, 12);
  current.forEach((c, i) => {
    t.project_candidates.add([
      c.id,
      thisYear,
      c.title,
      description(rng, c.title),
      c.unit,
      rng.int(30, 2000) * 100_000,
      i + 1,
      null,
      null,
      null,
      null,
    ]);
  });

  const codeRng = ctx.rng.fork('voting-codes');
  const ballots = scaled(ctx, 300, 12);
  const codeCount = Math.max(ballots + 20, scaled(ctx, 2000, 40));
  const createdAt = `${addDays(asOf, -12)}T02:00:00Z`;
  const codes: string[] = [];
  for (let i = 0; i < codeCount; i++) codes.push(uniqueCode(codeRng, usedCodes));
  const hashes = await Promise.all(codes.map(codeHash));
  for (const h of hashes) t.voting_codes.add([thisYear, h, 'demo', createdAt]);
  // Codes 0-4 stay unused for trying the ballot; the next ones were spent by the demo ballots.
  for (let i = 5; i < 5 + ballots; i++) t.voting_code_uses.add([thisYear, hashes[i] ?? '']);

  const online = new Map<string, number>(current.map((c) => [c.id, 0]));
  const casts: { receipt: string; choices: string; at: string }[] = [];
  const receipts: string[] = [];
  for (let i = 0; i < ballots; i++) receipts.push(uniqueCode(codeRng, usedCodes));
  const receiptHashes = await Promise.all(receipts.map(codeHash));
  for (let i = 0; i < ballots; i++) {
    const k = rng.weighted([
      [1, 2],
      [2, 3],
      [3, 5],
    ] as const);
    const chosen = new Set<Candidate>();
    for (let guard = 0; chosen.size < k && guard < 100; guard++) {
      const c = rng.weighted(current.map((x) => [x, x.popularity] as const));
      chosen.add(c);
    }
    const ids = [...chosen].sort((a, b) => (a.id < b.id ? -1 : 1)).map((c) => c.id);
    for (const id of ids) online.set(id, (online.get(id) ?? 0) + 1);
    casts.push({
      receipt: receiptHashes[i] ?? '',
      choices: JSON.stringify(ids),
      at: addSeconds(votingStart, rng.int(0, 10 * 86_400 - 1)),
    });
  }
  casts.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const c of current) {
    t.vote_counts.add([c.id, 'online', online.get(c.id) ?? 0]);
    t.vote_counts.add([c.id, 'station', Math.round(c.popularity * rng.int(20, 300))]);
    t.vote_counts.add([c.id, 'paper', Math.round(c.popularity * rng.int(10, 200))]);
  }
  for (const c of casts) t.ballots.add([c.receipt, thisYear, c.choices, c.at]);
  return { demoVotingCodes: codes.slice(0, 5) };
}
