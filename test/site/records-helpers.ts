/** Shared by the records site tests: the test D1 the build used, and reading the built files. */
import type { D1Database } from '@cloudflare/workers-types';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { BUILD_DIR } from './build-paths.ts';
import { parseCsv } from '../../functions/lib/csv.ts';
import { datasetFiles, SnapshotManifest } from '../../site/lib/records/snapshot-format.ts';

export const RECORD_SECTIONS = ['suggestions', 'units', 'projects', 'stats', 'data', 'changes'] as const;

/** The test D1 the build used: one connection per vitest worker, shared by the files it runs. */
export { openTestDatabase } from './helpers/test-database.ts';

/** The date the build judged deadlines against: the demo's as-of date, else today in Beijing. */
export async function asOfDate(db: D1Database): Promise<string> {
  const row = await db
    .prepare("SELECT value FROM portal_settings WHERE key = 'demo_as_of'")
    .first<{ value: string }>();
  return row?.value ?? new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The build under test; RECORDS_BUILD_DIR lets a helper check its own scratch build. */
const DIST = process.env.RECORDS_BUILD_DIR ?? BUILD_DIR;

export function built(...path: string[]): string {
  return join(DIST, ...path);
}

export function readBuilt(...path: string[]): Promise<string> {
  return readFile(built(...path), 'utf8');
}

export async function readBuiltJson<T>(...path: string[]): Promise<T> {
  return JSON.parse(await readBuilt(...path)) as T;
}

/** Every file under a folder of the build, as site paths ("/suggestions/x/index.html"). */
export async function builtFiles(section: string): Promise<string[]> {
  const entries = await readdir(built(section), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => `/${relative(DIST, join(e.parentPath, e.name)).split('\\').join('/')}`);
}

/** HTML-escapes text the way Astro writes it into a page. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface DatasetFile {
  dataset: string;
  version: string;
  asOf: string;
  fields: { key: string; label: string; type: string }[];
  records: Record<string, string | number | boolean | null>[];
}

/** A dataset as published: its files (one, or one per part), read and put back together. */
export interface PublishedDataset {
  files: { file: string; csv: string; jsonText: string; json: DatasetFile & { dictionary: string } }[];
  /** The CSV header (the same in every file) and every file's rows, in the manifest's order. */
  header: string[];
  rows: string[][];
  fields: DatasetFile['fields'];
  records: DatasetFile['records'];
}

export async function readDataset(id: string): Promise<PublishedDataset> {
  const manifest = SnapshotManifest.parse(await readBuiltJson('data', 'manifest.json'));
  const entry = manifest.datasets.find((d) => d.id === id);
  if (!entry) throw new Error(`no dataset ${id} in the manifest`);
  const files: PublishedDataset['files'] = [];
  const rows: string[][] = [];
  const records: DatasetFile['records'] = [];
  let header: string[] | undefined;
  let fields: DatasetFile['fields'] | undefined;
  for (const { file } of datasetFiles(entry)) {
    const csv = await readBuilt('data', `${file}.csv`);
    const jsonText = await readBuilt('data', `${file}.json`);
    const json = JSON.parse(jsonText) as DatasetFile & { dictionary: string };
    const [fileHeader = [], ...fileRows] = parseCsv(csv);
    header ??= fileHeader;
    fields ??= json.fields;
    if (JSON.stringify(fileHeader) !== JSON.stringify(header)) throw new Error(`${file}.csv: another header`);
    rows.push(...fileRows);
    records.push(...json.records);
    files.push({ file, csv, jsonText, json });
  }
  return { files, header: header ?? [], rows, fields: fields ?? [], records };
}
