/**
 * The local stand-in for a Cloudflare deploy hook: the staff console's "publish" button POSTs here
 * (DEPLOY_HOOK_URL in wrangler.toml) and the site is rebuilt from the local D1 while `wrangler dev`
 * keeps serving. One build at a time: a request during a build queues exactly one more.
 *
 *   BUILD_HOOK_SECRET=… node scripts/build-hook.ts   (listens on 127.0.0.1:8788)
 *
 *   POST /rebuild  header X-Build-Hook-Secret, body {"version": "…"} (optional) → 202
 *   GET  /status   header X-Build-Hook-Secret → {state, version, startedAt, finishedAt, queued}
 *
 * The secret is shared with the Worker as DEPLOY_HOOK_SECRET (`wrangler dev --var`), so other local
 * programs and web pages cannot trigger builds. Only loopback addresses are accepted.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type BuildState = 'idle' | 'running' | 'succeeded' | 'failed';

export interface BuildStatus {
  state: BuildState;
  version: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  queued: boolean;
  /** The last finished builds, newest first, so a build superseded in the status is still reported. */
  recent: Array<{ version: string | null; state: 'succeeded' | 'failed'; finishedAt: string }>;
}

export interface BuildHookOptions {
  secret: string;
  port?: number;
  host?: string;
  /** The build command; `node scripts/build.ts` unless a test says otherwise. */
  command?: [string, ...string[]];
  cwd?: string;
  log?: (line: string) => void;
}

const SECRET_HEADER = 'x-build-hook-secret';
const VERSION_RE = /^[A-Za-z0-9._-]{1,64}$/;

function secretMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export function startBuildHook(
  options: BuildHookOptions,
): Promise<{ server: Server; status: () => BuildStatus; url: string }> {
  if (options.secret.length < 16) throw new Error('BUILD_HOOK_SECRET must be at least 16 characters');
  const command = options.command ?? [process.execPath, 'scripts/build.ts'];
  const log =
    options.log ??
    ((line: string) => {
      console.log(`[build-hook] ${line}`);
    });
  const status: BuildStatus = {
    state: 'idle',
    version: null,
    startedAt: null,
    finishedAt: null,
    queued: false,
    recent: [],
  };
  let queuedVersion: string | null = null;

  const run = (version: string | null): void => {
    status.state = 'running';
    status.version = version;
    status.startedAt = new Date().toISOString();
    status.finishedAt = null;
    log(`building${version ? ` version ${version}` : ''}: ${command.join(' ')}`);
    // Under npm start the build's page-by-page output goes to its log file (BUILD_HOOK_LOG).
    const logFile = process.env.BUILD_HOOK_LOG;
    const out = logFile ? openSync(logFile, 'a') : null;
    const child = spawn(command[0], command.slice(1), {
      cwd: options.cwd ?? process.cwd(),
      stdio: out === null ? 'inherit' : ['ignore', out, out],
      env: { ...process.env, PORTAL_PUBLISH_VERSION: version ?? '' },
    });
    if (out !== null)
      child.on('close', () => {
        closeSync(out);
      });
    const finish = (ok: boolean, why: string): void => {
      status.state = ok ? 'succeeded' : 'failed';
      status.finishedAt = new Date().toISOString();
      status.recent = [
        { version: status.version, state: status.state, finishedAt: status.finishedAt },
        ...status.recent,
      ].slice(0, 20);
      log(`build ${ok ? 'succeeded' : `failed (${why})`}`);
      if (status.queued) {
        status.queued = false;
        const next = queuedVersion;
        queuedVersion = null;
        run(next);
      }
    };
    child.on('error', (error) => {
      finish(false, error.message);
    });
    child.on('exit', (code, signal) => {
      finish(code === 0, signal ?? `exit ${code}`);
    });
  };

  const server = createServer((req, res) => {
    void (async () => {
      const remote = req.socket.remoteAddress ?? '';
      if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(remote)) {
        send(res, 403, { error: 'loopback only' });
        return;
      }
      if (!secretMatches(options.secret, req.headers[SECRET_HEADER])) {
        send(res, 401, { error: 'bad secret' });
        return;
      }
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method === 'GET' && path === '/status') {
        send(res, 200, status);
        return;
      }
      if (req.method === 'POST' && path === '/rebuild') {
        let version: string | null = null;
        try {
          const text = await readBody(req, 4096);
          if (text.trim() !== '') {
            const body: unknown = JSON.parse(text);
            const candidate =
              typeof body === 'object' && body !== null && 'version' in body ? body.version : null;
            if (typeof candidate === 'string' && VERSION_RE.test(candidate)) version = candidate;
          }
        } catch {
          send(res, 400, { error: 'bad body' });
          return;
        }
        if (status.state === 'running') {
          status.queued = true;
          queuedVersion = version;
          send(res, 202, status);
          return;
        }
        run(version);
        send(res, 202, status);
        return;
      }
      send(res, 404, { error: 'not found' });
    })().catch(() => {
      send(res, 500, { error: 'internal' });
    });
  });

  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8788, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 8788);
      resolve({
        server,
        status: () => ({ ...status, recent: [...status.recent] }),
        url: `http://${host}:${port}`,
      });
    });
  });
}

if (import.meta.main) {
  const secret = process.env.BUILD_HOOK_SECRET ?? '';
  if (secret.length < 16) {
    console.error('BUILD_HOOK_SECRET (16+ characters) is required; `npm start` sets it.');
    process.exit(1);
  }
  const port = Number(process.env.BUILD_HOOK_PORT ?? '8788');
  const { url } = await startBuildHook({ secret, port });
  console.log(`[build-hook] listening on ${url} (POST /rebuild, GET /status)`);
}
