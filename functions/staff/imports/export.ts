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
      return tableOf(handlers.roster, await handlers.roster.exportRows(db, options), []);
    case 'activities':
      return tableOf(
        handlers.activities,
        await handlers.activities.exportRows(db, options),
        informationalHeaders.activities,
      );
    case 'suggestions':
      return tableOf(
        handlers.suggestions,
        await handlers.suggestions.exportRows(db, options),
        informationalHeaders.suggestions,
      );
    case 'reception_days':
      return tableOf(
        handlers.reception_days,
        await handlers.reception_days.exportRows(db, options),
        informationalHeaders.reception_days,
      );
    case 'duty_reports':
      return tableOf(
        handlers.duty_reports,
        await handlers.duty_reports.exportRows(db, options),
        informationalHeaders.duty_reports,
      );
  }
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
