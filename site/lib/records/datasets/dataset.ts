import { type CsvCell } from '../csv.ts';
import { type RecordsModel } from '../model.ts';

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
}

export interface MaterializedDataset {
  info: DatasetInfo;
  /** One JSON object per row, keyed by column key. */
  records: Record<string, Value>[];
  /** Stable id of each row (record datasets), in the same order. */
  ids: string[];
  csvHeader: string[];
  csvRows: CsvCell[][];
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
}

/** Erases the row type once the definition has type-checked against it. */
export function dataset<Row>(def: DatasetDefinition<Row>): (model: RecordsModel) => MaterializedDataset {
  const info: DatasetInfo = {
    id: def.id,
    title: def.title,
    description: def.description,
    kind: def.kind,
    rowNoun: def.rowNoun,
    columns: def.columns.map((c) => ({
      key: c.key,
      label: c.label,
      type: c.type,
      description: c.description,
      ...(c.codes ? { codes: c.codes } : {}),
      ...(c.csvCode ? { csvCode: c.csvCode } : {}),
    })),
  };
  return (model) => {
    const rows = def.rows(model);
    const records = rows.map((row) => Object.fromEntries(def.columns.map((c) => [c.key, c.get(row)])));
    const csvRows = records.map((record) =>
      def.columns.map((c) => {
        const v = record[c.key] ?? null;
        return c.codes && !c.csvCode && typeof v === 'string' ? (c.codes[v] ?? v) : v;
      }),
    );
    return { info, records, ids: rows.map(def.rowId), csvHeader: def.columns.map((c) => c.label), csvRows };
  };
}

export const siteUrl = (path: string): string =>
  new URL(path, import.meta.env.SITE ?? 'http://localhost:8787').href;
export const listNames = (names: string[]): string => names.join('、');
