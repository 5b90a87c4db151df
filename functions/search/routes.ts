import { Hono } from 'hono';
import type { AppEnv } from '../lib/app-env.ts';
import { valid } from '../lib/validation.ts';
import { searchRecords } from './queries.ts';
import { SearchParams } from './schema.ts';

/** GET /api/search?q=&kind=&year=&page=: the hits of the search page as JSON. */
export const searchRoutes = new Hono<AppEnv>().get('/', valid('query', SearchParams), async (c) =>
  c.json(await searchRecords(c.env.DB, c.req.valid('query'))),
);
