import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { hashCode, normalizeCode } from '../../functions/lib/codes.ts';
import { castBallot, checkBallot } from '../../functions/rounds/actions.ts';
import { BallotSubmission } from '../../functions/rounds/schema.ts';
import {
  LEAK,
  ORIGIN,
  at,
  newClientIp,
  postForm,
  postJson,
  seedRound,
  seedVotingCodes,
  utcIn,
  type ErrorEnvelope,
  RATE_TEST_TIMEOUT_MS,
  freshRateWindow,
} from './participation-fixtures.ts';

interface RoundBody {
  year: number;
  phase: string;
  mode: string;
  maxChoices: number;
  opensAt: string;
  closesAt: string;
  verified: boolean;
  candidates: Array<{
    id: string;
    title: string;
    count: number | null;
    channels: Record<string, number> | null;
  }>;
}

async function readRound(year: number): Promise<RoundBody> {
  const response = await exports.default.fetch(`${ORIGIN}/api/rounds/${year}`);
  expect(response.status).toBe(200);
  return response.json<RoundBody>();
}

async function counts(year: number): Promise<Record<string, number>> {
  const round = await readRound(year);
  return Object.fromEntries(round.candidates.map((c) => [c.id, c.count ?? -1]));
}

const vote = (year: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  postJson(`/api/rounds/${year}/ballots`, body, headers);

async function tableCount(sql: string, ...values: unknown[]): Promise<number> {
  return (
    (
      await env.DB.prepare(sql)
        .bind(...values)
        .first<{ n: number }>()
    )?.n ?? -1
  );
}

describe('GET /api/rounds/{year}', () => {
  it('answers the round with its window, mode and live counts', async () => {
    const { year, candidates } = await seedRound({
      year: 2031,
      maxChoices: 2,
      opensAt: '2000-01-01T00:00:00Z',
      closesAt: '2099-01-01T00:00:00Z',
    });
    await env.DB.prepare(
      `INSERT INTO vote_counts (candidate_id, channel, count) VALUES (?1, 'station', 7), (?1, 'paper', 5)`,
    )
      .bind(candidates[0])
      .run();
    const round = await readRound(year);
    expect(round).toMatchObject({
      year,
      phase: 'public_voting',
      mode: 'code',
      maxChoices: 2,
      opensAt: '2000-01-01T00:00:00Z',
      closesAt: '2099-01-01T00:00:00Z',
      verified: true,
    });
    expect(round.candidates[0]).toEqual({
      id: candidates[0],
      title: '候选项目 1',
      count: 12,
      channels: { online: 0, station: 7, paper: 5 },
    });
    expect(round.candidates).toHaveLength(4);
  });

  it('hides counts while voting is open if the round says so, and shows them after', async () => {
    await seedRound({ year: 2032, countsPublic: false });
    expect((await readRound(2032)).candidates.every((c) => c.count === null && c.channels === null)).toBe(
      true,
    );
    await seedRound({
      year: 2033,
      countsPublic: false,
      opensAt: '2000-01-01T00:00:00Z',
      closesAt: '2001-01-01T00:00:00Z',
    });
    const after = await readRound(2033);
    expect(after.phase).toBe('finished');
    expect(after.candidates.every((c) => c.count === 0)).toBe(true);
  });

  it('answers 404 for a year without a round and 400 for a malformed year', async () => {
    const missing = await exports.default.fetch(`${ORIGIN}/api/rounds/2099`);
    expect(missing.status).toBe(404);
    expect((await missing.json<ErrorEnvelope>()).error.code).toBe('not_found');
    for (const bad of ['20x1', '1999', '12345']) {
      const response = await exports.default.fetch(`${ORIGIN}/api/rounds/${bad}`);
      expect(response.status, bad).toBe(400);
    }
  });
});

describe('POST /api/rounds/{year}/ballots (code rounds)', () => {
  it('counts a ballot once, gives a receipt, and refuses the code a second time', async () => {
    const { year, candidates } = await seedRound({ year: 2034 });
    const [code] = await seedVotingCodes(year, 1);
    const before = await counts(year);
    const response = await vote(year, { choices: [candidates[0], candidates[2]], votingCode: code });
    expect(response.status).toBe(201);
    const { receipt } = await response.json<{ receipt: string }>();
    expect(normalizeCode(receipt)).not.toBeNull();
    const after = await counts(year);
    expect(after).toEqual({ ...before, [at(candidates, 0)]: 1, [at(candidates, 2)]: 1 });

    const again = await vote(year, { choices: [candidates[1]], votingCode: code });
    expect(again.status).toBe(409);
    expect((await again.json<ErrorEnvelope>()).error.code).toBe('voting_code_used');
    expect(await counts(year)).toEqual(after);

    const verify = await postJson('/api/ballots/verify', { receipt: receipt.toLowerCase() });
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({
      receipt,
      counted: true,
      year,
      roundTitle: `${year} 年民生实事项目`,
    });
  });

  it('keeps the ballot secret: no link between the spent code and the ballot', async () => {
    const { year, candidates } = await seedRound({ year: 2035 });
    const [code] = await seedVotingCodes(year, 1);
    const { receipt } = await (
      await vote(year, { choices: [candidates[1]], votingCode: code })
    ).json<{ receipt: string }>();
    const codeHash = await hashCode(normalizeCode(code ?? '') ?? '');
    const ballot = await env.DB.prepare(`SELECT * FROM ballots WHERE round_year = ?1`).bind(year).first();
    expect(JSON.stringify(ballot)).not.toContain(codeHash);
    expect(JSON.stringify(ballot)).not.toContain(normalizeCode(receipt));
    expect(ballot?.['receipt_hash']).toBe(await hashCode(normalizeCode(receipt) ?? ''));
  });

  const refusals: Array<
    [string, (c: string[], code: string) => Record<string, unknown>, number, string, string?]
  > = [
    ['no choice', (_c, code) => ({ choices: [], votingCode: code }), 400, 'validation_failed', 'choices'],
    ['choices missing', (_c, code) => ({ votingCode: code }), 400, 'validation_failed', 'choices'],
    [
      'a repeated choice',
      (c, code) => ({ choices: [c[0], c[0]], votingCode: code }),
      400,
      'validation_failed',
      'choices',
    ],
    [
      'more than the maximum',
      (c, code) => ({ choices: [c[0], c[1], c[2], c[3]], votingCode: code }),
      400,
      'validation_failed',
      'choices',
    ],
    [
      'a candidate of another round',
      (_c, code) => ({ choices: ['r2034c1'], votingCode: code }),
      400,
      'validation_failed',
      'choices',
    ],
    [
      'an unknown candidate',
      (_c, code) => ({ choices: ['nosuch'], votingCode: code }),
      400,
      'validation_failed',
      'choices',
    ],
    [
      'a malformed candidate id',
      (_c, code) => ({ choices: ['<b>'], votingCode: code }),
      400,
      'validation_failed',
      'choices.0',
    ],
    ['no voting code', (c) => ({ choices: [c[0]] }), 400, 'validation_failed', 'votingCode'],
    [
      'a mistyped voting code',
      (c) => ({ choices: [c[0]], votingCode: '7K2M-QX4T-9B1R-HW3D-Z9' }),
      400,
      'validation_failed',
      'votingCode',
    ],
    [
      'an unknown voting code',
      (c) => ({ choices: [c[0]], votingCode: '0000-0000-0000-0000-0' }),
      403,
      'voting_code_invalid',
    ],
    [
      'a filled-in honeypot',
      (c, code) => ({ choices: [c[0]], votingCode: code, homepage: 'x' }),
      403,
      'rejected',
    ],
  ];
  it.each(refusals)('refuses %s, counting nothing', async (_label, body, status, code, field) => {
    const year = 2036;
    const round = (await env.DB.prepare(`SELECT year FROM project_rounds WHERE year = ?1`).bind(year).first())
      ? { year, candidates: [1, 2, 3, 4].map((i) => `r${year}c${i}`) }
      : await seedRound({ year, maxChoices: 3 });
    const [votingCode] = await seedVotingCodes(year, 1);
    const before = await counts(year);
    const response = await vote(year, body(round.candidates, votingCode ?? ''));
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(text).not.toMatch(LEAK);
    const error = (JSON.parse(text) as ErrorEnvelope).error;
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/[\u4e00-\u9fff]/);
    if (field) expect(error.fields?.[field]).toMatch(/[\u4e00-\u9fff]/);
    expect(await counts(year)).toEqual(before);
    expect(await tableCount(`SELECT COUNT(*) AS n FROM voting_code_uses WHERE round_year = ?1`, year)).toBe(
      0,
    );
  });

  it('refuses ballots before the window opens and after it closes with 409', async () => {
    const early = await seedRound({ year: 2037, opensAt: utcIn(3600), closesAt: utcIn(7200) });
    const late = await seedRound({ year: 2038, opensAt: utcIn(-7200), closesAt: utcIn(-1) });
    const [c1] = await seedVotingCodes(2037, 1);
    const [c2] = await seedVotingCodes(2038, 1);
    const before = await vote(2037, { choices: [early.candidates[0]], votingCode: c1 });
    expect(before.status).toBe(409);
    expect((await before.json<ErrorEnvelope>()).error.code).toBe('round_not_open');
    const after = await vote(2038, { choices: [late.candidates[0]], votingCode: c2 });
    expect(after.status).toBe(409);
    expect((await after.json<ErrorEnvelope>()).error.code).toBe('round_closed');
    expect(await tableCount(`SELECT COUNT(*) AS n FROM ballots WHERE round_year IN (2037, 2038)`)).toBe(0);
  });

  it('takes the plain form of the vote page: a confirmation step, then a receipt page', async () => {
    const { year, candidates } = await seedRound({ year: 2039 });
    const code = at(await seedVotingCodes(year, 1), 0);
    const ballot: Array<[string, string]> = [
      ['choices', at(candidates, 1)],
      ['choices', at(candidates, 3)],
      ['votingCode', code.toLowerCase()],
      ['homepage', ''],
    ];
    // First the chosen projects to confirm; nothing is cast yet.
    const review = await postForm(`/api/rounds/${year}/ballots`, ballot);
    expect(review.status).toBe(200);
    const reviewPage = await review.text();
    expect(reviewPage).toContain('请确认您的选择');
    expect(reviewPage).toContain('<li>候选项目 2</li>');
    expect(reviewPage).toContain('<li>候选项目 4</li>');
    expect(reviewPage).not.toContain('候选项目 1<');
    expect(reviewPage).toMatch(/name="step" value="cast"/);
    expect(await tableCount(`SELECT COUNT(*) AS n FROM ballots WHERE round_year = ?1`, year)).toBe(0);
    // "确认投票" posts the same ballot with step=cast.
    const response = await postForm(`/api/rounds/${year}/ballots`, [...ballot, ['step', 'cast']]);
    expect(response.status).toBe(201);
    const page = await response.text();
    const receipt = /class="code"[^>]*>([^<]+)</.exec(page)?.[1] ?? '';
    expect(normalizeCode(receipt)).not.toBeNull();
    expect(page).toContain(`/vote/${year}/`);
    expect(await counts(year)).toMatchObject({
      [at(candidates, 1)]: 1,
      [at(candidates, 3)]: 1,
      [at(candidates, 0)]: 0,
    });
    const again = await postForm(`/api/rounds/${year}/ballots`, [
      ['choices', at(candidates, 0)],
      ['votingCode', code],
      ['step', 'cast'],
    ]);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('这个投票码已经投过票了');
  });

  it('answers a retried ballot (same Idempotency-Key) with the first receipt, counting once', async () => {
    const { year, candidates } = await seedRound({ year: 2040 });
    const [code] = await seedVotingCodes(year, 1);
    const key = crypto.randomUUID();
    const body = { choices: [candidates[0]], votingCode: code };
    const first = await vote(year, body, { 'Idempotency-Key': key });
    const second = await vote(year, body, { 'Idempotency-Key': key });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await second.json()).toEqual(await first.json());
    expect((await counts(year))[at(candidates, 0)]).toBe(1);
    expect(await tableCount(`SELECT COUNT(*) AS n FROM ballots WHERE round_year = ?1`, year)).toBe(1);
  });

  it('casts a plain form ballot once when its key comes twice (a refresh of the receipt page)', async () => {
    const { year, candidates } = await seedRound({ year: 2073 });
    const code = at(await seedVotingCodes(year, 1), 0);
    const key = '0f'.repeat(16);
    const ballot: Array<[string, string]> = [
      ['_idempotency', key],
      ['choices', at(candidates, 2)],
      ['votingCode', code],
      ['homepage', ''],
    ];
    // The confirmation step carries the vote page's key in both of its forms.
    const review = await (await postForm(`/api/rounds/${year}/ballots`, ballot)).text();
    expect(review.match(new RegExp(`name="_idempotency" value="${key}"`, 'g'))).toHaveLength(2);
    const cast: Array<[string, string]> = [...ballot, ['step', 'cast']];
    const first = await postForm(`/api/rounds/${year}/ballots`, cast);
    const second = await postForm(`/api/rounds/${year}/ballots`, cast);
    expect([first.status, second.status]).toEqual([201, 201]);
    const receiptOf = async (r: Response) => /class="code"[^>]*>([^<]+)</.exec(await r.text())?.[1] ?? '';
    const receipt = await receiptOf(first);
    expect(normalizeCode(receipt)).not.toBeNull();
    expect(await receiptOf(second)).toBe(receipt);
    expect((await counts(year))[at(candidates, 2)]).toBe(1);
    expect(await tableCount(`SELECT COUNT(*) AS n FROM ballots WHERE round_year = ?1`, year)).toBe(1);
    // Without a key (a vote page from before keys) the confirmation step gives one from there on.
    const keyless = await (await postForm(`/api/rounds/${year}/ballots`, ballot.slice(1))).text();
    const given = [...keyless.matchAll(/name="_idempotency" value="([0-9a-f]{32})"/g)].map((m) => m[1]);
    expect(given).toHaveLength(2);
    expect(given[0]).toBe(given[1]);
    expect(given[0]).not.toBe(key);
  });

  it('casts a plain form ballot of an open round once when the browser posts it again', async () => {
    const { year, candidates } = await seedRound({ year: 2074, mode: 'open' });
    const cast: Array<[string, string]> = [
      ['_idempotency', '1e'.repeat(16)],
      ['choices', at(candidates, 0)],
      ['homepage', ''],
      ['step', 'cast'],
    ];
    const first = await postForm(`/api/rounds/${year}/ballots`, cast);
    expect(first.status).toBe(201);
    const cookie = (first.headers.get('Set-Cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^ballot_browser=[0-9a-f]{32}$/);
    const second = await postForm(`/api/rounds/${year}/ballots`, cast, { Cookie: cookie });
    expect(second.status).toBe(201);
    const receiptOf = async (r: Response) => /class="code"[^>]*>([^<]+)</.exec(await r.text())?.[1] ?? '';
    expect(await receiptOf(second)).toBe(await receiptOf(first));
    expect((await counts(year))[at(candidates, 0)]).toBe(1);
  });

  it(
    'limits ballots per client address in open rounds',
    async () => {
      await freshRateWindow();
      const { year, candidates } = await seedRound({ year: 2041, mode: 'open' });
      const ip = newClientIp();
      const statuses: number[] = [];
      // Twelve browsers (no cookie: each gets its own key) behind one address.
      for (let i = 0; i < 12; i++)
        statuses.push((await vote(year, { choices: [candidates[0]] }, { 'CF-Connecting-IP': ip })).status);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
      expect(statuses.slice(10)).toEqual([429, 429]);
    },
    RATE_TEST_TIMEOUT_MS,
  );
});

describe('open rounds', () => {
  it('allow one ballot per browser, labelled unverified', async () => {
    const { year, candidates } = await seedRound({ year: 2042, mode: 'open' });
    const get = await exports.default.fetch(`${ORIGIN}/api/rounds/${year}`);
    expect((await get.json<RoundBody>()).verified).toBe(false);
    const cookie = get.headers.get('Set-Cookie') ?? '';
    expect(cookie).toMatch(
      /^ballot_browser=[0-9a-f]{32}; Max-Age=\d+; Path=\/api\/rounds\/; HttpOnly; SameSite=Strict$/,
    );
    const browser = cookie.split(';')[0] ?? '';
    const first = await vote(year, { choices: [candidates[0]] }, { Cookie: browser });
    expect(first.status).toBe(201);
    const second = await vote(year, { choices: [candidates[1]] }, { Cookie: browser });
    expect(second.status).toBe(409);
    expect((await second.json<ErrorEnvelope>()).error.code).toBe('already_voted');
    // A browser without the cookie gets one with its first ballot.
    const fresh = await vote(year, { choices: [candidates[1]] });
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('Set-Cookie')).toMatch(/^ballot_browser=/);
    expect(await counts(year)).toMatchObject({ [at(candidates, 0)]: 1, [at(candidates, 1)]: 1 });
  });
});

