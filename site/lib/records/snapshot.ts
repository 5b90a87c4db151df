/**
 * The open-data files of this build (CSV and JSON per dataset) and its snapshot manifest,
 * rendered once and served by the /data/ endpoints.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getBuildDatabase, getBuildFiles } from '../../loaders/build-database.ts';
import { recordsCsv, type CsvCell } from './csv.ts';
import type { DatasetInfo, DatasetPart, Value } from './datasets/dataset.ts';
import { DATASETS } from './datasets.ts';
import type { RecordsModel } from './model.ts';
import {
  SnapshotManifest,
  diffRecords,
  previousManifest,
  snapshotVersion,
  type SnapshotDatasetEntry,
  type SnapshotFileEntry,
} from './snapshot-format.ts';
import { readSnapshotHistory } from './snapshot-store.ts';

/** Where earlier manifests used to be kept (committed with the content); still read if present. */
export const SNAPSHOT_ARCHIVE_DIR = process.env.PORTAL_SNAPSHOT_DIR ?? 'content/data-snapshots';

export interface DataFiles {
  manifest: SnapshotManifest;
  manifestJson: string;
  /** Earlier publishes found in the archive, newest first (their changes, maybe no records). */
  archived: SnapshotManifest[];
  /** Versions whose files are kept in R2 and downloadable at /files/data/<version>/<file>. */
  storedVersions: ReadonlySet<string>;
  /**
   * File name (without extension: a dataset id, or `<id>-<part>`) → where its text waits on disk
   * until its endpoint serves it: a city's open data is over a gigabyte as strings in memory.
   */
  csvFiles: Map<string, string>;
  jsonFiles: Map<string, string>;
  datasets: DatasetSummary[];
}

/** What the data dictionary shows of a dataset: its definition, its size and its parts. */
export interface DatasetSummary {
  info: DatasetInfo;
  rowCount: number;
  parts: SummaryPart[] | null;
}

/** One file pair of a dataset published in parts, as the data dictionary lists it. */
export interface SummaryPart {
  key: string;
  label: string;
  file: string;
  rowCount: number;
}

/** A file pair written, before the version is known (the JSON hash waits for it). */
interface WrittenFile {
  file: string;
  label?: string;
  rows: number;
  csvSha256: string;
}

/**
 * Stands for the version in each JSON file until every dataset has been hashed (the version is
 * derived from all of them). JSON writes the NUL characters escaped, so no record can hold it.
 */
const VERSION_PLACEHOLDER = '\u0000version\u0000';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

async function readArchive(dir: string): Promise<SnapshotManifest[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: SnapshotManifest[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    // A damaged archive file must fail the build loudly, not silently reset the changelog.
    out.push(SnapshotManifest.parse(JSON.parse(await readFile(join(dir, name), 'utf8'))));
  }
  return out.sort((a, b) => b.builtAt.localeCompare(a.builtAt));
}

/**
 * Earlier publishes: those stored in D1 and R2 at each publish (snapshot-store.ts), and any left in
 * the legacy archive folder. The newest stored manifest comes in full, as the changelog's baseline.
 */
async function readHistory(): Promise<{ manifests: SnapshotManifest[]; stored: Set<string> }> {
  const legacy = await readArchive(SNAPSHOT_ARCHIVE_DIR);
  const history = await readSnapshotHistory(await getBuildDatabase(), await getBuildFiles());
  const byVersion = new Map<string, SnapshotManifest>();
  for (const m of legacy) byVersion.set(m.version, m);
  for (const text of history.summaries) {
    const m = SnapshotManifest.parse(JSON.parse(text));
    if (!byVersion.get(m.version)?.records) byVersion.set(m.version, m);
  }
  if (history.newestFull) {
    const full = SnapshotManifest.parse(JSON.parse(history.newestFull));
    byVersion.set(full.version, full);
  }
  const manifests = [...byVersion.values()].sort((a, b) => b.builtAt.localeCompare(a.builtAt));
  return { manifests, stored: new Set(history.versions) };
}

