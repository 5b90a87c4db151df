/**
 * Loads the demo city into the local D1 database through wrangler.
 *
 *   node scripts/demo/load.ts [--scale N] [--seed N] [--as-of YYYY-MM-DD] [--if-empty] [--persist-to DIR]
 *
 * Assumes the migrations are applied (`npx wrangler d1 migrations apply DB --local`). All rows go
 * in one `wrangler d1 execute --local --file` run, which wrangler executes as a single batch (one
 * transaction): either the whole city loads or nothing does.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { hashCode, normalizeCode } from '../../functions/lib/codes.ts';
import { DEFAULT_SEED, generateDemoCity, validateDemoOptions } from './generate.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

const USAGE = `Usage: node scripts/demo/load.ts [--scale N] [--seed N] [--as-of YYYY-MM-DD] [--if-empty] [--persist-to DIR]

  --scale N        size multiplier (1 = a city portal, 0.05 = tiny, 10 = benchmark); default 1
  --seed N         seed of the deterministic generator; default ${DEFAULT_SEED}
  --as-of DATE     the demo's "today" (Beijing date); default today in Asia/Shanghai
  --if-empty       do nothing when the database already has deputies
  --persist-to DIR local D1 state directory, passed to wrangler`;

class LoadError extends Error {}

const ANSI_COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function todayInBeijing(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

function wrangler(args: string[], persistTo: string | undefined): { stdout: string; stderr: string } {
  const full = ['d1', 'execute', 'DB', '--local', ...args];
  if (persistTo !== undefined) full.push('--persist-to', persistTo);
  const result = spawnSync(process.execPath, [WRANGLER, ...full], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  if (result.error !== undefined) throw new LoadError(`could not run wrangler: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stderr}\n${result.stdout}`
      .replace(ANSI_COLOURS, '')
      .trim()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-15)
      .join('\n');
    throw new LoadError(`wrangler d1 execute failed (exit ${result.status}):\n${output}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

function countDeputies(persistTo: string | undefined): number {
  let stdout: string;
  try {
    ({ stdout } = wrangler(['--json', '--command', 'SELECT COUNT(*) AS n FROM deputies'], persistTo));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/no such table/i.test(message)) {
      throw new LoadError(
        'the deputies table does not exist: apply the migrations first with ' +
          `\`npx wrangler d1 migrations apply DB --local${persistTo === undefined ? '' : ` --persist-to ${persistTo}`}\``,
      );
    }
    throw error;
  }
  const start = stdout.indexOf('[');
  const parsed: unknown = JSON.parse(start >= 0 ? stdout.slice(start) : stdout);
  const first = Array.isArray(parsed)
    ? (parsed[0] as { results?: { n?: unknown }[] } | undefined)
    : undefined;
  const n = first?.results?.[0]?.n;
  if (typeof n !== 'number') throw new LoadError(`unexpected answer from wrangler: ${stdout.slice(0, 200)}`);
  return n;
}

function queryJson<Row>(sql: string, persistTo: string | undefined): Row[] {
  const { stdout } = wrangler(['--json', '--command', sql], persistTo);
  const start = stdout.indexOf('[');
  const parsed = JSON.parse(start >= 0 ? stdout.slice(start) : stdout) as { results?: Row[] }[];
  return parsed[0]?.results ?? [];
}

/**
 * On later runs, the demo codes that are still unused: regenerated from the seed, scale and
 * as-of date the loaded demo was made with (only hashes are stored), minus the spent ones.
 */
async function printRemainingDemoCodes(persistTo: string | undefined): Promise<void> {
  const settings = new Map(
    queryJson<{ key: string; value: string }>('SELECT key, value FROM portal_settings', persistTo).map(
      (r) => [r.key, r.value],
    ),
  );
  if (settings.get('demo_data') !== '1') return;
  const asOf = settings.get('demo_as_of');
  if (asOf === undefined) return;
  const city = await generateDemoCity({
    seed: Number(settings.get('demo_seed') ?? DEFAULT_SEED),
    scale: Number(settings.get('demo_scale') ?? 1),
    asOf,
  });
  const hashes = await Promise.all(city.demoVotingCodes.map((code) => hashCode(normalizeCode(code) ?? '')));
  const spent = new Set(
    queryJson<{ code_hash: string }>(
      `SELECT code_hash FROM voting_code_uses WHERE code_hash IN (${hashes.map((h) => `'${h}'`).join(', ')})`,
      persistTo,
    ).map((r) => r.code_hash),
  );
  const unused = city.demoVotingCodes.filter((_code, i) => !spent.has(hashes[i] ?? ''));
  if (unused.length > 0)
    console.log(`Demo voting codes (unused, round ${asOf.slice(0, 4)}): ${unused.join('  ')}`);
  else console.log('All printed demo voting codes have been used.');
  console.log(`Demo tracking codes (opinions with a reply): ${city.demoTrackingCodes.join('  ')}`);
}

function parse() {
  return parseArgs({
    options: {
      scale: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      'if-empty': { type: 'boolean', default: false },
      'persist-to': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    throw new LoadError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  const asOf = values['as-of'] ?? todayInBeijing();
  // wrangler runs from the project root: make a relative state directory absolute first.
  const persistTo = values['persist-to'] === undefined ? undefined : resolve(values['persist-to']);
  try {
    validateDemoOptions({ scale, seed, asOf });
  } catch (error) {
    throw new LoadError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const started = performance.now();

  const existing = countDeputies(persistTo);
  if (existing > 0) {
    if (values['if-empty']) {
      console.log(`Demo data not loaded: the database already has ${existing} deputies.`);
      await printRemainingDemoCodes(persistTo);
      return;
    }
    throw new LoadError(
      `the database already has ${existing} deputies; the demo city loads only into an empty ` +
        'database (pass --if-empty to skip quietly, or reset the local state and apply the migrations again)',
    );
  }

  const city = await generateDemoCity({ seed, scale, asOf });
  const generated = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'deputy-portal-demo-'));
  const file = join(dir, 'demo.sql');
  try {
    writeFileSync(file, `${city.statements.join('\n')}\n`);
    wrangler(['--file', file, '--yes'], persistTo);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const rows = Object.values(city.summary).reduce((a, b) => a + b, 0);
  const parts = Object.entries(city.summary)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
  console.log(
    `Demo city loaded (scale ${scale}, seed ${seed}, as of ${asOf}): ${rows} rows in ${seconds.toFixed(1)} s ` +
      `(generated in ${((generated - started) / 1000).toFixed(1)} s) — ${parts}`,
  );
  console.log(`Demo voting codes (unused, round ${asOf.slice(0, 4)}): ${city.demoVotingCodes.join('  ')}`);
  console.log(`Demo tracking codes (opinions with a reply): ${city.demoTrackingCodes.join('  ')}`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`demo load failed: ${message}`);
  process.exitCode = 1;
});
