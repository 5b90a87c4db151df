import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import { ApiError } from '../../lib/errors.ts';
import { changeLogEntityLabel } from '#domain/change-log.ts';
import { describeAction, describeEntity } from '../ui/audit.tsx';
import { requireCapability } from '../auth/routes.ts';
import type { StaffEnv } from '../env.ts';
import { csrfInput, type Html, scrollTable } from '../layout.tsx';
import { render } from '../render.tsx';
import { valid } from '../../lib/validation.ts';
import { readHookStatus, triggerDeployHook } from './hook.ts';
import { listPublishes, pendingChanges, type PublishRow, recordPublish, settlePublish } from './queries.ts';
import { type BuildHookStatus, PublishForm, publishStatusLabels } from './schema.ts';
import { beijingDateTime } from '../../lib/time.ts';
import { confirmChange, withdrawChange } from '../../changes/actions.ts';
import { changeFieldLabel } from '../../changes/labels.ts';
import { listOpenChanges, type OfficialChange } from '../../changes/queries.ts';
import type { StaffUser } from '../auth/schema.ts';
import { openChangesView } from '../ui/legacy.ts';
import { z } from 'zod';

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
        build.finishedAt,
      );
    }
  }
  return status;
}

async function publish(
  c: Context<StaffEnv>,
  summary: string,
): Promise<{ version: string; applied: number[]; stale: number[]; publishes: PublishRow[] }> {
  const pending = await pendingChanges(c.env.DB);
  const { version, applied, stale } = await recordPublish(c.env.DB, c.get('staff'), {
    summary,
    changeCount: pending.changeCount,
    auditCount: pending.auditCount,
  });
  const triggered = await triggerDeployHook(c.env, version, c.get('deployHookFetch'));
  if (!triggered.ok) {
    await settlePublish(c.env.DB, version, 'failed', c.get('staff').id, triggered.message);
    throw new ApiError(502, 'deploy_hook_failed', `已记录本次发布，但没能触发网站重建：${triggered.message}`);
  }
  return {
    version,
    applied: applied.map((ch) => ch.id),
    stale: stale.map((ch) => ch.id),
    publishes: await listPublishes(c.env.DB, 5),
  };
}

const buildStateLabels: Record<BuildHookStatus['state'], string> = {
  idle: '空闲',
  running: '正在重建',
  succeeded: '上次重建成功',
  failed: '上次重建失败',
};

/** Long lists stay folded: the page opens with the summary, the field-by-field detail on demand. */
function folded(summary: string, body: Html): Html {
  return html`<details>
    <summary>${summary}</summary>
    ${body}
  </details>`;
}

/**
 * What a publish will change, in a few lines: records and fields per kind of record, and the staff
 * actions by kind. Counts come from the lists the page already read.
 */
function changeSummary(pending: Awaited<ReturnType<typeof pendingChanges>>): Html {
  if (pending.changeCount === 0 && pending.auditCount === 0) return html`<p>没有待发布的变更。</p>`;
  type EntityType = (typeof pending.changes)[number]['entityType'];
  const byType = new Map<EntityType, { records: Set<string>; fields: Map<string, number> }>();
  for (const ch of pending.changes) {
    const entry = byType.get(ch.entityType) ?? {
      records: new Set<string>(),
      fields: new Map<string, number>(),
    };
    entry.records.add(ch.entityId);
    entry.fields.set(ch.field, (entry.fields.get(ch.field) ?? 0) + 1);
    byType.set(ch.entityType, entry);
  }
  const byAction = new Map<string, number>();
  for (const a of pending.audit) byAction.set(a.action, (byAction.get(a.action) ?? 0) + 1);
  const shown =
    pending.changes.length < pending.changeCount ? `（下列按最近 ${pending.changes.length} 项统计）` : '';
  return html`<p>
      发布后，公开网站将反映 <b>${pending.changeCount}</b> 项公开变更记录和
      <b>${pending.auditCount}</b> 次工作人员操作${shown}：
    </p>
    <ul class="summary">
      ${[...byType].map(
        ([type, entry]) =>
          html`<li>
            <b>${changeLogEntityLabel(type)}</b>：${entry.records.size} 条记录，
            ${[...entry.fields]
              .sort((a, b) => b[1] - a[1])
              .slice(0, 4)
              .map(([field, n]) => `${changeFieldLabel(type, field)} ${n} 处`)
              .join('、')}${entry.fields.size > 4 ? ' 等' : ''}
          </li>`,
      )}
      ${
        byAction.size > 0
          ? html`<li>
              <b>工作人员操作</b>：${[...byAction]
                .sort((a, b) => b[1] - a[1])
                .slice(0, 5)
                .map(([action, n]) => `${describeAction(action)} ${n} 次`)
                .join('、')}${byAction.size > 5 ? ' 等' : ''}
            </li>`
          : ''
      }
    </ul>`;
}

