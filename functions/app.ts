import { Hono, type MiddlewareHandler } from 'hono';
import { areaRoutes } from './areas/routes.ts';
import { fileRoutes } from './files/routes.ts';
import { filterRoutes } from './filters/routes.ts';
import { healthRoutes } from './health/routes.ts';
import type { AppEnv } from './lib/app-env.ts';
import { handleError } from './lib/errors.ts';
import { apiNotFound, methodGuard, PAGE_METHODS } from './lib/methods.ts';
import { renderFormPagesWith, serveFormPage } from './lib/form-pages.ts';
import { contactRetentionDays } from './lib/retention.ts';
import { securityHeaders } from './lib/security-headers.ts';
import { eraseExpiredPersonalData } from './opinions/actions.ts';
import { opinionRoutes } from './opinions/routes.ts';
import { preferencesRoutes } from './preferences/routes.ts';
import { ballotRoutes, roundRoutes } from './rounds/routes.ts';
import { searchRoutes } from './search/routes.ts';
import { staffApi, staffConsole } from './staff/routes.ts';

/**
 * The public API and the staff console, then `pages`: functions/index.ts (the Worker) passes the
 * handlers that serve Astro's pages; the workers tests run the app without them (no Astro build).
 * A factory, not a shared instance, so a module reloaded by `astro dev` never adds routes to a
 * router already in use.
 */
export function createApp(pages: MiddlewareHandler<AppEnv>[] = []): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // CSP, nosniff, Referrer-Policy, framing; `no-store` on the API.
  app.use('*', securityHeaders);

  app.route('/api/health', healthRoutes);
  app.route('/api/opinions', opinionRoutes);
  app.route('/api/rounds', roundRoutes);
  app.route('/api/ballots', ballotRoutes);
  app.route('/api/search', searchRoutes);
  // Form pages run through the Worker so Turnstile follows its configuration (lib/form-pages.ts).
  app.get('/opinions/new/*', serveFormPage);
  app.get('/vote/*', serveFormPage);
  // The area search answers without JavaScript by filtering its prerendered list (areas/routes.ts).
  app.route('/areas', areaRoutes);
  // The combined suggestion filter redirects to the static list of the combination (filters/routes.ts).
  app.route('/suggestions', filterRoutes);
  app.route('/prefs', preferencesRoutes);
  // Originals of published duty reports, kept in R2 (functions/files).
  app.route('/files', fileRoutes);
  // The staff console (server-rendered) and its JSON API; every request is signed in (functions/staff).
  app.route('/staff', staffConsole);
  app.route('/api/staff', staffApi);
  // A method no route above takes: 405 with Allow. Paths none of them serve are Astro's pages and
  // static files, GET and HEAD only (under /api/ such a path is the API's 404, in notFound below).
  app.use(
    '*',
    methodGuard(
      () => app.routes,
      (path) => (path.startsWith('/api/') ? null : PAGE_METHODS),
    ),
  );
  if (pages.length > 0) {
    app.use('*', ...pages);
    // A failed no-JavaScript post shows its form page again; rendered pages come from the app itself.
    renderFormPagesWith(async (request, env, ctx) => app.fetch(request, env, ctx));
  }

  app.notFound((c) => (c.req.path.startsWith('/api/') ? apiNotFound(c) : c.env.ASSETS.fetch(c.req.raw)));
  app.onError(handleError);
  return app;
}

/** The Worker's handlers for an app: requests, and the daily cron. */
export function workerOf(app: Hono<AppEnv>) {
  return {
    fetch: app.fetch,
    // Cron trigger (wrangler.toml [triggers]): erase contact details past their retention period.
    async scheduled(_controller, env) {
      const done = await eraseExpiredPersonalData(env.DB, contactRetentionDays(env));
      console.log(
        `retention: erased contact details of ${done.contactsErased} opinions, ` +
          `forgot ${done.idempotencyKeysForgotten} idempotency keys`,
      );
    },
  } satisfies ExportedHandler<Env>;
}

export const app = createApp();

export default workerOf(app);
