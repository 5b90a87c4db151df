/**
 * `wrangler dev --local` as a child process we own: started on a free port with its output in a
 * log file, ready once a URL answers, stopped with its whole process group (node and workerd).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { toolEnv } from '../scripts/lib/run.ts';
import { wranglerDevArgs } from '../scripts/lib/wrangler-dev.ts';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

function tail(file: string, lines = 30): string {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n') : '';
}

export interface DevServer {
  baseUrl: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/** Stops the whole process group (wrangler's node and its workerd processes). */
async function stop(server: ChildProcess): Promise<void> {
  if (server.pid === undefined || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => {
    server.once('exit', () => {
      resolve();
    });
  });
  process.kill(-server.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (server.pid !== undefined && server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

type DevServerOptions = Parameters<typeof startOnce>[0];

/**
 * Starts `wrangler dev`; on a free port that another process took between our check and
 * wrangler's bind (a shared, busy machine), it tries again on a new one, twice at most.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      const taken = error instanceof Error && /Address already in use/.test(error.message);
      if (!taken || options.port !== undefined || attempt >= 3) throw error;
    }
  }
}

async function startOnce(options: {
  /** Persist directory of the local D1 (the parent of v3/). */
  persistTo: string;
  /** Static assets to serve (a built site), replacing wrangler.toml's [assets] directory. */
  assets?: string;
  /** Another wrangler configuration file (default: wrangler.toml). */
  config?: string;
  log: string;
  /** Path that answers 200 once the Worker is up. */
  readyPath?: string;
  port?: number;
  timeoutMs?: number;
  /** Variables passed with --var (e.g. where the Worker's publish calls the build hook). */
  vars?: Record<string, string>;
}): Promise<DevServer> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const args = wranglerDevArgs({
    persistTo: options.persistTo,
    port,
    ...(options.config ? { config: options.config } : {}),
    ...(options.assets ? { assets: options.assets } : {}),
    ...(options.vars ? { vars: options.vars } : {}),
  });
  mkdirSync(dirname(options.log), { recursive: true });
  const log = openSync(options.log, 'w');
  const child = spawn('wrangler', args, {
    stdio: ['ignore', log, log],
    detached: true,
    env: { ...toolEnv, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  closeSync(log);
  const server: DevServer = { baseUrl, process: child, stop: () => stop(child) };
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`wrangler dev exited (${child.exitCode}) before it was ready:\n${tail(options.log)}`);
    }
    try {
      const response = await fetch(`${baseUrl}${options.readyPath ?? '/api/health'}`);
      await response.arrayBuffer();
      if (response.ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop();
  throw new Error(
    `wrangler dev did not become ready within ${(options.timeoutMs ?? 90_000) / 1000} s:\n${tail(options.log)}`,
  );
}
