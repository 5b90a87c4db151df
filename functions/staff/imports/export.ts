import type { CellValue } from '../../lib/xlsx.ts';
import type { ExportOptions, ImportKindHandler } from './handler.ts';
import { handlers } from './planner.ts';
import { type ImportKind, informationalHeaders } from './schema.ts';
import { exportCell } from './table.ts';

/** The list as a table for export: the same headers and cell forms the import reads. */
export async function exportTable(
  db: D1Database,
  kind: ImportKind,
  options: ExportOptions = {},
): Promise<CellValue[][]> {
  switch (kind) {
    case 'roster':
      return exportWith(db, handlers.roster, kind, options);
    case 'activities':
      return exportWith(db, handlers.activities, kind, options);
    case 'suggestions':
      return exportWith(db, handlers.suggestions, kind, options);
    case 'reception_days':
      return exportWith(db, handlers.reception_days, kind, options);
    case 'duty_reports':
      return exportWith(db, handlers.duty_reports, kind, options);
  }
}

/** One kind's export: the switch above keeps each kind's row type with its handler. */
async function exportWith<Row extends Record<string, unknown>>(
  db: D1Database,
  handler: ImportKindHandler<Row>,
  kind: ImportKind,
  options: ExportOptions,
): Promise<CellValue[][]> {
  return tableOf(handler, await handler.exportRows(db, options), informationalHeaders[kind]);
}

function tableOf<Row extends Record<string, unknown>>(
  handler: ImportKindHandler<Row>,
  rows: Array<{ value: Row; extra: Record<string, CellValue> }>,
  extraHeaders: readonly string[],
): CellValue[][] {
  const keys = Object.keys(handler.columns) as Array<keyof Row & string>;
  const header: CellValue[] = [...keys.map((k) => handler.columns[k].header), ...extraHeaders];
  return [
    header,
    ...rows.map((r) => [
      ...keys.map((k) => exportCell(r.value[k], handler.columns[k])),
      ...extraHeaders.map((h) => r.extra[h] ?? null),
    ]),
  ];
}
