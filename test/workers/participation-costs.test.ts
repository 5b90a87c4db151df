import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../functions/app.ts';
import { classifyD1Error, DatabaseUnavailable, runBatch } from '../../functions/lib/d1.ts';
import { giveFeedback, submitOpinion } from '../../functions/opinions/actions.ts';
import { OpinionFeedback, OpinionSubmission } from '../../functions/opinions/schema.ts';
import { castBallot, checkBallot } from '../../functions/rounds/actions.ts';
import { BallotSubmission } from '../../functions/rounds/schema.ts';
import { meteredDatabase, type Usage } from '../../bench/d1-meter.ts';
import { faultyDatabase } from './d1-instruments.ts';
import { ORIGIN, newClientIp, seedAddressees, seedRound, seedVotingCodes } from './participation-fixtures.ts';

/**
 * D1 rows read and written per operation, as D1 reports them (meta.rows_read / rows_written,
 * indexes included), measured through the real routes; and retries of writes after D1 faults.
 */

let ids: Awaited<ReturnType<typeof seedAddressees>>;
beforeAll(async () => {
  ids = await seedAddressees('cost');
});

async function measured(
  path: string,
  init: RequestInit | undefined,
): Promise<{ status: number; body: unknown; usage: Usage }> {
  const meter = meteredDatabase(env.DB);
  const response = await app.request(
    `${ORIGIN}${path}`,
    init,
    { ...env, DB: meter.db },
    createExecutionContext(),
  );
  return { status: response.status, body: await response.json(), usage: { ...meter.usage } };
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': newClientIp() },
  body: JSON.stringify(body),
});

const figures: string[] = [];
function report(label: string, usage: Usage): void {
  figures.push(
    `${label}: rows read ${usage.rowsRead}, rows written ${usage.rowsWritten} (${usage.queries} queries, ${usage.batches} batches)`,
  );
}

describe('D1 rows per operation', () => {
  it('an opinion, a status lookup and feedback', async () => {
    const body = {
      target: { type: 'deputy', id: ids.servingDeputy },
      category: ids.category,
      title: '计量：一条意见',
      content: '计量一条意见写入数据库的行数，包括索引。',
      name: '测试',
      contact: '13800000000',
      consent: true,
    };
    const plain = await measured('/api/opinions', json(body));
    expect(plain.status).toBe(201);
    report('opinion with contact', plain.usage);
    const withKey = await measured('/api/opinions', {
      ...json({ ...body, title: '计量：带幂等键' }),
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID(),
        'CF-Connecting-IP': newClientIp(),
      },
    });
    report('opinion with contact and Idempotency-Key', withKey.usage);
    const bare = await measured(
      '/api/opinions',
      json({ ...body, title: '计量：无联系方式', name: '', contact: '', target: { type: 'topic' } }),
    );
    report('topic opinion without contact', bare.usage);
    // Opinion: row + 5 indexes (two of them decide the holds in the write, migration 0015),
    // event + index, contact + index (+ idempotency row).
    expect(plain.usage.rowsWritten).toBeLessThanOrEqual(10);
    expect(withKey.usage.rowsWritten).toBe(plain.usage.rowsWritten + 1);

    const { trackingCode } = plain.body as { trackingCode: string };
    const status = await measured('/api/opinions/status', json({ trackingCode }));
    expect(status.status).toBe(200);
    expect(status.usage.rowsWritten).toBe(0);
    report('status lookup', status.usage);

    await env.DB.prepare(`UPDATE opinions SET public_reply = '已答复' WHERE title = '计量：一条意见'`).run();
    const feedback = await measured('/api/opinions/feedback', json({ trackingCode, resolved: 'yes' }));
    expect(feedback.status).toBe(200);
    report('feedback', feedback.usage);
  });

  // Many requests in one test (60 s): the default 5 s is too short on a busy 2-core machine.
  it('a ballot writes at most 6 rows for up to 4 choices; reading counts grows with candidates only', async () => {
    const { year, candidates } = await seedRound({ year: 2051, maxChoices: 4, candidates: 6 });
    const codes = await seedVotingCodes(year, 8);
    for (let k = 1; k <= 4; k++) {
      const ballot = await measured(
        `/api/rounds/${year}/ballots`,
        json({ choices: candidates.slice(0, k), votingCode: codes[k] }),
      );
      expect(ballot.status).toBe(201);
      report(`ballot with ${k} choice(s)`, ballot.usage);
      expect(ballot.usage.rowsWritten).toBe(2 + k);
      expect(ballot.usage.rowsWritten).toBeLessThanOrEqual(6);
    }
    const keyed = await measured(`/api/rounds/${year}/ballots`, {
      ...json({ choices: candidates.slice(0, 4), votingCode: codes[5] }),
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID(),
        'CF-Connecting-IP': newClientIp(),
      },
    });
    report('ballot with 4 choices and Idempotency-Key', keyed.usage);
    expect(keyed.usage.rowsWritten).toBe(6);

    const small = await measured(`/api/rounds/${year}`, undefined);
    report(`count read, ${candidates.length} candidates, 5 ballots`, small.usage);
    // Many more ballots must not change the cost of reading the counts.
    const more = await seedVotingCodes(year, 40);
    for (const code of more) {
      const response = await app.request(
        `${ORIGIN}/api/rounds/${year}/ballots`,
        json({ choices: [candidates[5]], votingCode: code }),
        env,
        createExecutionContext(),
      );
      expect(response.status).toBe(201);
    }
    const large = await measured(`/api/rounds/${year}`, undefined);
    report(`count read, ${candidates.length} candidates, 45 ballots`, large.usage);
    expect(large.usage.rowsRead).toBe(small.usage.rowsRead);
    expect(large.usage.rowsWritten).toBe(0);

    const twelve = await seedRound({ year: 2052, candidates: 12 });
    const wide = await measured(`/api/rounds/${twelve.year}`, undefined);
    report('count read, 12 candidates', wide.usage);
    expect(wide.usage.rowsRead).toBeLessThan(small.usage.rowsRead * 3);
  }, 60_000);

  it('prints the figures', () => {
    console.log(`\nD1 rows per operation (local D1, indexes included):\n  ${figures.join('\n  ')}\n`);
    expect(figures.length).toBeGreaterThanOrEqual(10);
  });
});

