import { env, exports } from 'cloudflare:workers';
import { hashCode, newCode, normalizeCode } from '../../functions/lib/codes.ts';

/**
 * Records the participation tests need, inserted with the test's own ids (D1 storage is shared by
 * the tests of one file). Every helper takes a prefix so two tests never meet.
 */

const db = () => env.DB;

/** A serving deputy, a resigned one, an active and a closed station, and two categories. */
export async function seedAddressees(prefix: string) {
  const p = prefix.toLowerCase().replace(/[^a-z0-9]/g, '');
  const ids = {
    servingDeputy: `${p}dep1`,
    resignedDeputy: `${p}dep2`,
    activeStation: `${p}sta1`,
    closedStation: `${p}sta2`,
    category: `${p}_cat`,
    retiredCategory: `${p}_old`,
  };
  await db().batch([
    db()
      .prepare(`INSERT INTO areas (id, parent_id, kind, name) VALUES (?1, NULL, 'city', ?2)`)
      .bind(`${p}city`, `${p}市`),
    db()
      .prepare(`INSERT INTO congresses (id, level, name, area_id) VALUES (?1, 'municipal', ?2, ?3)`)
      .bind(`${p}cg`, `${p}市人大`, `${p}city`),
    db()
      .prepare(
        `INSERT INTO terms (id, congress_id, number, starts_on, ends_on, is_current) VALUES (?1, ?2, 16, '2023-01-01', '2027-12-31', 1)`,
      )
      .bind(`${p}term`, `${p}cg`),
    db()
      .prepare(`INSERT INTO electoral_units (id, term_id, kind, name) VALUES (?1, ?2, 'electoral_unit', ?3)`)
      .bind(`${p}eu`, `${p}term`, `${p}选举单位`),
    db()
      .prepare(
        `INSERT INTO deputies (id, name, gender, ethnicity, term_id, electoral_unit_id, status, status_since)
         VALUES (?1, '林晓雯', 'female', '汉族', ?3, ?4, 'serving', '2023-01-01'),
                (?2, '周建国', 'male', '汉族', ?3, ?4, 'resigned', '2024-06-01')`,
      )
      .bind(ids.servingDeputy, ids.resignedDeputy, `${p}term`, `${p}eu`),
    db()
      .prepare(
        `INSERT INTO stations (id, name, kind, area_id, address, is_active)
         VALUES (?1, ?3, 'station', ?5, '星澜市滨江路 1 号', 1), (?2, ?4, 'home', ?5, '星澜市滨江路 2 号', 0)`,
      )
      .bind(ids.activeStation, ids.closedStation, `${p}联络站`, `${p}代表之家`, `${p}city`),
    db()
      .prepare(
        `INSERT INTO opinion_categories (id, name, sort_order, is_active) VALUES (?1, ?3, 1, 1), (?2, ?4, 2, 0)`,
      )
      .bind(ids.category, ids.retiredCategory, `${p}城市建设`, `${p}旧类别`),
  ]);
  return ids;
}

/** UTC time `seconds` from now in the schema's format. */
export function utcIn(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString().slice(0, 19) + 'Z';
}

export interface RoundSetup {
  year: number;
  mode?: 'code' | 'open';
  maxChoices?: number;
  countsPublic?: boolean;
  opensAt?: string;
  closesAt?: string;
  candidates?: number;
}

/**
 * A round with its public-voting window and candidates `<year>c1`... (counter rows included). The
 * year is the round's key, and the files of the `workers` project share one D1: each file takes
 * years no other file uses (ballots 2031–2047, participation costs 2051–2053, fair vote 2061–2066,
 * result pages 2071, hostile inputs 2081–2083, hostile HTTP 2084–2086 and 2075–2078 in refused
 * posts, the four-eyes sweep 2087, schema constraints 2091–2092).
 */
