/**
 * npm start: one command from a fresh clone to a running portal.
 * Creates and migrates the local D1, loads the demo city when the database is empty, builds the
 * site and serves site + API through `wrangler dev` (workerd). Submissions persist across runs.
 */
import { buildSite } from './build.ts';
import { run, seconds } from './lib/run.ts';

const port = process.env.PORT ?? '8787';
const startedAt = performance.now();

await run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local']);
await run('node', ['scripts/demo/load.ts', '--if-empty']);
await buildSite({ migrate: false });

console.log(`\n准备完成（${seconds(startedAt)}）。本地门户：http://localhost:${port}/`);
console.log(`健康检查：http://localhost:${port}/api/health\n`);

await run('wrangler', [
  'dev',
  '--local',
  '--ip',
  '127.0.0.1',
  '--port',
  port,
  '--show-interactive-dev-session=false',
]);
