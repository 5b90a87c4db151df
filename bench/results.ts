/**
 * Where `npm run bench` keeps its work and what it writes: .bench/ (gitignored) holds the
 * databases, builds and results.json; docs/benchmarks.md is the readable report.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { LoadResult } from './load.ts';

export const BENCH_DIR = '.bench';
export const BENCH_RESULTS = `${BENCH_DIR}/results.json`;

/** The free Workers plan's limit of static files per Worker version. */
export const MAX_STATIC_FILES = 20_000;

export interface BuildFigures {
  scale: number;
  /** Rows the demo loader wrote. */
  rows: number;
  loadSeconds: number;
  /** `astro build` plus the Pagefind index, as buildSite() runs them. */
  buildSeconds: number;
  peakRssBytes: number;
  /** Every page: prerendered ones plus the record pages the Worker renders (onDemandPages). */
  pages: number;
  onDemandPages?: number;
  /** Static files (dist/client). */
  files: number;
  searchFiles: number;
  /** The largest static file (Workers refuse assets over 25 MiB). */
  largestAssetBytes?: number;
  bytes: number;
  /** NODE_OPTIONS of the build, if any (e.g. a heap limit). */
  nodeOptions: string | null;
  /** False when the build was stopped at the memory cap. */
  completed: boolean;
  /** Peak RSS and duration of each step: astro (with its D1 workerd), then pagefind. */
  phases: { name: string; peakRssBytes: number; seconds: number }[];
}

export interface PageTypeFigures {
  name: string;
  kind: string;
  pages: number;
  medianHtmlCssGzip: number;
  maxHtmlCssGzip: number;
  maxPage: string;
  maxScriptGzip: number;
}

export interface SearchFigures {
  query: string;
  requests: number;
  /** Bytes on the wire (CDP encodedDataLength: compressed bodies plus headers). */
  transferredBytes: number;
  /** The same without HTTP/1.1 response headers (which HTTP/2 and HTTP/3 compress across requests). */
  bodyBytes: number;
  /** Of which: the result excerpts (one fragment file per result shown). */
  fragments: number;
  fragmentBytes: number;
  results: number;
}

/** One load run as recorded: its figures without the individual answers. */
export interface LoadFigures extends Omit<LoadResult, 'answers'> {
  name: string;
  target: 'portal' | 'bare';
  connections: number;
  /** CPU (ms) the server's processes used per request during the run, where measured. */
  cpuMsPerRequest?: number;
}

export interface D1Figures {
  operation: string;
  rowsRead: number;
  rowsWritten: number;
  /** D1 calls: single statements plus batches. */
  calls: number;
}

/** What one record page (or search) reads from D1 when rendered, not from the edge cache. */
export interface PageRowsFigures {
  page: string;
  path: string;
  rowsRead: number;
  /** D1 calls: single statements and batches. */
  queries: number;
  batches: number;
  /** The page's HTML, uncompressed. */
  bytes: number;
  /** One request alone, through the metered Worker. */
  ms: number;
}

export interface BallotCheck {
  created: number;
  ballotsAdded: number;
  codesSpent: number;
  choicesAnswered: number;
  countsAdded: number;
  /** Candidates whose online count did not rise by exactly the choices answered 201. */
  candidatesMiscounted: number;
  receiptsUnique: number;
  ok: boolean;
}

export interface Goal {
  goal: string;
  measured: string;
  met: boolean;
}

export interface BenchResults {
  startedAt: string;
  seconds: number;
  machine: { cpus: number; memoryBytes: number; node: string };
  memoryCapBytes: number;
  /** The open round the ballots went to. */
  round: { year: number; maxChoices: number; candidates: number } | null;
  builds: BuildFigures[];
  pageTypes: PageTypeFigures[];
  /** The same for the 10x city (sampled), when it was built. */
  largerCityPageTypes: PageTypeFigures[] | null;
  search: SearchFigures[];
  load: LoadFigures[];
  d1: D1Figures[];
  /** D1 rows read per uncached record page (absent in results of earlier runs). */
  pageRows?: PageRowsFigures[];
  ballots: BallotCheck | null;
  goals: Goal[];
}

export function readBenchResults(): BenchResults | null {
  if (!existsSync(BENCH_RESULTS)) return null;
  return JSON.parse(readFileSync(BENCH_RESULTS, 'utf8')) as BenchResults;
}
