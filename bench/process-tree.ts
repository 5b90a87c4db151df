/**
 * Peak memory of a whole process tree (node, astro, pagefind, workerd…): /usr/bin/time reports only
 * the largest single process, so we sample VmRSS of the root and all its descendants from /proc.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { toolEnv } from '../scripts/lib/run.ts';
import { procStat } from './proc.ts';

interface ProcessInfo {
  pid: number;
  ppid: number;
  name: string;
}

function processes(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = procStat(entry);
      if (!stat) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      out.push({ pid: Number(entry), ppid: stat.ppid, name: phaseName(cmdline) });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** A short name for what a process is doing: the tool it runs (astro, pagefind, wrangler…). */
function phaseName(cmdline: string[]): string {
  for (const arg of cmdline) {
    const match = /(?:^|\/)(astro|pagefind|wrangler|workerd)(?:\.js|_extended)?$/.exec(arg);
    if (match?.[1]) return match[1];
  }
  return cmdline[0]?.split('/').pop() ?? '?';
}

function rssKiB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Sum of VmRSS (bytes) of `root` and all its descendants, in total and per child of the root
 * (named after the tool each child runs), right now.
 */
export function treeRss(root: number): { total: number; byChild: Map<string, number> } {
  const all = processes();
  const children = new Map<number, number[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const subtree = (pid: number): number => {
    let sum = rssKiB(pid) * 1024;
    for (const child of children.get(pid) ?? []) sum += subtree(child);
    return sum;
  };
  const byChild = new Map<string, number>();
  let total = rssKiB(root) * 1024;
  for (const child of children.get(root) ?? []) {
    const bytes = subtree(child);
    const name = all.find((p) => p.pid === child)?.name ?? '?';
    byChild.set(name, (byChild.get(name) ?? 0) + bytes);
    total += bytes;
  }
  return { total, byChild };
}

export interface Measured {
  seconds: number;
  peakRssBytes: number;
  /** Peak RSS of each child of the root (for a build: astro, then pagefind), with its time. */
  phases: { name: string; peakRssBytes: number; seconds: number }[];
  /** Set when the tree went over `capBytes` and was stopped. */
  killedAtBytes: number | null;
}

/**
 * Runs a command (output to `log` if given) and samples its tree's RSS every `intervalMs` (100 ms). With `capBytes`, a tree
 * that grows past it is killed (so a benchmark cannot take the whole machine down); the result
 * then says so instead of failing.
 */
export function measureCommand(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; log?: string; intervalMs?: number; capBytes?: number } = {},
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const log = options.log === undefined ? null : openSync(options.log, 'w');
    const child = spawn(command, args, {
      stdio: log === null ? 'inherit' : ['ignore', log, log],
      env: { ...toolEnv, ...options.env },
      // Its own process group, so that a cap can stop the whole tree at once.
      detached: true,
    });
    if (log !== null) closeSync(log);
    let peak = 0;
    let killedAtBytes: number | null = null;
    const phases = new Map<string, { peakRssBytes: number; first: number; last: number }>();
    const sample = () => {
      if (child.pid === undefined || child.exitCode !== null) return;
      const { total, byChild } = treeRss(child.pid);
      peak = Math.max(peak, total);
      const now = performance.now();
      for (const [name, bytes] of byChild) {
        const phase = phases.get(name) ?? { peakRssBytes: 0, first: now, last: now };
        phase.peakRssBytes = Math.max(phase.peakRssBytes, bytes);
        phase.last = now;
        phases.set(name, phase);
      }
      if (options.capBytes !== undefined && total > options.capBytes && killedAtBytes === null) {
        killedAtBytes = total;
        process.kill(-child.pid, 'SIGKILL');
      }
    };
    const timer = setInterval(sample, options.intervalMs ?? 100);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      const result: Measured = {
        seconds: (performance.now() - started) / 1000,
        peakRssBytes: peak,
        phases: [...phases].map(([name, p]) => ({
          name,
          peakRssBytes: p.peakRssBytes,
          seconds: (p.last - p.first) / 1000,
        })),
        killedAtBytes,
      };
      if (code === 0 || killedAtBytes !== null) resolve(result);
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/**
 * CPU time (ms, user + system) that `root` and all its descendants have used so far: read before
 * and after a load run, it gives the server's CPU per request, which a machine shared with other
 * work disturbs far less than throughput.
 */
export function treeCpuMs(root: number): number {
  const all = processes();
  const children = new Map<number, number[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const subtree = (pid: number): number =>
    (procStat(pid)?.cpuSeconds ?? 0) +
    (children.get(pid) ?? []).reduce((sum, child) => sum + subtree(child), 0);
  return subtree(root) * 1000;
}
