import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../lib/app-env.ts';
import { ApiError } from '../lib/errors.ts';
import { valid } from '../lib/validation.ts';
import { findPublishedReportDocument } from './queries.ts';

const ReportParam = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, '报告编号无效。') });
const SnapshotParam = z.object({
  version: z.string().regex(/^\d{8}-[0-9a-f]{8}$/, '数据版本号无效。'),
  file: z.string().regex(/^(manifest\.json|[a-z0-9][a-z0-9-]{0,79}\.(csv|json))$/, '文件名无效。'),
});

/**
 * GET /files/reports/<id>: the published original of a duty report, from R2.
 * GET /files/data/<version>/<file>: the open-data files of an earlier published version, from R2
 * (site/lib/records/snapshot-store.ts keeps them at each publish).
 */
export const fileRoutes = new Hono<AppEnv>()
  .get('/data/:version/:file', valid('param', SnapshotParam), async (c) => {
    const { version, file } = c.req.valid('param');
    const object = await c.env.FILES.get(`data/${version}/${file}`);
    if (!object) throw new ApiError(404, 'not_found', '没有这个数据版本的文件。');
    return new Response(object.body, {
      headers: {
        'Content-Type': file.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${version}-${file}"`,
        // A stored version never changes.
        'Cache-Control': 'public, max-age=31536000, immutable',
        ETag: object.httpEtag,
      },
    });
  })
  .get('/reports/:id', valid('param', ReportParam), async (c) => {
    const { id } = c.req.valid('param');
    const document = await findPublishedReportDocument(c.env.DB, id);
    const object = document ? await c.env.FILES.get(document.key) : null;
    if (!document || !object) throw new ApiError(404, 'not_found', '这份履职报告没有公开的原件。');
    const headers = new Headers({
      'Content-Type': document.type,
      'Content-Length': String(object.size),
      'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(document.name)}`,
      // The key is content-addressed: a new upload gets a new key once published.
      'Cache-Control': 'public, max-age=300',
      ETag: object.httpEtag,
    });
    return new Response(object.body, { headers });
  });
