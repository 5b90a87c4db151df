import { type CsvCell } from '../csv.ts';
import type { RecordsModel } from '../model.ts';

/**
 * How a dataset is defined: typed columns over typed rows. The same definition writes the CSV,
 * the JSON and the data dictionary (/data/), so the three agree.
 */

export type Value = string | number | boolean | null;

export type ColumnType =
  'string' | 'text' | 'integer' | 'number' | 'ratio' | 'date' | 'datetime' | 'boolean' | 'enum' | 'url';

export const columnTypeLabels: Record<ColumnType, string> = {
  string: '文本',
  text: '长文本（可能含换行）',
  integer: '整数',
  number: '数值',
  ratio: '比例（0–1，保留 4 位小数）',
  date: '日期（YYYY-MM-DD，北京时间）',
  datetime: '时间（ISO 8601，UTC）',
  boolean: '是/否（JSON 为 true/false）',
  enum: '代码（CSV 为中文名称）',
  url: '网址',
};

export interface Column<Row> {
  /** JSON key; stable, never renamed. */
  key: string;
  /** CSV header and dictionary name. */
  label: string;
  type: ColumnType;
  description: string;
  /** Enum codes and their labels; CSV prints the label unless csvCode is set. */
  codes?: Record<string, string>;
  csvCode?: boolean;
  get: (row: Row) => Value;
}

export interface DatasetInfo {
  id: string;
  title: string;
  description: string;
  /** Records are official records (tracked in the snapshot changelog); statistics are derived. */
  kind: 'record' | 'statistic';
  /** What one row is. */
  rowNoun: string;
  columns: Omit<Column<never>, 'get'>[];
  /** How the files are split, e.g. '按会议', when the dataset is published in parts. */
  partitionedBy?: string;
}

/**
 * A dataset too large for one file (Workers serve static assets of at most 25 MiB, and a
 * prefecture-level city's suggestions or duty activities pass that) is published in parts, one
 * file pair per session or year: `<id>-<part key>.csv` and `.json`.
 */
export interface Partition<Row> {
  /** How the parts are cut, as the data dictionary says it (e.g. '按会议'). */
  by: string;
  /** The part a row belongs to: lower-case letters, digits and hyphens (it names the files). */
  key: (row: Row) => string;
  /** The part's name for people (e.g. the session's name). */
  label: (row: Row) => string;
  /** Order of the parts; by default as their first rows come. */
  compare?: (a: string, b: string) => number;
}

/** One part of a partitioned dataset: which rows (indices into records) it holds. */
export interface DatasetPart {
  key: string;
  label: string;
  /** File name without extension: `<dataset id>-<part key>`. */
  file: string;
  rows: number[];
}

export interface MaterializedDataset {
  info: DatasetInfo;
  /** One JSON object per row, keyed by column key. */
  records: Record<string, Value>[];
  /** Stable id of each row (record datasets), in the same order. */
  ids: string[];
  csvHeader: string[];
  csvRows: CsvCell[][];
  /** The files' parts, or null when the dataset is one file `<id>.csv` / `.json`. */
  parts: DatasetPart[] | null;
}

export interface DatasetDefinition<Row> {
  id: string;
  title: string;
  description: string;
  kind: 'record' | 'statistic';
  rowNoun: string;
  columns: Column<Row>[];
  rowId: (row: Row) => string;
  rows: (model: RecordsModel) => Row[];
  partition?: Partition<Row>;
}

const PART_KEY = /^[a-z0-9][a-z0-9-]{0,59}$/;

function partsOf<Row>(id: string, rows: readonly Row[], partition: Partition<Row>): DatasetPart[] {
  const byKey = new Map<string, DatasetPart>();
  rows.forEach((row, i) => {
    const key = partition.key(row);
    let part = byKey.get(key);
    if (!part) {
      if (!PART_KEY.test(key))
        throw new Error(`dataset ${id}: part key ${JSON.stringify(key)} cannot name a file`);
      part = { key, label: partition.label(row), file: `${id}-${key}`, rows: [] };
      byKey.set(key, part);
    }
    part.rows.push(i);
  });
  const parts = [...byKey.values()];
  const compare = partition.compare;
  return compare ? parts.sort((a, b) => compare(a.key, b.key)) : parts;
}