describe('concurrency', () => {
  it('200 simultaneous ballots with one code give exactly one 201', async () => {
    const { year, candidates } = await seedRound({ year: 2043 });
    const [code] = await seedVotingCodes(year, 1);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => vote(year, { choices: [candidates[i % 4]], votingCode: code })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    const total = Object.values(await counts(year)).reduce((a, b) => a + b, 0);
    expect(total).toBe(1);
    expect(await tableCount(`SELECT COUNT(*) AS n FROM ballots WHERE round_year = ?1`, year)).toBe(1);
  }, 60_000); // 200 requests in one isolate: slow on a loaded 2-core machine, and time is not what is tested

  it('1,000 ballots with distinct codes give exact counts', async () => {
    const { year, candidates } = await seedRound({ year: 2044, maxChoices: 3, candidates: 5 });
    const codes = await seedVotingCodes(year, 1000);
    const expected: Record<string, number> = Object.fromEntries(candidates.map((id) => [id, 0]));
    const ballots = codes.map((code, i) => {
      const choices = [
        at(candidates, i % 5),
        at(candidates, (i * 7 + 1) % 5),
        at(candidates, (i * 3 + 2) % 5),
      ];
      const distinct = [...new Set(choices)].slice(0, 1 + (i % 3));
      for (const id of distinct) expected[id] = (expected[id] ?? 0) + 1;
      return { choices: distinct, votingCode: code };
    });
    const responses = await Promise.all(ballots.map((body) => vote(year, body)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1000);
    expect(await counts(year)).toEqual(expected);
    expect(await tableCount(`SELECT COUNT(*) AS n FROM ballots WHERE round_year = ?1`, year)).toBe(1000);
    expect(await tableCount(`SELECT COUNT(*) AS n FROM voting_code_uses WHERE round_year = ?1`, year)).toBe(
      1000,
    );
  }, 60_000);

  it('a ballot checked while open but stored after the close is refused whole', async () => {
    const { year, candidates } = await seedRound({ year: 2045, closesAt: utcIn(2) });
    const [code] = await seedVotingCodes(year, 1);
    const input = BallotSubmission.parse({ choices: [candidates[0], candidates[1]], votingCode: code });
    const round = await checkBallot(env.DB, year, input); // passes: still open
    await new Promise((resolve) =>
      setTimeout(resolve, Date.parse(round.closes_at ?? '') - Date.now() + 1100),
    );
    await expect(
      castBallot(env.DB, round, input, {
        channel: 'online',
        browserKey: null,
        idempotencyKey: null,
        receiptSecret: 'test-receipt-secret',
        verifyHuman: async () => {},
      }),
    ).rejects.toMatchObject({ status: 409, code: 'round_closed' });
    expect(await tableCount(`SELECT COUNT(*) AS n FROM ballots WHERE round_year = ?1`, year)).toBe(0);
    expect(await tableCount(`SELECT COUNT(*) AS n FROM voting_code_uses WHERE round_year = ?1`, year)).toBe(
      0,
    );
    expect(Object.values(await counts(year)).every((n) => n === 0)).toBe(true);
  }, 10_000);

  it('ballots streaming across the close are each all or nothing', async () => {
    const { year, candidates } = await seedRound({ year: 2046, closesAt: utcIn(2) });
    const codes = await seedVotingCodes(year, 60);
    const results: Array<{ status: number; choices: string[] }> = [];
    const pending: Array<Promise<void>> = [];
    for (const [i, code] of codes.entries()) {
      const choices = [at(candidates, i % 4), at(candidates, (i + 1) % 4)];
      pending.push(
        vote(year, { choices, votingCode: code }).then(
          (r) => void results.push({ status: r.status, choices }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await Promise.all(pending);
    const accepted = results.filter((r) => r.status === 201);
    expect(accepted.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status === 409).length).toBeGreaterThan(0);
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const expected: Record<string, number> = Object.fromEntries(candidates.map((id) => [id, 0]));
    for (const r of accepted) for (const id of r.choices) expected[id] = (expected[id] ?? 0) + 1;
    expect(await counts(year)).toEqual(expected);
    expect(await tableCount(`SELECT COUNT(*) AS n FROM ballots WHERE round_year = ?1`, year)).toBe(
      accepted.length,
    );
    expect(await tableCount(`SELECT COUNT(*) AS n FROM voting_code_uses WHERE round_year = ?1`, year)).toBe(
      accepted.length,
    );
  }, 20_000);
});

describe('a D1 error in the middle of the ballot batch', () => {
  it('leaves nothing half-written, answers 503, and the code stays usable', async () => {
    const { year, candidates } = await seedRound({ year: 2047 });
    const [code] = await seedVotingCodes(year, 1);
    // Test-only setup: a counter at the top of SQLite's integer range, so the counter statement
    // (after the ballot and the spent code) fails when it adds one.
    await env.DB.prepare(
      `UPDATE vote_counts SET count = 9223372036854775807 WHERE candidate_id = ?1 AND channel = 'online'`,
    )
      .bind(candidates[2])
      .run();
    const response = await vote(year, { choices: [candidates[0], candidates[2]], votingCode: code });
    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toBe('5');
    const text = await response.text();
    expect(text).not.toMatch(LEAK);
    expect((JSON.parse(text) as ErrorEnvelope).error.code).toBe('unavailable');
    expect(await tableCount(`SELECT COUNT(*) AS n FROM ballots WHERE round_year = ?1`, year)).toBe(0);
    expect(await tableCount(`SELECT COUNT(*) AS n FROM voting_code_uses WHERE round_year = ?1`, year)).toBe(
      0,
    );
    expect(
      await tableCount(
        `SELECT count AS n FROM vote_counts WHERE candidate_id = ?1 AND channel = 'online'`,
        candidates[0],
      ),
    ).toBe(0);

    await env.DB.prepare(`UPDATE vote_counts SET count = 0 WHERE candidate_id = ?1`)
      .bind(candidates[2])
      .run();
    expect((await vote(year, { choices: [candidates[0], candidates[2]], votingCode: code })).status).toBe(
      201,
    );
  });
});

describe('POST /api/ballots/verify', () => {
  it('says whether a receipt was counted; mistyped receipts are 400', async () => {
    const unknown = await postJson('/api/ballots/verify', { receipt: '0000-0000-0000-0000-0' });
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({
      receipt: '0000-0000-0000-0000-0',
      counted: false,
      year: null,
      roundTitle: null,
      castAt: null,
    });
    const typo = await postJson('/api/ballots/verify', { receipt: '0000-0000-0000-0000-1' });
    expect(typo.status).toBe(400);
    const page = await postForm('/api/ballots/verify', [['receipt', '0000-0000-0000-0000-0']]);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('没有找到');
  });
});
