/**
 * npm start: one command from a fresh clone to a running portal.
 * Creates and migrates the local D1, loads the demo city when the database is empty, builds the
 * site and serves site + API through `wrangler dev` (workerd). Submissions persist across runs.
 * Also starts the local build hook that the staff console's "publish" calls (scripts/build-hook.ts).
 *
 * It prints one line per step; the tools' own output (one line per built page) goes to
 * .wrangler/start.log and is shown only when a step fails.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { seconds, toolEnv } from './lib/run.ts';
import { LOCAL_STATE_DIR, wranglerDevArgs } from './lib/wrangler-dev.ts';

const port = process.env.PORT ?? '8787';
const hookPort = process.env.BUILD_HOOK_PORT ?? '8788';
// Canonical URLs, feeds and citations follow the local port (astro.config.mjs reads it).
const siteUrl = process.env.PUBLIC_SITE_URL ?? `http://localhost:${port}`;
const env: NodeJS.ProcessEnv = { ...toolEnv, PUBLIC_SITE_URL: siteUrl };
const LOG = '.wrangler/start.log';
const startedAt = performance.now();

await mkdir('.wrangler', { recursive: true });
const log = createWriteStream(LOG, { flags: 'w' });

/** Runs one step with its output in the log; returns what it printed. Fails loudly with the log's tail. */
async function step(n: number, label: string, command: string, args: string[]): Promise<string> {
  const began = performance.now();
  process.stdout.write(`[${n}/4] ${label}…`);
  log.write(`\n=== ${label}: ${command} ${args.join(' ')}\n`);
  let out = '';
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const keep = (chunk: Buffer) => {
      out += chunk.toString();
      log.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) {
    process.stdout.write(' 失败\n');
    console.error(out.split('\n').slice(-40).join('\n'));
    console.error(`完整输出见 ${LOG}`);
    process.exit(1);
  }
  process.stdout.write(` 完成（${seconds(began)}）\n`);
  return out;
}

await step(1, '创建并迁移本地数据库', 'wrangler', [
  'd1',
  'migrations',
  'apply',
  'DB',
  '--local',
  '--persist-to',
  LOCAL_STATE_DIR,
]);
const demo = await step(2, '载入演示数据（数据库为空时）', 'node', [
  'scripts/demo/load.ts',
  '--if-empty',
  '--persist-to',
  LOCAL_STATE_DIR,
]);
await step(3, '构建网站和搜索索引（约一分钟）', 'node', ['scripts/build.ts']);
const pages = (await readdir('dist', { recursive: true })).filter((f) => f.endsWith('.html')).length;

// A fresh secret per run, shared only with our own Worker, so no other local program can trigger builds.
const hookSecret = randomBytes(24).toString('base64url');
const hook = spawn(process.execPath, ['scripts/build-hook.ts'], {
  stdio: 'inherit',
  env: {
    ...env,
    BUILD_HOOK_SECRET: hookSecret,
    BUILD_HOOK_PORT: hookPort,
    // Publish builds write their page-by-page output here too.
    BUILD_HOOK_LOG: LOG,
  },
});
process.on('exit', () => hook.kill());
console.log(`[4/4] 启动本地服务（wrangler dev，端口 ${port}；发布重建服务，端口 ${hookPort}）`);

const line = (prefix: string) =>
  demo
    .split('\n')
    .find((l) => l.startsWith(prefix))
    ?.slice(prefix.length)
    .replace(/^[^:]*:\s*/, '') ?? '';
const votingCodes = line('Demo voting codes');
const trackingCodes = line('Demo tracking codes');
const staffIds = await demoStaff();

console.log(`
准备完成（${seconds(startedAt)}，网站 ${pages} 页）。
  本地门户：        ${siteUrl}/
  健康检查：        ${siteUrl}/api/health
  工作人员后台：    ${siteUrl}/staff/sign-in （本地开发登录，仅限本机${staffIds ? `；演示账号：${staffIds}` : ''}）
${votingCodes ? `  演示投票码：      ${votingCodes}\n` : ''}${trackingCodes ? `  演示查询码：      ${trackingCodes}\n` : ''}  构建日志：        ${LOG}
`);

/** The demo staff accounts to sign in as, from the local database (ids only; no secrets exist). */
async function demoStaff(): Promise<string> {
  const out = await new Promise<string>((resolve) => {
    const child = spawn(
      'wrangler',
      [
        'd1',
        'execute',
        'DB',
        '--local',
        '--persist-to',
        LOCAL_STATE_DIR,
        '--json',
        '--command',
        'SELECT id, role FROM staff_users WHERE is_active = 1 ORDER BY role, id LIMIT 6',
      ],
      { stdio: ['ignore', 'pipe', 'ignore'], env },
    );
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.on('exit', () => {
      resolve(text);
    });
    child.on('error', () => {
      resolve('');
    });
  });
  try {
    const parsed = JSON.parse(out.slice(out.indexOf('['))) as { results?: { id: string; role: string }[] }[];
    return (parsed[0]?.results ?? []).map((r) => `${r.id}（${r.role}）`).join('、');
  } catch {
    return '';
  }
}

// The built Worker (dist/server): static files, record pages rendered from D1, and the API, on
// the same local D1 the steps above migrated, loaded and built from.
const devArgs = wranglerDevArgs({
  persistTo: LOCAL_STATE_DIR,
  port,
  config: 'dist/server/wrangler.json',
  vars: {
    DEPLOY_HOOK_SECRET: hookSecret,
    DEPLOY_HOOK_URL: `http://127.0.0.1:${hookPort}/rebuild`,
  },
});

// wrangler dev reloads when a publish rewrites dist/; if that reload fails, serve again.
// Set by the signal handlers below, read after wrangler exits.
const shutdown = { requested: false };
const restarts: number[] = [];
for (;;) {
  const dev = spawn('wrangler', devArgs, { stdio: 'inherit', env });
  const stop = () => {
    shutdown.requested = true;
    dev.kill('SIGINT');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await new Promise<number | null>((resolve) => dev.on('exit', resolve));
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (shutdown.requested || code === 0) break;
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
