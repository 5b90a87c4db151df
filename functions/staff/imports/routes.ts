import { type Context, Hono } from 'hono';
import { toCsv } from '../../lib/csv.ts';
import { writeXlsxDeflated } from '../../lib/xlsx.ts';
import { requireCapability } from '../auth/routes.ts';
import type { StaffEnv } from '../env.ts';

import { render } from '../render.tsx';
import { valid } from '../../lib/validation.ts';
import { exportTable } from './export.ts';
import { planImport } from './planner.ts';
import { storeCheckedFile } from './storage.ts';
import {
  confirmationReasons,
  confirmImport,
  currentPlan,
  submitImport,
  withdrawImport,
} from './lifecycle.ts';
import {
  CommitForm,
  ExportQuery,
  type ImportKind,
  ImportKindParam,
  type ImportMode,
  PendingImportParam,
  importKindLabels,
  UploadForm,
} from './schema.ts';
import { importsHomeView, pendingImportView, reportView, submittedView } from './views.tsx';
import { beijingToday } from '../../lib/time.ts';

async function dryRun(c: Context<StaffEnv>, kind: ImportKind, file: File, mode: ImportMode) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const plan = await planImport(c.env.DB, kind, { name: file.name, bytes }, mode);
  const changes = plan.report.inserted + plan.report.updated + plan.report.removed;
  const importId =
    plan.report.errors.length === 0 && changes > 0
      ? await storeCheckedFile(c.env.DB, c.env.FILES, c.get('staff'), plan.report, bytes)
      : null;
  return { report: plan.report, importId };
}

async function exportFile(
  c: Context<StaffEnv>,
  kind: ImportKind,
  { format, year }: { format: 'csv' | 'xlsx'; year?: number | undefined },
): Promise<Response> {
  const table = await exportTable(c.env.DB, kind, {
    year: kind === 'roster' || kind === 'suggestions' ? undefined : year,
  });
  const name = `${kind}-${beijingToday()}.${format}`;
  // RFC 5987 so the Chinese name survives; the ASCII name is the fallback.
  c.header(
    'Content-Disposition',
    `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`${importKindLabels[kind]}-${beijingToday()}.${format}`)}`,
  );
  if (format === 'csv') {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    return c.body(
      toCsv(table.map((row) => row.map((cell) => (typeof cell === 'boolean' ? (cell ? '是' : '否') : cell)))),
    );
  }
  c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const bytes = await writeXlsxDeflated(importKindLabels[kind], table);
  return c.body(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/** The same download for the console's links and for the API. */
const exportRoutes = new Hono<StaffEnv>().get(
  '/:kind/export',
  requireCapability('records.export'),
  valid('param', ImportKindParam),
  valid('query', ExportQuery),
  (c) => exportFile(c, c.req.valid('param').kind, c.req.valid('query')),
);

export const importConsole = new Hono<StaffEnv>()
  .use(requireCapability('records.import'))
  .get('/', (c) => render(c, { title: '导入导出', current: 'imports' }, importsHomeView(c.get('csrfToken'))))
  .get('/pending/:id', valid('param', PendingImportParam), async (c) => {
    const { file, report } = await currentPlan(c.env.DB, c.env.FILES, c.req.valid('param').id);
    return render(
      c,
      { title: `${importKindLabels[file.kind]}：待发布的导入`, current: 'publish' },
      pendingImportView(file, report),
    );
  })
  .post('/pending/:id/confirm', valid('param', PendingImportParam), async (c) => {
    await confirmImport(c.env.DB, c.get('staff'), c.req.valid('param').id);
    return c.redirect('/staff/publish?notice=import_confirmed#pending-imports', 303);
  })
  .post('/pending/:id/withdraw', valid('param', PendingImportParam), async (c) => {
    await withdrawImport(c.env.DB, c.env.FILES, c.get('staff'), c.req.valid('param').id);
    return c.redirect('/staff/publish?notice=import_withdrawn#pending-imports', 303);
  })
  .post('/:kind', valid('param', ImportKindParam), valid('form', UploadForm), async (c) => {
    const { kind } = c.req.valid('param');
    const form = c.req.valid('form');
    const { report, importId } = await dryRun(c, kind, form.file, form.mode);
    return render(
      c,
      {
        title: `${importKindLabels[kind]}导入检查`,
        current: 'imports',
        status: report.errors.length > 0 ? 422 : 200,
      },
      reportView(c.get('csrfToken'), report, importId),
    );
  })
  .post('/:kind/commit', valid('param', ImportKindParam), valid('form', CommitForm), async (c) => {
    const { kind } = c.req.valid('param');
    const form = c.req.valid('form');
    // "Commit" submits: the publish writes it (after a second person's confirmation where needed).
    const result = await submitImport(
      c.env.DB,
      c.env.FILES,
      c.get('staff'),
      kind,
      form.importId,
      form.confirmRemoval,
    );
    return render(
      c,
      { title: `${importKindLabels[kind]}已提交，等待发布`, current: 'imports' },
      submittedView(result.report, result.needsConfirmation, confirmationReasons[kind]),
    );
  })
  .route('/', exportRoutes);

export const importApi = new Hono<StaffEnv>()
  .use(requireCapability('records.import'))
  .post('/:kind/dry-run', valid('param', ImportKindParam), valid('form', UploadForm), async (c) => {
    const { kind } = c.req.valid('param');
    const form = c.req.valid('form');
    const result = await dryRun(c, kind, form.file, form.mode);
    return c.json(result, result.report.errors.length > 0 ? 422 : 200);
  })
  .post('/:kind/commit', valid('param', ImportKindParam), valid('json', CommitForm), async (c) => {
    const { kind } = c.req.valid('param');
    const form = c.req.valid('json');
    const result = await submitImport(
      c.env.DB,
      c.env.FILES,
      c.get('staff'),
      kind,
      form.importId,
      form.confirmRemoval,
    );
    return c.json({ ...result, state: 'submitted' }, 202);
  })
  .post('/pending/:id/confirm', valid('param', PendingImportParam), async (c) =>
    c.json({ import: await confirmImport(c.env.DB, c.get('staff'), c.req.valid('param').id) }),
  )
  .post('/pending/:id/withdraw', valid('param', PendingImportParam), async (c) => {
    await withdrawImport(c.env.DB, c.env.FILES, c.get('staff'), c.req.valid('param').id);
    return c.json({ ok: true });
  })
  .route('/', exportRoutes);
