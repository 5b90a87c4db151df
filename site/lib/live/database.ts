/**
 * The D1 database of a page the Worker renders on request (`prerender = false`): the Worker's
 * own binding (locally, the D1 of `wrangler dev` or of `npm run dev`).
 */
import type { D1Database } from '@cloudflare/workers-types';
import { env } from 'cloudflare:workers';

export function liveDatabase(): D1Database {
  return env.DB;
}