async function build(model: RecordsModel): Promise<DataFiles> {
  const records: Record<string, Record<string, string>> = {};
  const content = createHash('sha256');
  const csvFiles = new Map<string, string>();
  const jsonFiles = new Map<string, string>();
  const datasets: DatasetSummary[] = [];
  // This build's own folder, removed when the build process ends.
  const dir = mkdtempSync(join(tmpdir(), 'portal-open-data-'));
  process.once('exit', () => {
    rmSync(dir, { recursive: true, force: true });
  });
  /** The files of each dataset and their CSV hashes; the JSON hashes wait for the version. */
  const written: Array<{ summary: DatasetSummary; files: WrittenFile[] }> = [];
  /** Writes one file pair (a whole dataset, or one part) and keeps only its path and CSV hash. */
  const writeFiles = (
    info: DatasetInfo,
    csvHeader: string[],
    file: string,
    part: { key: string; label: string } | null,
    partRecords: Array<Record<string, Value>>,
    csvRows: CsvCell[][],
  ): WrittenFile => {
    const csvText = recordsCsv(csvHeader, csvRows);
    const jsonPath = join(dir, `${file}.json`);
    writeFileSync(
      jsonPath,
      JSON.stringify({
        dataset: info.id,
        title: info.title,
        description: info.description,
        ...(part ? { part: part.key, partTitle: part.label } : {}),
        version: VERSION_PLACEHOLDER,
        generatedAt: model.builtAt,
        asOf: model.asOf,
        dictionary: `/data/#${info.id}`,
        fields: info.columns.map((c) => ({ key: c.key, label: c.label, type: c.type })),
        records: partRecords,
      }),
    );
    jsonFiles.set(file, jsonPath);
    const csvPath = join(dir, `${file}.csv`);
    writeFileSync(csvPath, csvText);
    csvFiles.set(file, csvPath);
    return {
      file,
      ...(part ? { label: part.label } : {}),
      rows: partRecords.length,
      csvSha256: sha256(csvText),
    };
  };
  // One dataset at a time: its records and CSV rows are dropped once its files are written, so a
  // city's million activity rows are never held next to every other dataset's.
  for (const define of DATASETS) {
    const d = define(model);
    const files: WrittenFile[] = [];
    if ('readParts' in d) {
      // Read part by part (duty activities): each part is dropped once written. Its share of the
      // content hash is over its parts in file order; it has no per-record hashes.
      content.update(`${d.info.id}\n`);
      const parts: SummaryPart[] = [];
      for await (const part of d.readParts()) {
        content.update(`${part.key}\n${JSON.stringify(part.records)}\n`);
        files.push(writeFiles(d.info, d.csvHeader, part.file, part, part.records, part.csvRows));
        parts.push({ key: part.key, label: part.label, file: part.file, rowCount: part.records.length });
      }
      const summary = { info: d.info, rowCount: parts.reduce((sum, p) => sum + p.rowCount, 0), parts };
      datasets.push(summary);
      written.push({ summary, files });
      continue;
    }
    content.update(`${d.info.id}\n${JSON.stringify(d.records)}\n`);
    // The change log is itself a log: counted by id below, not diffed record by record.
    if (d.info.kind === 'record' && d.info.id !== 'changes') {
      const hashes: Record<string, string> = {};
      d.records.forEach((record, i) => {
        hashes[d.ids[i] ?? String(i)] = sha256(JSON.stringify(record)).slice(0, 12);
      });
      records[d.info.id] = hashes;
    }
    const pick = <T>(all: T[], part: DatasetPart): T[] =>
      part.rows.flatMap((i) => {
        const row = all[i];
        return row === undefined ? [] : [row];
      });
    if (d.parts) {
      for (const part of d.parts)
        files.push(
          writeFiles(d.info, d.csvHeader, part.file, part, pick(d.records, part), pick(d.csvRows, part)),
        );
    } else files.push(writeFiles(d.info, d.csvHeader, d.info.id, null, d.records, d.csvRows));
    const summary = {
      info: d.info,
      rowCount: d.records.length,
      parts:
        d.parts?.map((p) => ({ key: p.key, label: p.label, file: p.file, rowCount: p.rows.length })) ?? null,
    };
    datasets.push(summary);
    written.push({ summary, files });
  }
  const contentSha256 = content.digest('hex');
  const version = snapshotVersion(model.builtAt, contentSha256);

  const entries: SnapshotDatasetEntry[] = [];
  for (const { summary, files } of written) {
    const fileEntries: SnapshotFileEntry[] = files.map((f) => {
      // The version field comes before the records, so the first match is the field itself.
      const path = jsonFiles.get(f.file) ?? join(dir, `${f.file}.json`);
      const text = readFileSync(path, 'utf8').replace(
        JSON.stringify(VERSION_PLACEHOLDER),
        JSON.stringify(version),
      );
      writeFileSync(path, text);
      return { ...f, jsonSha256: sha256(text) };
    });
    const entry = {
      id: summary.info.id,
      title: summary.info.title,
      kind: summary.info.kind,
      rows: summary.rowCount,
    };
    if (summary.parts) {
      entries.push({
        ...entry,
        csvSha256: sha256(fileEntries.map((p) => p.csvSha256).join('\n')),
        jsonSha256: sha256(fileEntries.map((p) => p.jsonSha256).join('\n')),
        parts: fileEntries,
      });
    } else {
      const only = fileEntries[0];
      if (!only) throw new Error(`dataset ${summary.info.id} wrote no file`);
      entries.push({ ...entry, csvSha256: only.csvSha256, jsonSha256: only.jsonSha256 });
    }
  }

  const { manifests: archived, stored } = await readHistory();
  const previous = previousManifest(archived, version);
  const changeLogMaxId = model.changes.reduce((max, c) => Math.max(max, c.id), 0);
  const manifest = SnapshotManifest.parse({
    format: 1,
    version,
    builtAt: model.builtAt,
    asOf: model.asOf,
    // Set by the build hook when a publish request triggered this build (scripts/build-hook.ts).
    publishVersion: process.env.PORTAL_PUBLISH_VERSION || null,
    contentSha256,
    datasets: entries,
    records,
    changeLogMaxId,
    changes: {
      previousVersion: previous?.version ?? null,
      previousBuiltAt: previous?.builtAt ?? null,
      datasets: diffRecords(previous?.records, records),
      newChangeLogEntries: model.changes.filter((c) => c.id > (previous?.changeLogMaxId ?? 0)).length,
    },
  });
  return {
    manifest,
    manifestJson: JSON.stringify(manifest),
    archived: archived.filter((m) => m.version !== version),
    storedVersions: stored,
    csvFiles,
    jsonFiles,
    datasets,
  };
}

const cache = new WeakMap<RecordsModel, Promise<DataFiles>>();

export function dataFiles(model: RecordsModel): Promise<DataFiles> {
  let files = cache.get(model);
  if (!files) {
    files = build(model);
    cache.set(model, files);
  }
  return files;
}
