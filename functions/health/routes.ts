import { Hono } from 'hono';
import type { AppEnv } from '../lib/app-env.ts';
import { errorBody } from '../lib/errors.ts';
import { readDatabaseHealth } from './queries.ts';

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const startedAt = Date.now();
  try {
    const database = await readDatabaseHealth(c.env.DB);
    return c.json({ ok: true, database: { ok: true, ...database, latencyMs: Date.now() - startedAt } });
  } catch {
    c.header('Retry-After', '5');
    return c.json({ ok: false, ...errorBody('database_unavailable', '数据库暂时不可用。') }, 503);
  }
});