function datasetInfo<Row>(
  def: Pick<DatasetDefinition<Row>, 'id' | 'title' | 'description' | 'kind' | 'rowNoun' | 'columns'>,
  partitionedBy: string | undefined,
): DatasetInfo {
  return {
    id: def.id,
    title: def.title,
    description: def.description,
    kind: def.kind,
    rowNoun: def.rowNoun,
    ...(partitionedBy ? { partitionedBy } : {}),
    columns: def.columns.map((c) => ({
      key: c.key,
      label: c.label,
      type: c.type,
      description: c.description,
      ...(c.codes ? { codes: c.codes } : {}),
      ...(c.csvCode ? { csvCode: c.csvCode } : {}),
    })),
  };
}

/** Rows as JSON records and CSV rows (an enum's label in CSV unless csvCode is set). */
function materialize<Row>(
  columns: Array<Column<Row>>,
  rows: readonly Row[],
): { records: Array<Record<string, Value>>; csvRows: CsvCell[][] } {
  const records = rows.map((row) => Object.fromEntries(columns.map((c) => [c.key, c.get(row)])));
  const csvRows = records.map((record) =>
    columns.map((c) => {
      const v = record[c.key] ?? null;
      return c.codes && !c.csvCode && typeof v === 'string' ? (c.codes[v] ?? v) : v;
    }),
  );
  return { records, csvRows };
}

/** Erases the row type once the definition has type-checked against it. */
export function dataset<Row>(def: DatasetDefinition<Row>): (model: RecordsModel) => MaterializedDataset {
  const info = datasetInfo(def, def.partition?.by);
  return (model) => {
    const rows = def.rows(model);
    const { records, csvRows } = materialize(def.columns, rows);
    return {
      info,
      records,
      ids: rows.map(def.rowId),
      csvHeader: def.columns.map((c) => c.label),
      csvRows,
      parts: def.partition ? partsOf(def.id, rows, def.partition) : null,
    };
  };
}

/** One part of a dataset read part by part, materialised. */
export interface StreamedPart {
  key: string;
  label: string;
  /** File name without extension: `<dataset id>-<part key>`. */
  file: string;
  records: Array<Record<string, Value>>;
  csvRows: CsvCell[][];
}

/**
 * A dataset too large to hold whole (a city's duty activities): each part is read with its own
 * query and materialised only when the snapshot asks for it, then dropped once written. Its rows
 * carry no per-record hashes in the manifest.
 */
export interface StreamedDataset {
  info: DatasetInfo;
  csvHeader: string[];
  readParts: () => AsyncIterable<StreamedPart>;
}

export interface StreamedDatasetDefinition<Row> extends Omit<
  DatasetDefinition<Row>,
  'rows' | 'partition' | 'rowId'
> {
  /** How the parts are cut, as the data dictionary says it. */
  partitionedBy: string;
  /** The parts in file order, each with its rows, read one at a time. */
  parts: (model: RecordsModel) => AsyncIterable<{ key: string; label: string; rows: Row[] }>;
}

export function streamedDataset<Row>(
  def: StreamedDatasetDefinition<Row>,
): (model: RecordsModel) => StreamedDataset {
  const info = datasetInfo(def, def.partitionedBy);
  const csvHeader = def.columns.map((c) => c.label);
  return (model) => ({
    info,
    csvHeader,
    readParts: async function* () {
      for await (const part of def.parts(model)) {
        if (!PART_KEY.test(part.key))
          throw new Error(`dataset ${def.id}: part key ${JSON.stringify(part.key)} cannot name a file`);
        yield {
          key: part.key,
          label: part.label,
          file: `${def.id}-${part.key}`,
          ...materialize(def.columns, part.rows),
        };
      }
    },
  });
}

// Astro types SITE as always set, but outside an Astro build (the unit tests under Vitest) it is not.
const siteAddress = (site: string | undefined): string => site ?? 'http://localhost:8787';
export const siteUrl = (path: string): string => new URL(path, siteAddress(import.meta.env.SITE)).href;
export const listNames = (names: string[]): string => names.join('、');
