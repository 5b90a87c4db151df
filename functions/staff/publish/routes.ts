import { type Context, Hono } from 'hono';
import { ApiError } from '../../lib/errors.ts';
import { beijingDateTime } from '../../lib/time.ts';
import { requireCapability } from '../auth/routes.ts';
import type { StaffEnv } from '../env.ts';
import { render } from '../render.tsx';
import type { NoticeKey } from '../layout.tsx';
import { valid } from '../../lib/validation.ts';
import { readHookStatus, triggerDeployHook } from './hook.ts';
import { listPublishes, pendingChanges, type PublishRow, recordPublish, settlePublish } from './queries.ts';
import { publishView } from './views.tsx';
import { type BuildHookStatus, PublishForm } from './schema.ts';
import { confirmChange, findStaleChanges, withdrawChange } from '../../changes/actions.ts';
import { listOpenChanges } from '../../changes/queries.ts';
import { z } from 'zod';
import type { ImportPublishOutcome } from '../imports/lifecycle.ts';
import { listPendingImports } from '../imports/queries.ts';

const ChangeParam = z.object({ id: z.coerce.number().int().positive('修改编号无效。') });

/** Reads the local build status and settles the publish it reports on, once it has finished. */
async function refreshStatus(c: Context<StaffEnv>): Promise<BuildHookStatus | null> {
  const status = await readHookStatus(c.env, c.get('deployHookFetch'));
  const waiting = new Set(
    (await listPublishes(c.env.DB, 50)).filter((p) => p.status === 'requested').map((p) => p.version),
  );
  for (const build of status?.recent ?? []) {
    if (build.version && waiting.has(build.version)) {
      await settlePublish(
        c.env.DB,
        build.version,
        build.state === 'succeeded' ? 'built' : 'failed',
        'build-hook',
        build.state === 'succeeded'
          ? build.finishedAt
          : `网站重建失败（结束于 ${beijingDateTime(build.finishedAt)}），请查看重建服务的日志。`,
      );
    }
  }
  return status;
}

/**
 * What a publish did. The records it applied are public at once (the record pages read the live
 * tables); `rebuildFailed` says the hubs' rebuild could not be started (the publish stays recorded,
 * as failed, with the reason).
 */
async function publish(
  c: Context<StaffEnv>,
  summary: string,
): Promise<{
  version: string;
  applied: number[];
  stale: number[];
  imports: ImportPublishOutcome;
  publishes: PublishRow[];
  rebuildFailed: string | null;
}> {
  const pending = await pendingChanges(c.env.DB);
  const { version, applied, stale, imports } = await recordPublish(c.env.DB, c.env.FILES, c.get('staff'), {
    summary,
    changeCount: pending.changeCount,
    auditCount: pending.auditCount,
  });
  const triggered = await triggerDeployHook(c.env, version, c.get('deployHookFetch'));
  if (!triggered.ok) await settlePublish(c.env.DB, version, 'failed', c.get('staff').id, triggered.message);
  return {
    version,
    applied: applied.map((ch) => ch.id),
    stale: stale.map((ch) => ch.id),
    imports,
    publishes: await listPublishes(c.env.DB, 5),
    rebuildFailed: triggered.ok ? null : triggered.message,
  };
}

export const publishConsole = new Hono<StaffEnv>()
  .use(requireCapability('publish'))
  .get('/', async (c) => {
    const status = await refreshStatus(c);
    const [pending, publishes] = await Promise.all([pendingChanges(c.env.DB), listPublishes(c.env.DB)]);
    const open = await listOpenChanges(c.env.DB);
    return render(
      c,
      { title: '发布', current: 'publish' },
      publishView(
        c.get('csrfToken'),
        c.get('staff'),
        open,
        pending,
        publishes,
        status,
        await listPendingImports(c.env.DB),
        await findStaleChanges(c.env.DB, open),
      ),
    );
  })
  .post('/', valid('form', PublishForm), async (c) => {
    const { imports, stale, rebuildFailed } = await publish(c, c.req.valid('form').summary);
    // Changes and imports left out say why on the page itself; the notice says to look there. A
    // rebuild that could not be started is said first: the publish itself went through, and the
    // page tells why and what to do (a second press of the button is not a second publish of them).
    const notice: NoticeKey =
      rebuildFailed !== null
        ? 'published_rebuild_failed'
        : stale.length > 0
          ? imports.held.length > 0
            ? 'published_some_held'
            : 'published_changes_held'
          : imports.held.length > 0
            ? 'published_imports_held'
            : 'published';
    return c.redirect(`/staff/publish?notice=${notice}`, 303);
  })
  .post('/changes/:id/confirm', valid('param', ChangeParam), async (c) => {
    await confirmChange(c.env.DB, c.get('staff'), c.req.valid('param').id);
    return c.redirect('/staff/publish?notice=change_confirmed', 303);
  })
  .post('/changes/:id/withdraw', valid('param', ChangeParam), async (c) => {
    await withdrawChange(c.env.DB, c.get('staff'), c.req.valid('param').id);
    return c.redirect('/staff/publish?notice=change_withdrawn', 303);
  });

export const publishApi = new Hono<StaffEnv>()
  .use(requireCapability('publish'))
  .get('/', async (c) => {
    const status = await refreshStatus(c);
    const [pending, publishes] = await Promise.all([pendingChanges(c.env.DB), listPublishes(c.env.DB)]);
    const open = await listOpenChanges(c.env.DB);
    const stale = await findStaleChanges(c.env.DB, open);
    return c.json({
      open,
      // The open changes whose record moved on since their draft: confirming them is refused (409)
      // and a publish leaves them open; they are withdrawn and drafted again.
      stale: [...stale].map(([changeId, note]) => ({ changeId, ...note })),
      imports: await listPendingImports(c.env.DB),
      pending,
      publishes,
      buildHook: status,
    });
  })
  .post('/changes/:id/confirm', valid('param', ChangeParam), async (c) =>
    c.json({ change: await confirmChange(c.env.DB, c.get('staff'), c.req.valid('param').id) }),
  )
  .post('/changes/:id/withdraw', valid('param', ChangeParam), async (c) => {
    await withdrawChange(c.env.DB, c.get('staff'), c.req.valid('param').id);
    return c.json({ ok: true });
  })
  .post('/', valid('json', PublishForm), async (c) => {
    const outcome = await publish(c, c.req.valid('json').summary);
    // An API caller learns loudly that the rebuild did not start (its records are published).
    if (outcome.rebuildFailed !== null) {
      throw new ApiError(
        502,
        'deploy_hook_failed',
        `已记录本次发布，但没能触发网站重建：${outcome.rebuildFailed}`,
      );
    }
    return c.json(outcome, 202);
  });
