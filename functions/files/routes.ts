import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../lib/app-env.ts';
import { ApiError } from '../lib/errors.ts';
import { valid } from '../staff/validation.ts';
import { findPublishedReportDocument } from './queries.ts';

const ReportParam = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, '报告编号无效。') });

/** GET /files/reports/<id>: the published original of a duty report, from R2. */
export const fileRoutes = new Hono<AppEnv>().get('/reports/:id', valid('param', ReportParam), async (c) => {
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
