/**
 * Where `npm test`'s CPU time goes, by kind of process (Chromium, workerd, vitest, astro, tsc…):
 * `time` counts only the processes that are waited for, and Chromium's renderers are not, so this
 * samples /proc instead (every 250 ms) for every process whose working directory is this checkout.
 * Processes that live less than a sample are missed; the total is a floor.
 *
 *   node bench/test-cpu.ts              # runs `npm test`
 *   node bench/test-cpu.ts -- npm run build
 *
 * Linux only (it reads /proc). The figures for the record are in docs/benchmarks.md, "npm test".
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { toolEnv } from '../scripts/lib/run.ts';
import { procStat } from './proc.ts';

const root = process.cwd();

/** The kind of process a command line is, most specific first. */
const KINDS: [string, RegExp][] = [
  ['chromium', /chromium|chrome/],
  ['workerd', /workerd/],
  ['astro check', /astro check/],
  ['astro build', /astro build/],
  ['tsc (TypeScript 7)', /typescript-native|typescript-linux|tsgo/],
  ['tsc', /\btsc\b/],
  ['vitest workers', /vitest\/dist\/workers/],
  ['vitest', /vitest/],
  ['wrangler', /wrangler/],
  ['esbuild', /esbuild/],
];

function kindOf(command: string): string {
  return KINDS.find(([, pattern]) => pattern.test(command))?.[0] ?? command.split(' ')[0] ?? '?';
}

interface Seen {
  kind: string;
  command: string;
  /** CPU seconds when first seen (the process may have started before the run). */
  first: number;
  last: number;
}

const seen = new Map<string, Seen | null>();

function sample(): void {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = procStat(pid);
      if (!stat) continue;
      const cpu = stat.cpuSeconds;
      const key = `${pid}:${stat.startTicks}`;
      const known = seen.get(key);
      if (known === null) continue;
      if (known) {
        known.last = cpu;
        continue;
      }
      if (!readlinkSync(`/proc/${pid}/cwd`).startsWith(root) || Number(pid) === process.pid) {
        seen.set(key, null);
        continue;
      }
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      seen.set(key, { kind: kindOf(command), command, first: cpu, last: cpu });
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
}

const separator = process.argv.indexOf('--');
const [command = 'npm', ...args] = separator === -1 ? ['npm', 'test'] : process.argv.slice(separator + 1);
const started = performance.now();
const timer = setInterval(sample, 250);
const code = await new Promise<number>((resolve) => {
  const child = spawn(command, args, { stdio: 'inherit', env: toolEnv });
  child.on('exit', (exit) => {
    resolve(exit ?? 1);
  });
});
clearInterval(timer);
sample();

const byKind = new Map<string, number>();
for (const entry of seen.values()) {
  if (entry) byKind.set(entry.kind, (byKind.get(entry.kind) ?? 0) + entry.last - entry.first);
}
const rows = [...byKind].filter(([, cpu]) => cpu >= 0.5).sort((a, b) => b[1] - a[1]);
const total = rows.reduce((sum, [, cpu]) => sum + cpu, 0);
const wall = (performance.now() - started) / 1000;
console.log(`\nCPU by kind of process (${command} ${args.join(' ')}, exit ${code}):`);
for (const [kind, cpu] of rows) console.log(`  ${cpu.toFixed(1).padStart(6)} s  ${kind}`);
console.log(`  ${total.toFixed(1).padStart(6)} s  in all, over ${wall.toFixed(1)} s of wall time`);
// `--detail`: the processes that took the most, to see which of a kind's instances cost what.
if (process.argv.includes('--detail')) {
  const top = [...seen.values()]
    .filter((entry): entry is Seen => entry !== null && entry.last - entry.first >= 1)
    .sort((a, b) => b.last - b.first - (a.last - a.first));
  console.log('\nProcesses over 1 s:');
  for (const entry of top.slice(0, 60)) {
    const type = /--type=([\w-]+)/.exec(entry.command)?.[1];
    const label = type ? `chromium ${type}` : entry.command.replace(`${root}/`, '').slice(0, 140);
    console.log(`  ${(entry.last - entry.first).toFixed(1).padStart(6)} s  ${label}`);
  }
}
process.exitCode = code;
