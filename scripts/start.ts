/**
 * npm start: one command from a fresh clone to a running portal.
 * Creates and migrates the local D1, loads the demo city when the database is empty, builds the
 * site and serves site + API through `wrangler dev` (workerd). Submissions persist across runs.
 * Also starts the local build hook that the staff console's "publish" calls (scripts/build-hook.ts).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { buildSite, workerConfig } from './build.ts';
import { run, seconds, toolEnv } from './lib/run.ts';

const port = process.env.PORT ?? '8787';
const hookPort = process.env.BUILD_HOOK_PORT ?? '8788';
const startedAt = performance.now();

await run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local']);
await run('node', ['scripts/demo/load.ts', '--if-empty']);
await buildSite({ migrate: false });

// A fresh secret per run, shared only with our own Worker, so no other local program can trigger builds.
const hookSecret = randomBytes(24).toString('base64url');
const hook = spawn(process.execPath, ['scripts/build-hook.ts'], {
  stdio: 'inherit',
  env: { ...toolEnv, BUILD_HOOK_SECRET: hookSecret, BUILD_HOOK_PORT: hookPort },
});
process.on('exit', () => hook.kill());

console.log(`\n准备完成（${seconds(startedAt)}）。`);
console.log(`  本地门户：        http://localhost:${port}/`);
console.log(`  健康检查：        http://localhost:${port}/api/health`);
console.log(`  工作人员后台：    http://localhost:${port}/staff/sign-in （本地开发登录，仅限本机）\n`);

const devArgs = [
  'dev',
  // The built Worker (dist/server): static files, record pages rendered from D1, and the API.
  '--config',
  workerConfig('dist'),
  '--local',
  '--ip',
  '127.0.0.1',
  '--port',
  port,
  '--show-interactive-dev-session=false',
  '--var',
  `DEPLOY_HOOK_SECRET:${hookSecret}`,
  '--var',
  `DEPLOY_HOOK_URL:http://127.0.0.1:${hookPort}/rebuild`,
];

// wrangler dev reloads when a publish rewrites dist/; if that reload fails, serve again.
let stopping = false;
const restarts: number[] = [];
for (;;) {
  const dev = spawn('wrangler', devArgs, { stdio: 'inherit', env: toolEnv });
  const stop = () => {
    stopping = true;
    dev.kill('SIGINT');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await new Promise<number | null>((resolve) => dev.on('exit', resolve));
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (stopping || code === 0) break;
  const now = Date.now();
  restarts.push(now);
  if (restarts.filter((at) => now - at < 60_000).length > 3) {
    console.error('wrangler dev keeps failing; stopping.');
    process.exitCode = 1;
    break;
  }
  console.log('wrangler dev stopped unexpectedly (exit ' + String(code) + '); starting it again…');
}
hook.kill();
