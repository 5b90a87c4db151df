/**
 * npm test: typecheck, then every test project (unit and site in Node, workers in workerd).
 * The typecheck and site tests build from their own small seeded D1 (.wrangler/test-state), so
 * the user's local data is never touched.
 */
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

await run('vitest', ['run', ...process.argv.slice(2)], testEnv);
console.log(`npm test finished in ${seconds(startedAt)}`);
