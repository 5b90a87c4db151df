import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { trimTrailingSlash } from 'hono/trailing-slash';
import { ApiError } from '../lib/errors.ts';
import { apiNotFound, methodGuard } from '../lib/methods.ts';
import { MAX_DOCUMENT_BYTES } from '../changes/documents.ts';
import { accountsConsole } from './accounts/routes.ts';
import { MAX_IMPORT_BYTES } from './imports/table.ts';
import { recordsConsole } from './records/routes.ts';
import { auditConsole } from './audit/routes.ts';
import {
  defaultStaffDeps,
  devSignInAvailable,
  devSignInRoutes,
  identifyStaff,
  type StaffDeps,
} from './auth/routes.ts';
import { can } from './auth/schema.ts';
import { homeView } from './home.tsx';
import { consoleCss } from './assets.ts';
import type { StaffEnv } from './env.ts';
import { importApi, importConsole } from './imports/routes.ts';

import { opinionAccess } from './opinions/actions.ts';
import { countOpinions } from './opinions/queries.ts';
import { opinionApi, opinionConsole } from './opinions/routes.ts';
import { publishApi, publishConsole } from './publish/routes.ts';
import { consoleErrorHandler, render } from './render.tsx';
import { roundApi, roundConsole } from './rounds/routes.ts';
import { csrfProtection, staffSecurityHeaders } from './security.ts';
import { beijingToday } from '../lib/time.ts';

/** Every other form and call stays well under D1's 2 MB value limit. */
export const MAX_BODY_BYTES = 1_600_000;

// Imports and report originals have their own limits below: this one meets forms (a reply, a
// round's texts), so its message speaks of what was typed, not of a file to split.
const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', '提交的内容过长（上限约 1.5 MB），请删减后再提交。');
  },
});

const limitDocument = bodyLimit({
  maxSize: MAX_DOCUMENT_BYTES + 100_000,
  onError: () => {
    throw new ApiError(
      413,
      'payload_too_large',
      `文件过大（上限 ${MAX_DOCUMENT_BYTES / 1_000_000} MB），请压缩后再上传。`,
    );
  },
});

const limitImport = bodyLimit({
  maxSize: MAX_IMPORT_BYTES + 100_000,
  onError: () => {
    throw new ApiError(
      413,
      'payload_too_large',
      `上传的文件过大（上限 ${MAX_IMPORT_BYTES / 1_000_000} MB），请拆分后分批导入。`,
    );
  },
});

/**
 * The staff console (HTML, mounted at /staff) and the staff API (JSON, mounted at /api/staff).
 * Order matters: security headers, body limit, CSRF, then sign-in; every route after
 * identifyStaff has a signed-in staff member and checks the role itself.
 */
export function createStaffApps(deps: StaffDeps = defaultStaffDeps): {
  consoleApp: Hono<StaffEnv>;
  apiApp: Hono<StaffEnv>;
} {
  const provideDeps: MiddlewareHandler<StaffEnv> = async (c, next) => {
    c.set('deployHookFetch', deps.deployHookFetch);
    await next();
  };
  const consoleApp = new Hono<StaffEnv>();
  consoleApp.onError(consoleErrorHandler(devSignInAvailable));
  consoleApp.use(staffSecurityHeaders, provideDeps, trimTrailingSlash());
  // A GET of a form's address, a PUT or OPTIONS anywhere: 405 with Allow before any CSRF check or
  // sign-in (an unknown path goes on to its 404).
  consoleApp.use(
    methodGuard(
      () => consoleApp.routes,
      () => null,
    ),
  );
  consoleApp.get('/assets/console.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'private, max-age=3600');
    return c.body(consoleCss);
  });
  // Originals of duty reports may be larger than an import file (checked again in documents.ts).
  consoleApp.use('/records/duty_report/:id/document', limitDocument);
  // Imports take the largest export back (checked files wait in R2 when too large for D1).
  consoleApp.use('/imports/*', limitImport);
  consoleApp.use(async (c, next) =>
    /^\/staff\/records\/duty_report\/[^/]+\/document$/.test(c.req.path) ||
    c.req.path.startsWith('/staff/imports/')
      ? next()
      : limitBody(c, next),
  );
  consoleApp.use(csrfProtection('form'));
  consoleApp.route('/', devSignInRoutes);
  consoleApp.use(identifyStaff(deps));
  consoleApp.get('/', async (c) => {
    const staff = c.get('staff');
    const counts = can(staff, 'opinions.handle')
      ? await countOpinions(c.env.DB, opinionAccess(staff), beijingToday())
      : null;
    return render(c, { title: '工作台', current: 'home' }, homeView(staff, counts));
  });
  consoleApp.route('/opinions', opinionConsole);
  consoleApp.route('/rounds', roundConsole);
  consoleApp.route('/imports', importConsole);
  consoleApp.route('/publish', publishConsole);
  consoleApp.route('/audit', auditConsole);
  consoleApp.route('/accounts', accountsConsole);
  consoleApp.route('/records', recordsConsole);
  consoleApp.all('*', () => {
    throw new ApiError(404, 'not_found', '未找到请求的页面。');
  });

  const apiApp = new Hono<StaffEnv>();
  apiApp.use(
    staffSecurityHeaders,
    provideDeps,
    methodGuard(
      () => apiApp.routes,
      () => null,
    ),
  );
  apiApp.use('/imports/*', limitImport);
  apiApp.use(async (c, next) => (c.req.path.startsWith('/api/staff/imports/') ? next() : limitBody(c, next)));
  apiApp.use(csrfProtection('header'));
  apiApp.use(identifyStaff(deps));
  apiApp.get('/session', (c) =>
    c.json({ staff: c.get('staff'), csrfToken: c.get('csrfToken'), signIn: c.get('signIn') }),
  );
  apiApp.route('/opinions', opinionApi);
  apiApp.route('/rounds', roundApi);
  apiApp.route('/imports', importApi);
  apiApp.route('/publish', publishApi);
  // A path none of its routes serve (a wrong method met the guard's 405 above).
  apiApp.all('*', apiNotFound);

  return { consoleApp, apiApp };
}

const apps = createStaffApps();
/** Mounted by functions/index.ts at /staff. */
export const staffConsole = apps.consoleApp;
/** Mounted by functions/index.ts at /api/staff. */
export const staffApi = apps.apiApp;
