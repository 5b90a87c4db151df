import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { app } from '../../functions/app.ts';
import { formatCode, hashCode, normalizeCode } from '../../functions/lib/codes.ts';
import {
  at,
  ORIGIN,
  postForm,
  postJson,
  seedRound,
  seedVotingCodes,
  type ErrorEnvelope,
} from './participation-fixtures.ts';

/** A fair public vote (issue 12 §3): receipts, per-address limits in code rounds, confirmation. */

afterEach(() => {
  vi.restoreAllMocks();
});

const encoder = new TextEncoder();
async function hmacReceipt(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return formatCode(
    new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message))).slice(0, 10),
  );
}

describe('receipts derived with a server-side secret', () => {
  it('cannot be computed from the voting code, the Idempotency-Key and the choices alone', async () => {
    const { year, candidates } = await seedRound({ year: 2061 });
    const code = at(await seedVotingCodes(year, 1), 0);
    const key = 'chosen-by-a-hostile-client';
    const choices = [at(candidates, 0)];
    const response = await postJson(
      `/api/rounds/${year}/ballots`,
      { choices, votingCode: code },
      { 'Idempotency-Key': key },
    );
    expect(response.status).toBe(201);
    const { receipt } = await response.json<{ receipt: string }>();
    const codeHash = await hashCode(normalizeCode(code) ?? '');
    const parts = [String(year), codeHash, JSON.stringify(choices)];
    // What anyone could compute offline under the old derivation (the key as the HMAC key): not it.
    expect(receipt).not.toBe(await hmacReceipt(key, ['ballot', ...parts].join('\0')));
    // It is the HMAC under the server's secret, which the client never sees.
    const secret = env.RECEIPT_SECRET ?? '';
    expect(secret.length).toBeGreaterThan(0);
    expect(receipt).toBe(await hmacReceipt(secret, ['ballot-receipt', key, ...parts].join('\0')));
  });

  it('production refuses ballots when the secret is missing, with a 503 and a log line', async () => {
    const { year, candidates } = await seedRound({ year: 2062 });
    const code = at(await seedVotingCodes(year, 1), 0);
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await app.request(
      `${ORIGIN}/api/rounds/${year}/ballots`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '198.51.100.9' },
        body: JSON.stringify({ choices: [at(candidates, 0)], votingCode: code }),
      },
      { ...env, ENVIRONMENT: 'production', RECEIPT_SECRET: undefined, TURNSTILE_SECRET: 'x' },
      createExecutionContext(),
    );
    expect(response.status).toBe(503);
    expect((await response.json<ErrorEnvelope>()).error.code).toBe('receipt_secret_missing');
    expect(log.mock.calls.flat().join(' ')).toMatch(/RECEIPT_SECRET is not set in production/);
    const stored = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ballots WHERE round_year = ?1`)
      .bind(year)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });
});

describe('a station queue behind one address', () => {
  it('lets 200 voters with one-time codes through one address', async () => {
    const { year, candidates } = await seedRound({ year: 2063 });
    const codes = await seedVotingCodes(year, 200);
    const statuses: number[] = [];
    for (const [i, code] of codes.entries()) {
      const response = await postJson(
        `/api/rounds/${year}/ballots`,
        { choices: [at(candidates, i % 4)], votingCode: code },
        { 'CF-Connecting-IP': '203.0.113.200' },
      );
      statuses.push(response.status);
    }
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    const total = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ballots WHERE round_year = ?1`)
      .bind(year)
      .first<{ n: number }>();
    expect(total?.n).toBe(200);
  }, 60_000);
});

describe('the confirmation step without JavaScript', () => {
  it('"返回修改" shows the vote page again with the choices kept, and casts nothing', async () => {
    const { year, candidates } = await seedRound({ year: 2064 });
    const code = at(await seedVotingCodes(year, 1), 0);
    const page = `<!doctype html><html><head><title>投票</title></head><body>
<form method="post" action="/api/rounds/${year}/ballots"><div data-errors hidden></div>
${candidates.map((id) => `<input type="checkbox" name="choices" value="${id}">`).join('')}
<input id="votingCode" name="votingCode"><button type="submit">投票</button></form></body></html>`;
    const assets = {
      fetch: () =>
        Promise.resolve(new Response(page, { headers: { 'Content-Type': 'text/html; charset=utf-8' } })),
    };
    const response = await app.request(
      `${ORIGIN}/api/rounds/${year}/ballots`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: ORIGIN,
          'CF-Connecting-IP': '198.51.100.64',
        },
        body: new URLSearchParams([
          ['choices', at(candidates, 2)],
          ['votingCode', code],
          ['step', 'change'],
        ]).toString(),
      },
      { ...env, ASSETS: assets },
      createExecutionContext(),
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`value="${at(candidates, 2)}" checked`);
    expect(html).not.toContain(`value="${at(candidates, 0)}" checked`);
    expect(html).toContain(`value="${code}"`);
    expect(html).toContain('<div data-errors hidden></div>');
    expect(html).toContain('<title>投票</title>');
    const stored = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ballots WHERE round_year = ?1`)
      .bind(year)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });

  it('checks the ballot before the confirmation: too many choices are refused at once', async () => {
    const { year, candidates } = await seedRound({ year: 2065, maxChoices: 2 });
    const response = await postForm(`/api/rounds/${year}/ballots`, [
      ['choices', at(candidates, 0)],
      ['choices', at(candidates, 1)],
      ['choices', at(candidates, 2)],
    ]);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('本轮最多可选 2 个项目');
  });
});

describe('counts while voting is open', () => {
  it('hides them in a round that does not publish them, until voting closes', async () => {
    const { year } = await seedRound({ year: 2066, countsPublic: false });
    const open = await (
      await app.request(`${ORIGIN}/api/rounds/${year}`, {}, env, createExecutionContext())
    ).json<{
      countsPublic: boolean;
      candidates: Array<{ count: number | null }>;
    }>();
    expect(open.countsPublic).toBe(false);
    expect(open.candidates.every((c) => c.count === null)).toBe(true);
  });
});