function publishView(
  token: string,
  staff: StaffUser,
  open: OfficialChange[],
  pending: Awaited<ReturnType<typeof pendingChanges>>,
  publishes: PublishRow[],
  status: BuildHookStatus | null,
): Html {
  return html`<h1>发布网站</h1>
    <p>
      公开网站是静态页面，由数据库重新生成。导入、编辑和答复等操作要在“发布”后才会出现在网站上。
      ${pending.since ? html`上次发布：${beijingDateTime(pending.since)}。` : html`尚未发布过。`}
    </p>
    ${
      status
        ? html`<p class="hint">
            本地重建服务：${buildStateLabels[status.state]}${status.version ? html`（版本 ${status.version}）` : ''}${status.queued ? '，另有一次排队' : ''}。
          </p>`
        : ''
    }
    ${openChangesView(token, staff, open)}
    <h2>自上次发布以来的变更</h2>
    ${changeSummary(pending)}
    ${
      pending.changes.length > 0
        ? folded(
            `查看全部 ${pending.changes.length} 项字段变更`,
            scrollTable(
              '公开变更记录',
              html`<table>
                <thead>
                  <tr>
                    <th scope="col">时间</th>
                    <th scope="col">记录</th>
                    <th scope="col">字段</th>
                    <th scope="col">原值</th>
                    <th scope="col">新值</th>
                  </tr>
                </thead>
                <tbody>
                  ${pending.changes.map(
                    (ch) =>
                      html`<tr>
                        <td>${beijingDateTime(ch.at)}</td>
                        <td>${changeLogEntityLabel(ch.entityType)} ${ch.entityId}</td>
                        <td>${changeFieldLabel(ch.entityType, ch.field)}</td>
                        <td class="pre">${ch.oldValue ?? '—'}</td>
                        <td class="pre">${ch.newValue ?? '—'}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`,
            ),
          )
        : ''
    }
    ${
      pending.audit.length > 0
        ? folded(
            `查看全部 ${pending.audit.length} 次工作人员操作`,
            scrollTable(
              '工作人员操作',
              html`<table>
                <thead>
                  <tr>
                    <th scope="col">时间</th>
                    <th scope="col">人员</th>
                    <th scope="col">操作</th>
                    <th scope="col">对象</th>
                  </tr>
                </thead>
                <tbody>
                  ${pending.audit.map(
                    (a) =>
                      html`<tr>
                        <td>${beijingDateTime(a.at)}</td>
                        <td>${a.actorName ?? a.actor}</td>
                        <td>${describeAction(a.action)}</td>
                        <td>${describeEntity(a.entityType, a.entityId)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`,
            ),
          )
        : ''
    }
    <form method="post" action="/staff/publish" class="stack">
      ${csrfInput(token)}
      <label>本次发布说明（可选） <textarea name="summary" maxlength="500"></textarea></label>
      <button type="submit">发布（重建网站）</button>
    </form>
    <h2>发布记录</h2>
    ${
      publishes.length === 0
        ? html`<p>暂无。</p>`
        : scrollTable(
            '发布记录',
            html`<table>
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">版本</th>
                  <th scope="col">发布人</th>
                  <th scope="col">状态</th>
                  <th scope="col">说明</th>
                </tr>
              </thead>
              <tbody>
                ${publishes.map(
                  (p) =>
                    html`<tr>
                      <td>${beijingDateTime(p.requestedAt)}</td>
                      <td>${p.version}</td>
                      <td>${p.requestedByName ?? p.requestedBy}</td>
                      <td>${publishStatusLabels[p.status]}</td>
                      <td>${p.summary}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`,
          )
    }`;
}

export const publishConsole = new Hono<StaffEnv>()
  .use(requireCapability('publish'))
  .get('/', async (c) => {
    const status = await refreshStatus(c);
    const [pending, publishes] = await Promise.all([pendingChanges(c.env.DB), listPublishes(c.env.DB)]);
    return render(
      c,
      { title: '发布', current: 'publish' },
      publishView(
        c.get('csrfToken'),
        c.get('staff'),
        await listOpenChanges(c.env.DB),
        pending,
        publishes,
        status,
      ),
    );
  })
  .post('/', valid('form', PublishForm), async (c) => {
    await publish(c, c.req.valid('form').summary);
    return c.redirect('/staff/publish?notice=published', 303);
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
    return c.json({ open: await listOpenChanges(c.env.DB), pending, publishes, buildHook: status });
  })
  .post('/changes/:id/confirm', valid('param', ChangeParam), async (c) =>
    c.json({ change: await confirmChange(c.env.DB, c.get('staff'), c.req.valid('param').id) }),
  )
  .post('/changes/:id/withdraw', valid('param', ChangeParam), async (c) => {
    await withdrawChange(c.env.DB, c.get('staff'), c.req.valid('param').id);
    return c.json({ ok: true });
  })
  .post('/', valid('json', PublishForm), async (c) =>
    c.json(await publish(c, c.req.valid('json').summary), 202),
  );
