/**
 * npm test: typecheck, then every test project (unit and site in Node, workers in workerd,
 * browser in Chromium). The typecheck and site tests build from their own small seeded D1
 * (.wrangler/test-state, reused while the migrations and the demo generator are unchanged), so
 * the user's local data is never touched.
 *
 * Two lanes share the two cores: the `tsc` runs need no D1, so they start at once and run beside
 * the test D1's preparation, `astro check` and the tests. `astro check` stays in the test lane,
 * before vitest: it syncs the content layer into .astro/, as the site build in vitest's global
 * setup does, and the two must not write there at the same time.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { TEST_D1_PERSIST, TEST_STATE_DIR } from '../test/site/build-paths.ts';
import { run, seconds, toolEnv } from './lib/run.ts';
import { prepareTestDatabase } from './lib/test-database.ts';

const startedAt = performance.now();
const testEnv = { PORTAL_D1_PERSIST: TEST_D1_PERSIST };
const timings: string[] = [];

async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const since = performance.now();
  try {
    return await work();
  } finally {
    timings.push(`${name}: ${seconds(since)} (ended at ${seconds(startedAt)})`);
  }
}

/** Runs a command with its output held back, so it does not cut through vitest's; shown at the end. */
function quietly(command: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: toolEnv });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ ok: false, output: `${output}${error.message}\n` }));
    child.on('exit', (code, signal) =>
      resolve({ ok: code === 0, output: code === 0 ? output : `${output}(${signal ?? `exit ${code}`})\n` }),
    );
  });
}

const TSC_PROJECTS = [
  'functions/tsconfig.json',
  'test/tsconfig.json',
  'test/tsconfig.node.json',
  'bench/tsconfig.json',
];

/**
 * The tsc projects one after the other (the other core is the test lane's). Incremental: the
 * build info in .test-build/tsc lets a rerun skip what did not change; a first run checks all.
 */
async function typecheckLane(): Promise<string[]> {
  await mkdir('.test-build/tsc', { recursive: true });
  const failures: string[] = [];
  for (const project of TSC_PROJECTS) {
    const buildInfo = `.test-build/tsc/${project.replace(/[/.]/g, '_')}.tsbuildinfo`;
    const result = await phase(`tsc -p ${project}`, () =>
      quietly('tsc', ['-p', project, '--incremental', '--tsBuildInfoFile', buildInfo]),
    );
    if (!result.ok) failures.push(`tsc -p ${project} failed:\n${result.output}`);
  }
  return failures;
}

const typechecks = typecheckLane();
let failure: unknown = null;

// The JSON report gives CI one plain closing line with the counts.
const report = '.test-build/vitest-report.json';
await rm(report, { force: true });
try {
  await phase('test D1', () => prepareTestDatabase(TEST_STATE_DIR));
  await phase('astro check', () => run('astro', ['check'], testEnv));
  await phase('vitest', () =>
    run(
      'vitest',
      [
        'run',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
        ...process.argv.slice(2),
      ],
      testEnv,
    ),
  );
} catch (error) {
  failure = error;
}
const typecheckFailures = await typechecks;
for (const message of typecheckFailures) console.error(message);
failure ??=
  typecheckFailures.length > 0 ? new Error(`${typecheckFailures.length} tsc project(s) failed`) : null;

const counts = JSON.parse(await readFile(report, 'utf8').catch(() => '{}')) as {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
};
console.log(timings.join('\n'));
console.log(`npm test finished in ${seconds(startedAt)}`);
console.log(
  `tests: ${counts.numPassedTests ?? 0} passed, ${counts.numFailedTests ?? 0} failed, ` +
    `${(counts.numPendingTests ?? 0) + (counts.numTodoTests ?? 0)} skipped`,
);
if (failure) throw failure;
