/**
 * npm test: typecheck, then every test project (unit and site in Node, workers in workerd).
 * The typecheck and site tests build from their own small seeded D1 (.wrangler/test-state), so
 * the user's local data is never touched.
 */
import { readFile } from 'node:fs/promises';
import { TEST_D1_PERSIST, TEST_STATE_DIR } from '../test/site/build-paths.ts';
import { run, seconds } from './lib/run.ts';
import { prepareTestDatabase } from './lib/test-database.ts';

const startedAt = performance.now();
const testEnv = { PORTAL_D1_PERSIST: TEST_D1_PERSIST };

await prepareTestDatabase(TEST_STATE_DIR);

await run('astro', ['check'], testEnv);
await run('tsc', ['-p', 'functions/tsconfig.json']);
await run('tsc', ['-p', 'test/tsconfig.json']);
await run('tsc', ['-p', 'test/tsconfig.node.json']);
await run('tsc', ['-p', 'bench/tsconfig.json']);

// The JSON report gives CI one plain closing line with the counts.
const report = '.test-build/vitest-report.json';
let failure: unknown = null;
try {
  await run(
    'vitest',
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
    testEnv,
  );
} catch (error) {
  failure = error;
}
const counts = JSON.parse(await readFile(report, 'utf8').catch(() => '{}')) as {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
};
console.log(`npm test finished in ${seconds(startedAt)}`);
console.log(
  `tests: ${counts.numPassedTests ?? 0} passed, ${counts.numFailedTests ?? 0} failed, ` +
    `${(counts.numPendingTests ?? 0) + (counts.numTodoTests ?? 0)} skipped`,
);
if (failure) throw failure;
