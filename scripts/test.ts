/**
 * npm test: typecheck, then every test project (unit and site in Node, workers in workerd,
 * browser in Chromium). The typecheck and site tests build from their own small seeded D1
 * (.wrangler/test-state, reused while the migrations and the demo generator are unchanged), so
 * the user's local data is never touched.
 *
 * Lanes share the cores. The longest chain runs at normal priority: the test D1, the site build
 * (test/site/shared-build.ts, which the site and browser global setups then use as it is), then
 * the browser project with two vitest workers (its global setup starts the Worker the journeys
 * use). The site project runs beside it in a vitest of its own: its global setup renders every
 * page a link leads to through the built Worker (some 600), and in one vitest run that global
 * setup held back the first browser file by as long. Once the build has synced the content layer
 * into .astro/, `astro check --noSync` runs beside the tests: it reads what the build wrote and
 * writes nothing there (the office journey's own rebuild syncs again well after the check has read
 * its files). The `tsc` projects and the unit and workers projects need neither the D1 nor the
 * build, so they start at once. The typechecks and the site project run at a lower priority
 * (nice), on whatever CPU the chain leaves idle (it waits on workerd, Chromium and wrangler often).
 * The unit and workers projects do not: they are a third of the CPU the run needs, and niced they
 * were still running alone on one core a minute after the browser files had ended. Side lanes'
 * output is held back and shown when each lane ends, so it does not cut through vitest's.
 *
 * With arguments (`npm test -- --project unit`, a file filter), vitest runs once with them after
 * the typecheck lanes, as before.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { TEST_D1_PERSIST, TEST_STATE_DIR } from '../test/site/build-paths.ts';
import { SITE_BUILT_ENV, sharedSiteBuild } from '../test/site/shared-build.ts';
import { run, seconds, toolEnv } from './lib/run.ts';
import { prepareTestDatabase } from './lib/test-database.ts';

const startedAt = performance.now();
const testEnv = { PORTAL_D1_PERSIST: TEST_D1_PERSIST };
const timings: string[] = [];
const REPORT_DIR = '.test-build/vitest-reports';

interface Outcome {
  ok: boolean;
  output: string;
}

async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const since = performance.now();
  try {
    return await work();
  } finally {
    timings.push(`  ${name}: ${seconds(since)} (done at ${seconds(startedAt)})`);
  }
}

/**
 * Runs a command beside the main chain, at low priority unless asked otherwise, with its output
 * held back (returned, to show at the end).
 */
function inBackground(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  niceness = 10,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn('nice', ['-n', String(niceness), command, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...toolEnv, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => {
      resolve({ ok: false, output: `${output}${error.message}\n` });
    });
    child.on('exit', (code, signal) => {
      resolve({ ok: code === 0, output: code === 0 ? output : `${output}(${signal ?? `exit ${code}`})\n` });
    });
  });
}

/**
 * One program per set of runtime types: the code that runs in workerd (functions/, domain/ and the
 * bench's Workers, under functions/tsconfig.json's options: one program, where checking
 * functions/tsconfig.json and bench/tsconfig.json apart parsed and checked functions/ twice), the
 * workers tests (the vitest pool's types) and the Node code (tests, scripts, the bench driver).
 */
const TSC_PROJECTS = ['test/tsconfig.workerd.json', 'test/tsconfig.json', 'test/tsconfig.node.json'];

/**
 * TypeScript 7, the native compiler (the `typescript-native` alias of typescript@7): the same
 * checker as TypeScript 6 at about a third of the CPU time, which on two cores is time the tests
 * get. TypeScript 6 stays the `typescript` package that `astro check` and typescript-eslint load.
 * Called by path: both packages name their command `tsc`.
 */
const NATIVE_TSC = 'node_modules/typescript-native/bin/tsc';

/**
 * The tsc projects one after the other. Incremental: the build info in .test-build/tsc lets a
 * rerun skip what did not change (nothing is emitted); a first run checks everything.
 */
async function typecheckLane(): Promise<string[]> {
  await mkdir('.test-build/tsc', { recursive: true });
  const failures: string[] = [];
  for (const project of TSC_PROJECTS) {
    const buildInfo = `.test-build/tsc/${project.replace(/[/.]/g, '_')}.tsbuildinfo`;
    const result = await phase(`tsc -p ${project}`, () =>
      inBackground(NATIVE_TSC, ['-p', project, '--incremental', '--tsBuildInfoFile', buildInfo]),
    );
    if (!result.ok) failures.push(`tsc -p ${project} failed:\n${result.output}`);
  }
  return failures;
}

