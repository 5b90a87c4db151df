/**
 * npm test: typecheck, then every test project. The site tests build from their own small
 * seeded D1 (.wrangler/test-state) so the user's local data is never touched.
 */
import { rm } from 'node:fs/promises';
import { beijingToday, run, seconds } from './lib/run.ts';

const startedAt = performance.now();
const testState = '.wrangler/test-state';
const testEnv = { PORTAL_D1_PERSIST: `${testState}/v3` };

await rm(testState, { recursive: true, force: true });
await run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', testState]);
await run('node', [
  'scripts/demo/load.ts',
  '--scale',
  '0.05',
  '--as-of',
  beijingToday(),
  '--persist-to',
  testState,
]);

await run('astro', ['check'], testEnv);
await run('tsc', ['-p', 'functions/tsconfig.json']);
await run('tsc', ['-p', 'test/tsconfig.json']);
await run('tsc', ['-p', 'test/tsconfig.node.json']);

await run('vitest', ['run', ...process.argv.slice(2)], testEnv);
console.log(`npm test finished in ${seconds(startedAt)}`);
