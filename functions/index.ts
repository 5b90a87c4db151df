import { Hono } from 'hono';
import { healthRoutes } from './health/routes.ts';
import type { AppEnv } from './lib/app-env.ts';
import { handleError, notFound } from './lib/errors.ts';

/** The public API and the staff console; everything else is a static asset. */
export const app = new Hono<AppEnv>();

app.use('/api/*', async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
});

app.route('/api/health', healthRoutes);

app.notFound((c) => (c.req.path.startsWith('/api/') ? notFound(c) : c.env.ASSETS.fetch(c.req.raw)));
app.onError(handleError);

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
