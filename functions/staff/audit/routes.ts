import { Hono } from 'hono';
import { z } from 'zod';
import { requireCapability } from '../auth/routes.ts';
import type { StaffEnv } from '../env.ts';
import { render } from '../render.tsx';
import { valid } from '../../lib/validation.ts';
import { listAudit } from './queries.ts';
import { auditView } from './views.tsx';

const AuditQuery = z.object({
  entityType: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^[a-z_]{1,40}$/)
      .optional(),
  ),
  entityId: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(120).optional()),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

const PAGE_SIZE = 100;

/** The append-only audit log, for administrators (/staff/audit). */
export const auditConsole = new Hono<StaffEnv>()
  .use(requireCapability('audit.read'))
  .get('/', valid('query', AuditQuery), async (c) => {
    const query = c.req.valid('query');
    const rows = await listAudit(c.env.DB, {
      entityType: query.entityType,
      entityId: query.entityId,
      limit: PAGE_SIZE,
      offset: (query.page - 1) * PAGE_SIZE,
    });
    return render(
      c,
      { title: '审计日志', current: 'audit' },
      auditView(query, rows, rows.length === PAGE_SIZE),
    );
  });
