import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capture } from './run.ts';
import { beijingToday } from '../../functions/lib/time.ts';

/** What the demo loader printed for the test D1: the codes the browser journeys use. */
export interface TestDemoCodes {
  /** The open round's year and its one-time voting codes that no demo ballot used. */
  roundYear: number;
  votingCodes: string[];
  /** Tracking codes of demo opinions that already have a reply. */
  trackingCodes: string[];
}

interface TestDatabaseStamp extends TestDemoCodes {
  key: string;
}

const SCALE = '0.05';
/** Written last, so a D1 whose preparation was interrupted has none and is rebuilt. */
const STAMP = 'test-database.json';

/** Every file under a folder, sorted, so the hash does not depend on readdir's order. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * The sources the test D1 is made from: the migrations, the demo generator and what it imports
 * (the domain's enums, the code format).
 */
const SOURCES = ['migrations', 'scripts/demo', 'domain'];
const SOURCE_FILES = ['functions/lib/codes.ts'];

/**
 * What the test D1 is made from: its sources, the scale and the as-of day (the generator dates
 * everything relative to it). A change to any of them makes a new D1.
 */
async function databaseKey(asOf: string): Promise<string> {
  const hash = createHash('sha256').update(`scale ${SCALE} as of ${asOf}\n`);
  const files = [...(await Promise.all(SOURCES.map(filesUnder))).flat(), ...SOURCE_FILES];
  for (const file of files) {
    hash
      .update(`${file}\n`)
      .update(await readFile(file))
      .update('\n');
  }
  return hash.digest('hex');
}

function codesOf(output: string): TestDemoCodes {
  const voting = /Demo voting codes \(unused, round (\d{4})\): (.+)/.exec(output);
  const tracking = /Demo tracking codes \(opinions with a reply\): (.+)/.exec(output);
  if (!voting?.[1] || !voting[2] || !tracking?.[1]) {
    throw new Error(`the demo loader printed no demo codes:\n${output}`);
  }
  return {
    roundYear: Number(voting[1]),
    votingCodes: voting[2].trim().split(/\s+/),
    trackingCodes: tracking[1].trim().split(/\s+/),
  };
}

/**
 * Every migration in one `wrangler d1 execute` run on a new D1, recorded in d1_migrations as
 * `wrangler d1 migrations apply` records them (the health check counts them). The test D1 is
 * always made anew, and apply starts a local D1 for each file: 11 s for 28 files, against 2 s for
 * one run. `npm start` keeps using apply, which also brings an existing database up to date.
 */
async function applyMigrationsAtOnce(stateDir: string): Promise<void> {
  const files = (await readdir('migrations')).filter((name) => name.endsWith('.sql')).sort();
  const names = files.map((file) => `('${file.replaceAll("'", "''")}')`).join(',\n');
  const sql = [
    // wrangler's own table, as apply creates it.
    'CREATE TABLE IF NOT EXISTS d1_migrations(\n' +
      '\tid         INTEGER PRIMARY KEY AUTOINCREMENT,\n' +
      '\tname       TEXT UNIQUE,\n' +
      '\tapplied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL\n);',
    ...(await Promise.all(files.map((file) => readFile(join('migrations', file), 'utf8')))),
    `INSERT INTO d1_migrations (name) VALUES\n${names};`,
  ].join('\n');
  const dir = await mkdtemp(join(tmpdir(), 'deputy-portal-migrations-'));
  try {
    await writeFile(join(dir, 'migrations.sql'), sql);
    await capture('wrangler', [
      'd1',
      'execute',
      'DB',
      '--local',
      '--persist-to',
      stateDir,
      '--file',
      join(dir, 'migrations.sql'),
      '--yes',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readStamp(stateDir: string): Promise<TestDatabaseStamp | null> {
  const file = join(stateDir, STAMP);
  if (!existsSync(file)) return null;
  return JSON.parse(await readFile(file, 'utf8')) as TestDatabaseStamp;
}

/**
 * The small seeded D1 that typechecks, site and browser tests build from (never the user's own
 * data). Reused while the migrations, the demo generator and the day are unchanged (the stamp
 * file holds their hash); otherwise made anew. Returns the demo codes the loader printed.
 */
export async function prepareTestDatabase(stateDir: string): Promise<TestDemoCodes> {
  const asOf = beijingToday();
  const key = await databaseKey(asOf);
  const stamp = await readStamp(stateDir);
  if (stamp?.key === key) {
    console.log(`test D1 in ${stateDir} is up to date (same migrations, demo generator and day): reused`);
    return stamp;
  }
  await rm(stateDir, { recursive: true, force: true });
  await applyMigrationsAtOnce(stateDir);
  const output = await capture('node', [
    'scripts/demo/load.ts',
    '--scale',
    SCALE,
    '--as-of',
    asOf,
    '--persist-to',
    stateDir,
  ]);
  process.stdout.write(output);
  const codes = codesOf(output);
  await writeFile(join(stateDir, STAMP), `${JSON.stringify({ key, ...codes }, null, 2)}\n`);
  return codes;
}

/** The demo codes of a test D1 that prepareTestDatabase made. */
export async function testDemoCodes(stateDir: string): Promise<TestDemoCodes> {
  const stamp = await readStamp(stateDir);
  if (!stamp) throw new Error(`${stateDir} holds no prepared test D1 (${STAMP} is missing)`);
  return stamp;
}
