import { formatCode, hashCode, newCode, normalizeCode } from '../lib/codes.ts';
import { classifyD1Error, runBatch } from '../lib/d1.ts';
import { ApiError, validationError } from '../lib/errors.ts';
import { isProduction } from '../lib/turnstile.ts';
import type { VoteChannel } from '#domain/projects.ts';
import {
  countChoices,
  insertBallot,
  markBrowserVoted,
  readBallotByReceipt,
  readBallotRound,
  readRoundWithCounts,
  spendVotingCode,
  type BallotRoundRow,
  type RoundRow,
} from './queries.ts';
import type { BallotReceipt, BallotSubmission, RoundPhaseNow, RoundView } from './schema.ts';
import { SQL_NOW } from '../lib/time.ts';

export const roundNotFound = () => new ApiError(404, 'not_found', '没有这一年度的投票。');

function phaseNow(round: RoundRow): RoundPhaseNow {
  if (round.current_phase) return round.current_phase;
  if (round.first_starts_at === null || round.now < round.first_starts_at) return 'upcoming';
  if (round.last_ends_at !== null && round.now >= round.last_ends_at) return 'finished';
  return 'between';
}

/** GET /api/rounds/{year}: the round, where it stands, and the live counts while they are public. */
export async function readRound(db: D1Database, year: number): Promise<RoundView | null> {
  const { round, candidates } = await readRoundWithCounts(db, year);
  if (!round) return null;
  // Hidden counts are shown once public voting has ended.
  const countsVisible =
    round.counts_public === 1 || (round.closes_at !== null && round.now >= round.closes_at);
  return {
    year: round.year,
    title: round.title,
    phase: phaseNow(round),
    mode: round.mode,
    maxChoices: round.max_choices,
    opensAt: round.opens_at,
    closesAt: round.closes_at,
    verified: round.mode === 'code',
    countsPublic: countsVisible,
    candidates: candidates.map((c) => ({
      id: c.id,
      title: c.title,
      count: countsVisible ? c.online + c.station + c.paper : null,
      channels: countsVisible ? { online: c.online, station: c.station, paper: c.paper } : null,
    })),
  };
}

function windowError(round: Pick<BallotRoundRow, 'opens_at' | 'now'>): ApiError {
  if (round.opens_at === null || round.now < round.opens_at) {
    return new ApiError(409, 'round_not_open', '本轮投票尚未开始。');
  }
  return new ApiError(409, 'round_closed', '本轮投票已经结束。');
}

/**
 * Checks a ballot against its round before anything is spent: the round exists, the window is
 * open (the database trigger decides again, to the second, when the ballot is stored), and the
 * choices are 1 to the round's maximum distinct candidates of this round.
 */
export async function checkBallot(
  db: D1Database,
  year: number,
  input: BallotSubmission,
): Promise<BallotRoundRow> {
  const round = await readBallotRoundBriefly(db, year);
  if (!round) throw roundNotFound();
  if (
    round.opens_at === null ||
    round.closes_at === null ||
    round.now < round.opens_at ||
    round.now >= round.closes_at
  ) {
    throw windowError(round);
  }
  const candidates = new Set(JSON.parse(round.candidate_ids) as string[]);
  if (input.choices.length > round.max_choices) {
    throw validationError({
      choices: `本轮最多可选 ${round.max_choices} 个项目，您选了 ${input.choices.length} 个。`,
    });
  }
  if (input.choices.some((id) => !candidates.has(id))) {
    throw validationError({ choices: '所选项目不属于本轮投票，请刷新页面后重选。' });
  }
  if (round.mode === 'code' && input.votingCode === undefined) {
    throw validationError({ votingCode: '本轮投票需要投票码，请填写。' });
  }
  return round;
}

/**
 * How long an isolate reuses what it read about a round. Ballots then cost one D1 round trip (the
 * batch) instead of two; staleness is harmless because the batch's triggers re-check the window
 * (0005) and the choices (0009) with the database's own data and clock.
 */
const ROUND_CHECK_TTL_MS = 5_000;
const roundChecks = new Map<number, { row: BallotRoundRow | null; readAt: number }>();

async function readBallotRoundBriefly(db: D1Database, year: number): Promise<BallotRoundRow | null> {
  const cached = roundChecks.get(year);
  const nowMs = Date.now();
  if (cached && nowMs - cached.readAt < ROUND_CHECK_TTL_MS) {
    return cached.row && { ...cached.row, now: new Date(nowMs).toISOString().slice(0, 19) + 'Z' };
  }
  const row = await readBallotRound(db, year);
  roundChecks.set(year, { row, readAt: nowMs });
  return row;
}

const encoder = new TextEncoder();

/** Used only where no RECEIPT_SECRET is configured outside production (local development). */
const DEVELOPMENT_RECEIPT_SECRET = 'development-only-receipt-secret: set RECEIPT_SECRET';
let receiptSecretAnnounced = false;

/**
 * The server-side secret receipts are derived with (RECEIPT_SECRET, a Worker secret). Production
 * refuses ballots without it (503, and the log says why); elsewhere a fixed development value is
 * used and the Worker says so once.
 */
