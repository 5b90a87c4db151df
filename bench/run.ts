/**
 * npm run bench: how big, heavy and fast the portal is, measured on this machine.
 *
 *   1. the demo city (scale 1) and the 10x city (scale 10): load, build, peak memory, files;
 *   2. compressed bytes per page type;
 *   3. search in the Worker (D1 FTS5): bytes of a results page, and its throughput;
 *   3b. record pages the Worker renders, cached (edge cache) and uncached, against a static page
 *       of the same run;
 *   4. throughput and latency of opinion POST, ballot POST and counts GET at 50 connections on
 *      `wrangler dev --local`, each against a bare Worker measured in the same run;
 *   5. D1 rows read and written per operation (the Worker with a metered D1 binding);
 *   6. no ballot lost or double-counted.
 *
 * Everything lives in .bench/ (gitignored); results go to .bench/results.json and docs/benchmarks.md.
 * Environment: BENCH_SCALES (default "1,10"), BENCH_MEMORY_CAP_GB (default 8: a build whose process
 * tree grows past it is stopped, so the benchmark cannot take the machine down),
 * BENCH_LOAD_SECONDS (default 15 per load run).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { capture } from '../scripts/lib/run.ts';
import { executeFile, issueVotingCodes, query } from './d1.ts';
import type { LoadRequest } from './load.ts';
import { groupByPageType, pageTypes } from './page-types.ts';
import {
  benchConfig,
  builtWorkerConfig,
  loadRun,
  measurePageRows,
  meteredSiteWorker,
  recordPageRuns,
  step,
} from './portal-runs.ts';
import { measureCommand } from './process-tree.ts';
import { keepNpmTestSection, renderMarkdown, renderTable } from './report.ts';
import {
  BENCH_DIR,
  BENCH_RESULTS,
  type BallotCheck,
  type BenchResults,
  type BuildFigures,
  type D1Figures,
  type LoadFigures,
  type PageRowsFigures,
  type PageTypeFigures,
} from './results.ts';
import { measureSearch } from './search.ts';
import { type DevServer, startDevServer } from './server.ts';
import { builtFile, builtPages, listFiles, pageWeight } from './site-files.ts';
import { beijingToday } from '../functions/lib/time.ts';

const GB = 1024 ** 3;
const SCALES = (process.env['BENCH_SCALES'] ?? '1,10').split(',').map(Number);
const MEMORY_CAP = Number(process.env['BENCH_MEMORY_CAP_GB'] ?? 8) * GB;
/** Voting codes issued for the ballot run (each is spent once). */
const BALLOT_CODES = 20_000;
const SEARCH_QUERIES = ['停车', '养老服务', '代表'];

const startedAt = new Date();
const t0 = performance.now();

const servers = new Set<DevServer>();
async function stopAll(): Promise<void> {
  for (const server of servers) await server.stop().catch(() => undefined);
  servers.clear();
}
process.on('SIGINT', () => {
  void stopAll().finally(() => process.exit(130));
});

async function serve(options: Parameters<typeof startDevServer>[0]): Promise<DevServer> {
  const server = await startDevServer(options);
  servers.add(server);
  return server;
}
async function stop(server: DevServer): Promise<void> {
  await server.stop();
  servers.delete(server);
}

// ---------------------------------------------------------------------------------------------
// 1. Builds

interface City {
  scale: number;
  dir: string;
  persistTo: string;
  dist: string;
  figures: BuildFigures;
  phases: { name: string; peakRssBytes: number; seconds: number }[];
  killedAtBytes: number | null;
}

