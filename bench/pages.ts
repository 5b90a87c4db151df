/**
 * The record page and search runs of the benchmark alone, on a city already built (by
 * `npm run bench`, or by hand as docs/benchmarks.md "Reproduce" says), so they can be rerun in a
 * minute or two:
 *
 *   npm exec -- node bench/pages.ts [city dir, default .bench/scale-1] [rounds, default 1]
 *
 * The city dir holds `state/` (the D1 persist dir) and `dist/` (the build). Each round runs the
 * static page, the cached and the uncached record page and search against one `wrangler dev`, and
 * prints each run's share of the static page's throughput and p99 in that round; then D1 rows read
 * per uncached page, through the metered built Worker. Nothing is written to docs/.
 * BENCH_LOAD_SECONDS (default 15) sets the length of each run; BENCH_PAGES_ONLY=rows skips the load runs, =load the rows.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import {
  builtWorkerConfig,
  measurePageRows,
  meteredSiteWorker,
  recordPageRuns,
  step,
} from './portal-runs.ts';
import type { LoadFigures } from './results.ts';
import { treeCpuMs } from './process-tree.ts';
import { type DevServer, startDevServer } from './server.ts';

const dir = resolve(process.argv[2] ?? '.bench/scale-1');
const rounds = Number(process.argv[3] ?? 1);
const persistTo = `${dir}/state`;
const dist = `${dir}/dist`;
if (!existsSync(`${dist}/server/wrangler.json`) || !existsSync(`${persistTo}/v3`))
  throw new Error(`${dir} holds no built city (state/v3 and dist/server/wrangler.json)`);

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

let server: DevServer | undefined;
process.on('SIGINT', () => {
  void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
});

/**
 * Each run against the static page of its round: throughput share and p99 (what the goals judge,
 * at the mercy of whatever else the machine runs), and the server's CPU per request (wrangler and
 * workerd; steadier on a shared machine: a run's CPU-bound share is the static page's CPU per
 * request over its own, load generator not counted).
 */
function report(runs: LoadFigures[]): void {
  const base = runs.find((r) => r.name === 'static page GET');
  if (!base) return;
  for (const r of runs) {
    const cpu =
      r.cpuMsPerRequest !== undefined && base.cpuMsPerRequest !== undefined
        ? `  CPU ${r.cpuMsPerRequest.toFixed(2)} ms/req (static/this ${((100 * base.cpuMsPerRequest) / r.cpuMsPerRequest).toFixed(0)}%)`
        : '';
    console.log(
      `  ${r.name.padEnd(28)} ${r.throughput.toFixed(0).padStart(5)}/s  p50 ${r.p50Ms.toFixed(0).padStart(5)} ms  p99 ${r.p99Ms.toFixed(0).padStart(5)} ms  ` +
        `${((100 * r.throughput) / base.throughput).toFixed(0).padStart(3)}% of static, p99 ${(r.p99Ms / base.p99Ms).toFixed(2)}×${cpu}  ${JSON.stringify(r.statuses)}`,
    );
  }
}

try {
  if (process.env['BENCH_PAGES_ONLY'] !== 'rows') {
    server = await startDevServer({
      persistTo,
      config: builtWorkerConfig(dist),
      log: `${dir}/pages-portal.log`,
    });
    for (let round = 1; round <= rounds; round++) {
      step(`round ${round}/${rounds} (load average ${load()})`);
      const pid = server.process.pid;
      const runs = await recordPageRuns(server.baseUrl, persistTo, pid ? () => treeCpuMs(pid) : undefined);
      step(`round ${round} done (load average ${load()})`);
      report(runs);
    }
    await server.stop();
    server = undefined;
  }
  if (process.env['BENCH_PAGES_ONLY'] !== 'load') {
    server = await startDevServer({
      persistTo,
      config: meteredSiteWorker(dist),
      log: `${dir}/pages-metered.log`,
      readyPath: '/privacy/',
    });
    step('D1 rows read per uncached page (one request each, metered)');
    for (const r of await measurePageRows(server.baseUrl, persistTo)) {
      console.log(
        `  ${r.page.padEnd(26)} ${String(r.rowsRead).padStart(7)} rows read  ${r.queries} statements + ${r.batches} batches  ${(r.bytes / 1024).toFixed(1)} KB  ${r.ms.toFixed(0)} ms  ${r.path}`,
      );
    }
  }
} finally {
  await server?.stop();
}