function vitestArgs(report: string, args: string[]): string[] {
  return ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args];
}

await rm(REPORT_DIR, { recursive: true, force: true });
await mkdir(REPORT_DIR, { recursive: true });
const userArgs = process.argv.slice(2);
const failures: string[] = [];
const typechecks = typecheckLane();
// Unit tests and the workers projects (workerd on a D1 of their own) need no build.
const quickLane =
  userArgs.length === 0
    ? phase('vitest unit + workers', () =>
        inBackground(
          'vitest',
          vitestArgs(`${REPORT_DIR}/unit-workers.json`, ['--project', 'unit', '--project', 'workers*']),
          testEnv,
          0,
        ),
      )
    : null;

let checkLane: Promise<Outcome> | null = null;
let siteLane: Promise<Outcome> | null = null;
try {
  await phase('test D1', () => prepareTestDatabase(TEST_STATE_DIR));
  if (userArgs.length === 0) {
    // The site build of the site and browser projects, here rather than in their global setup, so
    // that `astro check` can start once the build has synced the content layer into .astro/ and
    // run beside the tests (niced) without syncing again.
    await phase('site build', () => sharedSiteBuild());
    const builtEnv = { ...testEnv, [SITE_BUILT_ENV]: '1' };
    siteLane = phase('vitest site', () =>
      inBackground('vitest', vitestArgs(`${REPORT_DIR}/site.json`, ['--project', 'site']), builtEnv),
    );
    checkLane = phase('astro check --noSync', () => inBackground('astro', ['check', '--noSync'], testEnv));
    // Two vitest workers (its default is one fewer than the cores): the browser files wait on
    // Chromium and workerd much of the time, so two of them fill the two cores.
    await phase('vitest browser', () =>
      run(
        'vitest',
        vitestArgs(`${REPORT_DIR}/main.json`, ['--project', 'browser', '--maxWorkers=2']),
        builtEnv,
      ),
    );
  } else {
    await phase('astro check', () => run('astro', ['check'], testEnv));
    await phase('vitest', () => run('vitest', vitestArgs(`${REPORT_DIR}/main.json`, userArgs), testEnv));
  }
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
}

if (siteLane) {
  const site = await siteLane;
  console.log('\n── vitest: site project (ran beside the above) ──\n');
  process.stdout.write(site.output);
  if (!site.ok) failures.push('vitest --project site failed');
}
if (checkLane) {
  const check = await checkLane;
  console.log('\n── astro check (ran beside the above) ──\n');
  process.stdout.write(check.output);
  if (!check.ok) failures.push('astro check failed');
}
if (quickLane) {
  const quick = await quickLane;
  console.log('\n── vitest: unit + workers projects (ran beside the above) ──\n');
  process.stdout.write(quick.output);
  if (!quick.ok) failures.push('vitest --project unit --project workers failed');
}
failures.push(...(await typechecks));

// The JSON reports give CI one plain closing line with the counts, and name each failed test
// last, so a log cut to its tail still says what failed and why.
const counts = { passed: 0, failed: 0, skipped: 0 };
const failedTests: string[] = [];
for (const report of ['main.json', 'site.json', 'unit-workers.json']) {
  const json = JSON.parse(await readFile(`${REPORT_DIR}/${report}`, 'utf8').catch(() => '{}')) as {
    numPassedTests?: number;
    numFailedTests?: number;
    numPendingTests?: number;
    numTodoTests?: number;
    testResults?: {
      name: string;
      message?: string;
      assertionResults?: { status: string; fullName: string; failureMessages?: string[] }[];
    }[];
  };
  counts.passed += json.numPassedTests ?? 0;
  counts.failed += json.numFailedTests ?? 0;
  counts.skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  for (const file of json.testResults ?? []) {
    const where = file.name.replace(`${process.cwd()}/`, '');
    if (file.message) failedTests.push(`${where}: ${file.message.slice(0, 600)}`);
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      const why = (test.failureMessages ?? []).join('\n').slice(0, 600);
      failedTests.push(`${where} > ${test.fullName}\n    ${why.replaceAll('\n', '\n    ')}`);
    }
  }
}
for (const failure of failures) console.error(failure);
console.log(`phases:\n${timings.join('\n')}`);
console.log(`npm test finished in ${seconds(startedAt)}`);
if (failedTests.length > 0) console.log(`failed:\n${failedTests.map((t) => `  ${t}`).join('\n')}`);
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
if (failures.length > 0) process.exitCode = 1;