async function buildCity(scale: number): Promise<City> {
  const dir = resolve(BENCH_DIR, `scale-${scale}`);
  const persistTo = `${dir}/state`;
  const dist = `${dir}/dist`;
  await rm(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  step(`scale ${scale}: migrating and loading the demo city`);
  await capture('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo]);
  const loadStarted = performance.now();
  const loaded = await capture('node', [
    'scripts/demo/load.ts',
    '--scale',
    String(scale),
    '--as-of',
    beijingToday(),
    '--persist-to',
    persistTo,
  ]);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const rows = Number(/: (\d+) rows in/.exec(loaded)?.[1] ?? 0);
  step(`scale ${scale}: ${rows.toLocaleString('en')} rows loaded in ${loadSeconds.toFixed(1)} s; building`);
  const measured = await measureCommand(
    'node',
    ['bench/build-site.ts', `${persistTo}/v3`, dist, `${dir}/cache`],
    { log: `${dir}/build.log`, capBytes: MEMORY_CAP },
  );
  const finished = measured.killedAtBytes === null;
  // Static assets only (dist/client): the record pages are rendered by the Worker (dist/server).
  const client = `${dist}/client`;
  const files = finished ? listFiles(client) : [];
  let bytes = 0;
  for (const f of files) bytes += statSync(`${client}/${f}`).size;
  const [onDemand] = await query<{ n: number }>(
    persistTo,
    // The record kinds the Worker renders (as site/lib/sitemap.ts lists them).
    `SELECT (SELECT COUNT(*) FROM deputies) + (SELECT COUNT(*) FROM suggestions) + (SELECT COUNT(*) FROM duty_reports)
       + (SELECT COUNT(*) FROM stations) + (SELECT COUNT(*) FROM deputy_groups) + (SELECT COUNT(*) FROM handling_units)
       + (SELECT COUNT(*) FROM project_candidates) AS n`,
  );
  const figures: BuildFigures = {
    scale,
    rows,
    loadSeconds,
    buildSeconds: measured.seconds,
    peakRssBytes: measured.peakRssBytes,
    pages: finished ? builtPages(client).length + (onDemand?.n ?? 0) : 0,
    onDemandPages: onDemand?.n ?? 0,
    files: files.length,
    searchFiles: files.filter((f) => f.startsWith('pagefind/')).length,
    largestAssetBytes: files.reduce((max, f) => Math.max(max, statSync(`${client}/${f}`).size), 0),
    bytes,
    nodeOptions: process.env['NODE_OPTIONS'] ?? null,
    completed: finished,
    phases: measured.phases.filter((p) => p.name === 'astro' || p.name === 'pagefind'),
  };
  step(
    finished
      ? `scale ${scale}: built in ${measured.seconds.toFixed(1)} s, peak ${(measured.peakRssBytes / GB).toFixed(2)} GB, ${files.length} files`
      : `scale ${scale}: STOPPED at ${(measured.peakRssBytes / GB).toFixed(2)} GB (cap ${(MEMORY_CAP / GB).toFixed(0)} GB) after ${measured.seconds.toFixed(0)} s`,
  );
  return {
    scale,
    dir,
    persistTo,
    dist,
    figures,
    phases: measured.phases,
    killedAtBytes: measured.killedAtBytes,
  };
}

// ---------------------------------------------------------------------------------------------
// 2. Page weights

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * gzip bytes per page type. Above `sampleAbove` pages of a type, the largest 50 files (where the
 * maximum is) and an even sample for the median are compressed instead of every page.
 */
function pageTypeFigures(dist: string, sampleAbove = Infinity): PageTypeFigures[] {
  const { groups } = groupByPageType(builtPages(dist));
  return pageTypes.map((type) => {
    let paths = groups.get(type.name) ?? [];
    if (paths.length > sampleAbove) {
      const bySize = [...paths].sort(
        (a, b) => statSync(builtFile(dist, b)).size - statSync(builtFile(dist, a)).size,
      );
      const every = Math.ceil(paths.length / 200);
      paths = [...new Set([...bySize.slice(0, 50), ...paths.filter((_p, i) => i % every === 0)])];
    }
    const weights = paths.map((p) => ({ path: p, ...pageWeight(dist, p) }));
    const largest = weights.reduce((a, b) => (b.htmlCssGzip > a.htmlCssGzip ? b : a), {
      path: '',
      htmlCssGzip: 0,
      scriptGzip: 0,
      scripts: [],
      missing: [],
    });
    return {
      name: type.name,
      kind: type.kind,
      pages: groups.get(type.name)?.length ?? 0,
      medianHtmlCssGzip: median(weights.map((w) => w.htmlCssGzip)),
      maxHtmlCssGzip: largest.htmlCssGzip,
      maxPage: largest.path,
      maxScriptGzip: Math.max(0, ...weights.map((w) => w.scriptGzip)),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// 4. Load

const json = (body: unknown): Pick<LoadRequest, 'body' | 'headers'> => ({
  body: JSON.stringify(body),
  headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
});

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const cities: City[] = [];
  for (const scale of SCALES) cities.push(await buildCity(scale));
  const demo =
    cities.find((c) => c.scale === 1 && c.killedAtBytes === null) ??
    cities.find((c) => c.killedAtBytes === null);
  if (!demo) throw new Error('no city was built; nothing to serve');

  step('page weights by type');
  const pageFigures = pageTypeFigures(`${demo.dist}/client`);
  const largerCity = cities.find((c) => c !== demo && c.killedAtBytes === null);
  const largerPageFigures = largerCity ? pageTypeFigures(`${largerCity.dist}/client`, 400) : null;

  // The open round of the demo city, its candidates, a serving deputy, and codes to vote with.
  const [round] = await query<{ year: number; max_choices: number }>(
    demo.persistTo,
    `SELECT p.year, p.max_choices FROM project_rounds p JOIN round_phases r ON r.round_year = p.year
     WHERE p.mode = 'code' AND r.phase = 'public_voting'
       AND r.starts_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AND r.ends_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')`,
  );
  if (!round) throw new Error('the demo city has no open code round');
  const candidates = (
    await query<{ id: string }>(
      demo.persistTo,
      `SELECT id FROM project_candidates WHERE round_year = ${round.year} ORDER BY id`,
    )
  ).map((c) => c.id);
  // Opinions of the load run are spread over the serving deputies, as a city's would be; the
  // first one is kept apart for the metered run.
  const [deputy, ...addressees] = (
    await query<{ id: string }>(
      demo.persistTo,
      `SELECT id FROM deputies WHERE status = 'serving' ORDER BY id`,
    )
  ).map((d) => d.id);
  if (!deputy || addressees.length === 0) throw new Error('the demo city has no serving deputies');
  step(`issuing ${BALLOT_CODES} voting codes for round ${round.year}`);
  const codes = await issueVotingCodes(demo.persistTo, round.year, BALLOT_CODES + 10);
  const meteredCodes = codes.splice(BALLOT_CODES);
  const before = await ballotTotals(demo.persistTo, round.year);

  // 4a. The bare Worker: one constant response, one D1 insert.
  const barePersist = resolve(BENCH_DIR, 'bare-state');
  await rm(barePersist, { recursive: true, force: true });
  await executeFile(
    barePersist,
    'CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL);',
    'bench/bare-worker/wrangler.toml',
  );
  const bare = await serve({
    persistTo: barePersist,
    config: 'bench/bare-worker/wrangler.toml',
    log: `${BENCH_DIR}/bare.log`,
  });
  const load: LoadFigures[] = [];
  load.push(
    (await loadRun('static GET', 'bare', bare.baseUrl, () => ({ method: 'GET', path: '/static' }))).figures,
  );
  load.push(
    (
      await loadRun('D1 insert POST', 'bare', bare.baseUrl, (i) => ({
        method: 'POST',
        path: '/insert',
        ...json({ n: i, text: '一行压测数据' }),
      }))
    ).figures,
  );
  await stop(bare);

  // 3 and 4b. The portal with raised rate limits: search payload, then the three operations.
  const portal = await serve({
    persistTo: demo.persistTo,
    config: builtWorkerConfig(demo.dist),
    log: `${BENCH_DIR}/portal.log`,
  });
  step('search payload (the Worker)');
  const search = await measureSearch(portal.baseUrl, SEARCH_QUERIES);
  for (const s of search)
    step(`search "${s.query}": ${(s.transferredBytes / 1024).toFixed(1)} KB gzip, ${s.results} results`);

  // Record pages and search against a static page of the same run (bench/portal-runs.ts).
  load.push(...(await recordPageRuns(portal.baseUrl, demo.persistTo)));

  load.push(
    (
      await loadRun('counts GET', 'portal', portal.baseUrl, () => ({
        method: 'GET',
        path: `/api/rounds/${round.year}`,
      }))
    ).figures,
  );
  const choicesOf = (i: number): string[] => {
    const k = 1 + (i % round.max_choices);
    return Array.from({ length: k }, (_x, j) => candidates[(i * 7 + j * 3) % candidates.length] ?? '').filter(
      (id, j, all) => all.indexOf(id) === j,
    );
  };
  const ballots = await loadRun(
    'ballot POST',
    'portal',
    portal.baseUrl,
    (i) => ({
      method: 'POST',
      path: `/api/rounds/${round.year}/ballots`,
      ...json({ choices: choicesOf(i), votingCode: codes[i % codes.length] }),
    }),
    true,
  );
  load.push(ballots.figures);
  load.push(
    (
      await loadRun('opinion POST', 'portal', portal.baseUrl, (i) => ({
        method: 'POST',
        path: '/api/opinions',
        ...json({
          target: { type: 'deputy', id: addressees[i % addressees.length] },
          title: `压测意见第${i}号`,
          content: '小区门口的路灯坏了，晚上出行不便，请尽快修复。',
          name: '压测',
          contact: '13800000000',
          consent: true,
        }),
      }))
    ).figures,
  );
  await stop(portal);

  // 6. Every 201 answer is one stored ballot, one spent code and its choices counted once.
  const after = await ballotTotals(demo.persistTo, round.year);
  const created = [...ballots.warmUp, ...ballots.answers].filter((a) => a.status === 201);
  const expected = new Map<string, number>();
  for (const a of created) for (const id of choicesOf(a.index)) expected.set(id, (expected.get(id) ?? 0) + 1);
  const choicesAnswered = [...expected.values()].reduce((a, b) => a + b, 0);
  // Per candidate: what its online count rose by must be what the 201 answers chose.
  const wrongCounts = candidates.filter(
    (id) => (after.online.get(id) ?? 0) - (before.online.get(id) ?? 0) !== (expected.get(id) ?? 0),
  );
  const ballotCheck: BallotCheck = {
    created: created.length,
    ballotsAdded: after.ballots - before.ballots,
    codesSpent: after.codesSpent - before.codesSpent,
    choicesAnswered,
    countsAdded:
      [...after.online.values()].reduce((a, b) => a + b, 0) -
      [...before.online.values()].reduce((a, b) => a + b, 0),
    candidatesMiscounted: wrongCounts.length,
    receiptsUnique: new Set(created.map((a) => (JSON.parse(a.body) as { receipt?: string }).receipt)).size,
    ok: false,
  };
  ballotCheck.ok =
    ballotCheck.ballotsAdded === ballotCheck.created &&
    ballotCheck.codesSpent === ballotCheck.created &&
    ballotCheck.countsAdded === ballotCheck.choicesAnswered &&
    wrongCounts.length === 0 &&
    ballotCheck.receiptsUnique === ballotCheck.created;
  step(`ballots: ${JSON.stringify(ballotCheck)}`);

  // 5. D1 rows per operation, from the metered Worker.
  const metered = await serve({
    persistTo: demo.persistTo,
    config: benchConfig('metered', 'bench/metered-worker.ts', `${demo.dist}/client`),
    log: `${BENCH_DIR}/metered.log`,
    // The meter supports all() and run() only; the health check reads with first().
    readyPath: '/privacy/',
  });
  const d1 = await measureRows(metered.baseUrl, round.year, candidates, deputy, meteredCodes);
  await stop(metered);
  // D1 rows per uncached record page: the built Worker with its D1 binding metered.
  const meteredSite = await serve({
    persistTo: demo.persistTo,
    config: meteredSiteWorker(demo.dist),
    log: `${BENCH_DIR}/metered-site.log`,
    readyPath: '/privacy/',
  });
  const pageRows: PageRowsFigures[] = await measurePageRows(meteredSite.baseUrl, demo.persistTo);
  for (const r of pageRows)
    step(`D1 ${r.page}: ${r.rowsRead} rows read, ${r.queries} statements, ${r.batches} batches`);
  await stop(meteredSite);

  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    seconds: (performance.now() - t0) / 1000,
    machine: { cpus: availableParallelism(), memoryBytes: totalmem(), node: process.version },
    memoryCapBytes: MEMORY_CAP,
    round: { year: round.year, maxChoices: round.max_choices, candidates: candidates.length },
    builds: cities.map((c) => c.figures),
    pageTypes: pageFigures,
    largerCityPageTypes: largerPageFigures,
    search,
    load,
    d1,
    pageRows,
    ballots: ballotCheck,
    goals: [],
  };
  const { markdown, goals } = renderMarkdown(results);
  results.goals = goals;
  writeFileSync(BENCH_RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  mkdirSync('docs', { recursive: true });
  const previous = existsSync('docs/benchmarks.md') ? readFileSync('docs/benchmarks.md', 'utf8') : '';
  writeFileSync('docs/benchmarks.md', keepNpmTestSection(markdown, previous));
  console.log(`\n${renderTable(results)}`);
  console.log(`\nWritten: ${BENCH_RESULTS} and docs/benchmarks.md (${results.seconds.toFixed(0)} s)`);
}

async function ballotTotals(
  persistTo: string,
  year: number,
): Promise<{ ballots: number; codesSpent: number; online: Map<string, number> }> {
  const [row] = await query<{ ballots: number; codes: number }>(
    persistTo,
    `SELECT (SELECT COUNT(*) FROM ballots WHERE round_year = ${year}) AS ballots,
            (SELECT COUNT(*) FROM voting_code_uses WHERE round_year = ${year}) AS codes`,
  );
  const counts = await query<{ id: string; count: number }>(
    persistTo,
    `SELECT c.id, COALESCE(v.count, 0) AS count FROM project_candidates c
     LEFT JOIN vote_counts v ON v.candidate_id = c.id AND v.channel = 'online' WHERE c.round_year = ${year}`,
  );
  return {
    ballots: row?.ballots ?? 0,
    codesSpent: row?.codes ?? 0,
    online: new Map(counts.map((c) => [c.id, c.count])),
  };
}

async function measureRows(
  baseUrl: string,
  year: number,
  candidates: string[],
  deputyId: string,
  codes: string[],
): Promise<D1Figures[]> {
  const out: D1Figures[] = [];
  const call = async (operation: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const usage = JSON.parse(response.headers.get('X-Bench-D1') ?? '{}') as {
      rowsRead?: number;
      rowsWritten?: number;
      queries?: number;
      batches?: number;
    };
    if (!response.ok) throw new Error(`${operation}: HTTP ${response.status} ${await response.text()}`);
    out.push({
      operation,
      rowsRead: usage.rowsRead ?? 0,
      rowsWritten: usage.rowsWritten ?? 0,
      calls: (usage.queries ?? 0) + (usage.batches ?? 0),
    });
    return response.json();
  };
  const opinion = (await call('opinion with contact', '/api/opinions', {
    target: { type: 'deputy', id: deputyId },
    title: '计量：一条意见',
    content: '计量一条意见写入数据库的行数，包括索引。',
    name: '计量',
    contact: '13800000000',
    consent: true,
  })) as { trackingCode: string };
  await call('topic opinion without contact', '/api/opinions', {
    target: { type: 'topic' },
    title: '计量：无联系方式',
    content: '计量一条不留联系方式的意见。',
    consent: true,
  });
  await call('status lookup', '/api/opinions/status', { trackingCode: opinion.trackingCode });
  for (let k = 1; k <= 3; k++) {
    await call(`ballot, ${k} choice${k > 1 ? 's' : ''}`, `/api/rounds/${year}/ballots`, {
      choices: candidates.slice(0, k),
      votingCode: codes[k],
    });
  }
  await call(`counts read (${candidates.length} candidates)`, `/api/rounds/${year}`);
  return out;
}

if (!existsSync('wrangler.toml')) throw new Error('run from the project root: npm run bench');
try {
  await main();
} finally {
  await stopAll();
}