describe('writes after D1 faults', () => {
  const opinionInput = (title: string) =>
    OpinionSubmission.parse({
      target: { type: 'station', id: ids.activeStation },
      title,
      content: '数据库应答在途中丢失，提交被自动重试。',
      contact: '13900000000',
      consent: true,
    });

  it('retries an opinion whose answer was lost after it committed: one row, one answer', async () => {
    const faulty = faultyDatabase(env.DB, 'lose_answer_after_commit');
    const { receipt } = await submitOpinion(faulty.db, opinionInput('应答丢失后的重试'), {
      retentionDays: 180,
      idempotency: null,
    });
    expect(faulty.batchCalls()).toBe(2);
    expect(receipt.trackingCode).toMatch(/^[0-9A-Z]{4}-/);
    const rows = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM opinions WHERE title = '应答丢失后的重试'`,
    ).first<{ n: number }>();
    expect(rows?.n).toBe(1);
  });

  it('retries an opinion whose batch failed before committing', async () => {
    const faulty = faultyDatabase(env.DB, 'fail_before_commit', 2);
    await submitOpinion(faulty.db, opinionInput('提交前失败的重试'), {
      retentionDays: 180,
      idempotency: null,
    });
    expect(faulty.batchCalls()).toBe(3);
    const rows = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM opinions WHERE title = '提交前失败的重试'`,
    ).first<{ n: number }>();
    expect(rows?.n).toBe(1);
  });

  it('gives up after three attempts with a 503-class error', async () => {
    const faulty = faultyDatabase(env.DB, 'fail_before_commit', 5);
    await expect(
      submitOpinion(faulty.db, opinionInput('始终失败'), { retentionDays: 180, idempotency: null }),
    ).rejects.toBeInstanceOf(DatabaseUnavailable);
    expect(faulty.batchCalls()).toBe(3);
  });

  it('retries a ballot whose answer was lost: same receipt, counted once, code spent once', async () => {
    const { year, candidates } = await seedRound({ year: 2053 });
    const [code] = await seedVotingCodes(year, 1);
    const input = BallotSubmission.parse({ choices: [candidates[0]], votingCode: code });
    const round = await checkBallot(env.DB, year, input);
    const faulty = faultyDatabase(env.DB, 'lose_answer_after_commit');
    const { receipt } = await castBallot(faulty.db, round, input, {
      channel: 'online',
      browserKey: null,
      idempotencyKey: null,
      receiptSecret: 'test-receipt-secret',
      verifyHuman: async () => {},
    });
    expect(faulty.batchCalls()).toBe(2);
    expect(receipt).toMatch(/^[0-9A-Z]{4}-/);
    const state = await env.DB.prepare(
      `SELECT (SELECT COUNT(*) FROM ballots WHERE round_year = ?1) AS ballots,
              (SELECT COUNT(*) FROM voting_code_uses WHERE round_year = ?1) AS uses,
              (SELECT count FROM vote_counts WHERE candidate_id = ?2 AND channel = 'online') AS counted`,
    )
      .bind(year, candidates[0])
      .first();
    expect(state).toEqual({ ballots: 1, uses: 1, counted: 1 });
  });

  it('does not retry feedback, which is not idempotent', async () => {
    const { receipt } = await submitOpinion(env.DB, opinionInput('反馈不重试'), {
      retentionDays: 180,
      idempotency: null,
    });
    await env.DB.prepare(`UPDATE opinions SET public_reply = '已答复' WHERE title = '反馈不重试'`).run();
    const faulty = faultyDatabase(env.DB, 'fail_before_commit');
    await expect(
      giveFeedback(faulty.db, OpinionFeedback.parse({ trackingCode: receipt.trackingCode, resolved: 'yes' })),
    ).rejects.toBeInstanceOf(DatabaseUnavailable);
    expect(faulty.batchCalls()).toBe(1);
    const row = await env.DB.prepare(
      `SELECT feedback_resolved FROM opinions WHERE title = '反馈不重试'`,
    ).first();
    expect(row).toEqual({ feedback_resolved: null });
  });

  it('never retries a batch that failed on a constraint', async () => {
    let calls = 0;
    const db = new Proxy(env.DB, {
      get(target, property) {
        if (property === 'batch') return (s: D1PreparedStatement[]) => (calls++, target.batch(s));
        const value: unknown = Reflect.get(target, property, target);
        const bound: unknown = typeof value === 'function' ? value.bind(target) : value;
        return bound;
      },
    });
    const insert = db.prepare(`INSERT INTO opinion_categories (id, name) VALUES ('dup_cat', '重复类别')`);
    await runBatch(db, [insert], { idempotent: true });
    const error = await runBatch(db, [insert], { idempotent: true }).catch((e: unknown) => e);
    // vitest types its asymmetric matchers as `any`; held as the unknown they are.
    const categoryColumn: unknown = expect.stringMatching(/^opinion_categories\./);
    expect(classifyD1Error(error)).toMatchObject({ kind: 'unique', target: categoryColumn });
    expect(calls).toBe(2);
  });
});