export async function seedRound(setup: RoundSetup): Promise<{ year: number; candidates: string[] }> {
  const { year } = setup;
  const candidates = Array.from({ length: setup.candidates ?? 4 }, (_, i) => `r${year}c${i + 1}`);
  await db().batch([
    db()
      .prepare(
        `INSERT INTO project_rounds (year, title, mode, max_choices, counts_public) VALUES (?1, ?2, ?3, ?4, ?5)`,
      )
      .bind(
        year,
        `${year} 年民生实事项目`,
        setup.mode ?? 'code',
        setup.maxChoices ?? 3,
        setup.countsPublic === false ? 0 : 1,
      ),
    db()
      .prepare(
        `INSERT INTO round_phases (round_year, phase, starts_at, ends_at) VALUES (?1, 'public_voting', ?2, ?3)`,
      )
      .bind(year, setup.opensAt ?? utcIn(-3600), setup.closesAt ?? utcIn(3600)),
    ...candidates.flatMap((id, i) => [
      db()
        .prepare(
          `INSERT INTO project_candidates (id, round_year, title, description, sort_order) VALUES (?1, ?2, ?3, '', ?4)`,
        )
        .bind(id, year, `候选项目 ${i + 1}`, i),
      db()
        .prepare(`INSERT INTO vote_counts (candidate_id, channel, count) VALUES (?1, 'online', 0)`)
        .bind(id),
    ]),
  ]);
  return { year, candidates };
}

/** One-time voting codes for a round, stored hashed like staff-made ones; returns the codes. */
export async function seedVotingCodes(year: number, count: number): Promise<string[]> {
  const codes = Array.from({ length: count }, () => newCode());
  const hashes = await Promise.all(codes.map((code) => hashCode(normalizeCode(code) ?? code)));
  for (let i = 0; i < hashes.length; i += 50) {
    await db().batch(
      hashes
        .slice(i, i + 50)
        .map((hash) =>
          db()
            .prepare(`INSERT INTO voting_codes (round_year, code_hash, batch_id) VALUES (?1, ?2, 'test')`)
            .bind(year, hash),
        ),
    );
  }
  return codes;
}

/** The i-th element, or a test failure: keeps the tests free of non-null assertions. */
export function at<T>(list: readonly T[], index: number): T {
  const value = list[index];
  if (value === undefined) throw new Error(`no element ${index}`);
  return value;
}

let clientNumber = 0;

/** A distinct client address per call, so tests do not share a rate-limit bucket. */
export function newClientIp(): string {
  clientNumber++;
  return `10.${(clientNumber >> 16) & 255}.${(clientNumber >> 8) & 255}.${clientNumber & 255}`;
}

export const ORIGIN = 'http://portal.test';

/** How long a rate-limit test may take, the wait for a fresh window included. */
export const RATE_TEST_TIMEOUT_MS = 30_000;

/**
 * Rate-limit windows are aligned to the wall clock's minutes (Cloudflare's simple limits and
 * miniflare's alike): a test that fills one must not straddle two, or the second half starts
 * from zero. Waits for the next window when fewer than `seconds` are left in this one.
 */
export async function freshRateWindow(seconds = 8): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < seconds * 1000) await new Promise((done) => setTimeout(done, left + 50));
}

/** POSTs JSON to the Worker as a browser on the portal would. */
export function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return exports.default.fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': newClientIp(), ...headers },
    body: JSON.stringify(body),
  });
}

/** POSTs a plain HTML form (no JavaScript) to the Worker. */
export function postForm(
  path: string,
  fields: Array<[string, string]>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return exports.default.fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: ORIGIN,
      'CF-Connecting-IP': newClientIp(),
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

export interface ErrorEnvelope {
  error: { code: string; message: string; fields?: Record<string, string> };
}

/** Asserts nothing internal leaks: no SQL, no D1 or SQLite text, no stack trace. */
export const LEAK = /SQLITE|D1_ERROR|constraint failed|no such table|INSERT|SELECT|\bat .*\.ts:\d+|Error:/i;