export function receiptSecret(env: Pick<Env, 'RECEIPT_SECRET' | 'ENVIRONMENT'>): string {
  if (env.RECEIPT_SECRET) return env.RECEIPT_SECRET;
  if (isProduction(env)) {
    console.error(
      'Ballots: RECEIPT_SECRET is not set in production (ENVIRONMENT=production); ballots are refused ' +
        'with 503 until it is set (wrangler secret put RECEIPT_SECRET --env production).',
    );
    throw new ApiError(503, 'receipt_secret_missing', '投票系统配置尚未完成，暂时无法投票，请稍后再试。', {
      retryAfterSeconds: 300,
    });
  }
  if (!receiptSecretAnnounced) {
    receiptSecretAnnounced = true;
    console.warn('Ballots: no RECEIPT_SECRET configured; using the development value (never in production).');
  }
  return DEVELOPMENT_RECEIPT_SECRET;
}

/**
 * The receipt of a ballot. Without an Idempotency-Key it is random. With one it is derived, so a
 * retry stores nothing new (it meets its own receipt, the primary key) and gets the same answer
 * without an idempotency row; the derivation is an HMAC under the server's secret, so nobody
 * holding the voting code, the key and a guess of the choices can compute the receipt offline
 * and find the ballot (and its choices) by it, whatever key a client sends.
 */
async function receiptFor(secret: string, idempotencyKey: string | null, parts: string[]): Promise<string> {
  if (!idempotencyKey) return newCode();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign(
    'HMAC',
    key,
    encoder.encode(['ballot-receipt', idempotencyKey, ...parts].join('\0')),
  );
  return formatCode(new Uint8Array(mac).slice(0, 10));
}

/** The stored hash of a browser's one-ballot key in an open round. */
export async function browserKeyHash(year: number, browserKey: string): Promise<string> {
  return hashCode(`open-ballot\0${year}\0${browserKey}`);
}

export interface CastOptions {
  channel: VoteChannel;
  /** Open rounds: the browser's random key (cookie). */
  browserKey: string | null;
  idempotencyKey: string | null;
  /** The server's secret for deriving receipts (receiptSecret). */
  receiptSecret: string;
  /** The anti-abuse check (Turnstile), run once the ballot is known to be new, before it is stored. */
  verifyHuman: () => Promise<void>;
}

/**
 * Casts a checked ballot in one batch: the ballot (window trigger), the spent code or the
 * browser's mark, and the counters. All happen or none; D1's constraint errors become 409/403.
 */
export async function castBallot(
  db: D1Database,
  round: BallotRoundRow,
  input: BallotSubmission,
  options: CastOptions,
): Promise<BallotReceipt> {
  const choices = [...input.choices].sort();
  let credential: D1PreparedStatement;
  let credentialHash: string;
  if (round.mode === 'code') {
    credentialHash = await hashCode(input.votingCode ?? '');
    credential = spendVotingCode(db, round.year, credentialHash);
  } else {
    if (!options.browserKey)
      throw new ApiError(403, 'browser_key_missing', '请允许本站使用 Cookie 后再投票。');
    credentialHash = await browserKeyHash(round.year, options.browserKey);
    credential = markBrowserVoted(db, round.year, credentialHash);
  }
  const receipt = await receiptFor(options.receiptSecret, options.idempotencyKey, [
    String(round.year),
    credentialHash,
    JSON.stringify(choices),
  ]);
  const receiptHash = await hashCode(normalizeCode(receipt) ?? receipt);
  // A retried ballot is answered before Turnstile, whose token the first attempt spent.
  if (options.idempotencyKey && (await readBallotByReceipt(db, receiptHash))) return { receipt };
  await options.verifyHuman();
  const statements = [
    insertBallot(db, receiptHash, round.year, choices),
    credential,
    countChoices(db, options.channel, choices),
  ];
  try {
    await runBatch(db, statements, { idempotent: true });
  } catch (error) {
    const failure = classifyD1Error(error);
    if (failure.kind === 'unique' && failure.target === 'ballots.receipt_hash') {
      // This very ballot is already stored (a retry after a lost answer, or a replayed key).
      return { receipt };
    }
    if (failure.kind === 'unique' && failure.target.startsWith('voting_code_uses.')) {
      throw new ApiError(409, 'voting_code_used', '这个投票码已经投过票了，每个投票码只能使用一次。');
    }
    if (failure.kind === 'foreign_key' && round.mode === 'code') {
      throw new ApiError(403, 'voting_code_invalid', '投票码无效，请核对后重试。');
    }
    if (failure.kind === 'unique' && failure.target.startsWith('open_ballot_keys.')) {
      throw new ApiError(409, 'already_voted', '这个浏览器已经投过票了。');
    }
    if (failure.kind === 'trigger' && failure.reason === 'choices_not_in_round') {
      throw validationError({ choices: '所选项目不属于本轮投票，请刷新页面后重选。' });
    }
    if (failure.kind === 'trigger' && failure.reason === 'round_not_open') {
      // A retry of a ballot that was stored just before the close still gets its receipt.
      if (options.idempotencyKey && (await readBallotByReceipt(db, receiptHash))) return { receipt };
      const { results } = await db.prepare(`SELECT ${SQL_NOW} AS now`).all<{ now: string }>();
      throw windowError({ opens_at: round.opens_at, now: results[0]?.now ?? round.now });
    }
    throw error;
  }
  return { receipt };
}
