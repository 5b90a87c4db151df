import { changeLogEntityLabel } from '#domain/change-log.ts';
import { changeFieldLabel } from '../../changes/labels.ts';
import type { StaleChange } from '../../changes/actions.ts';
import type { OfficialChange } from '../../changes/queries.ts';
import { beijingDateTime } from '../../lib/time.ts';
import type { StaffUser } from '../auth/schema.ts';
import { csrfInput, type Html, ScrollTable } from '../layout.tsx';
import { AuditTable, describeAction } from '../ui/audit.tsx';
import { OpenChanges } from '../ui/changes.tsx';
import { DataTable } from '../ui/components.tsx';
import type { pendingChanges, PublishRow } from './queries.ts';
import { type BuildHookStatus, publishStatusLabels } from './schema.ts';
import { PendingImports } from '../imports/pending.tsx';
import type { StoredImport } from '../imports/queries.ts';

type Pending = Awaited<ReturnType<typeof pendingChanges>>;

const buildStateLabels: Record<BuildHookStatus['state'], string> = {
  idle: '空闲',
  running: '正在重建',
  succeeded: '上次重建成功',
  failed: '上次重建失败',
};

/**
 * The last publish whose rebuild did not happen: its records are public (the record pages read the
 * live tables), the hubs are not rebuilt yet; another publish starts the rebuild again.
 */
function RebuildFailed({ last }: { last: PublishRow | undefined }): Html {
  if (last?.status !== 'failed') return <></>;
  return (
    <div class="warn" role="note">
      <p>
        最近一次发布（{beijingDateTime(last.requestedAt)}
        ）的记录修改已经生效，记录页已更新；但网站重建没有完成
        {last.failure ? `：${last.failure}` : '。'}
      </p>
      <p>
        目录、列表、统计和开放数据要等重建后才更新。请确认重建服务正常后，再点一次“发布（重建网站）”：已发布的修改不会重复发布，这次发布会重新触发重建。
      </p>
    </div>
  );
}

/** Long lists stay folded: the page opens with the summary, the field-by-field detail on demand. */
function Folded({ summary, children }: { summary: string; children: Html }): Html {
  return (
    <details>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/** The most frequent entries of a count, "名称 n 处、…", with 等 when some are left out. */
function topCounts(counts: Map<string, number>, limit: number, name: (key: string) => string, unit: string) {
  const top = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, n]) => `${name(key)} ${String(n)} ${unit}`)
    .join('、');
  return counts.size > limit ? `${top} 等` : top;
}

/**
 * What a publish will change, in a few lines: records and fields per kind of record, and the staff
 * actions by kind. Counts come from the lists the page already read.
 */
function ChangeSummary({ pending }: { pending: Pending }): Html {
  if (pending.changeCount === 0 && pending.auditCount === 0) return <p>没有待发布的变更。</p>;
  const byType = new Map<string, { records: Set<string>; fields: Map<string, number> }>();
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
    pending.changes.length < pending.changeCount
      ? `（下列按最近 ${String(pending.changes.length)} 项统计）`
      : '';
  return (
    <>
      <p>
        发布后，公开网站将反映 <b>{pending.changeCount}</b> 项公开变更记录和 <b>{pending.auditCount}</b>{' '}
        次工作人员操作{shown}：
      </p>
      <ul class="summary">
        {[...byType].map(([type, entry]) => (
          <li>
            <b>{changeLogEntityLabel(type)}</b>：{entry.records.size} 条记录，
            {topCounts(entry.fields, 4, (field) => changeFieldLabel(type, field), '处')}
          </li>
        ))}
        {byAction.size > 0 ? (
          <li>
            <b>工作人员操作</b>：{topCounts(byAction, 5, describeAction, '次')}
          </li>
        ) : (
          ''
        )}
      </ul>
    </>
  );
}

const changeColumns = [
  { label: '时间' },
  { label: '记录' },
  { label: '字段' },
  { label: '原值' },
  { label: '新值' },
];

const publishColumns = [
  { label: '时间' },
  { label: '版本' },
  { label: '发布人' },
  { label: '状态' },
  { label: '说明' },
];

export function publishView(
  token: string,
  staff: StaffUser,
  open: OfficialChange[],
  pending: Pending,
  publishes: PublishRow[],
  status: BuildHookStatus | null,
  imports: readonly StoredImport[] = [],
  stale: ReadonlyMap<number, StaleChange> = new Map(),
): Html {
  return (
    <>
      <h1>发布网站</h1>
      <p>
        导入、编辑和答复等操作要在“发布”后才会出现在公开网站上：代表、建议等记录页在发布后几秒内更新，目录、列表、统计和开放数据随后由数据库重新生成。
        {pending.since ? `上次发布：${beijingDateTime(pending.since)}。` : '尚未发布过。'}
      </p>
      {status ? (
        <p class="hint">
          本地重建服务：{buildStateLabels[status.state]}
          {status.version ? `（版本 ${status.version}）` : ''}
          {status.queued ? '，另有一次排队' : ''}。
        </p>
      ) : (
        ''
      )}
      <OpenChanges token={token} staff={staff} open={open} stale={stale} />
      <PendingImports token={token} staff={staff} imports={imports} />
      <h2>自上次发布以来的变更</h2>
      <ChangeSummary pending={pending} />
      {pending.changes.length > 0 ? (
        <Folded summary={`查看全部 ${String(pending.changes.length)} 项字段变更`}>
          <ScrollTable label="公开变更记录">
            <DataTable columns={changeColumns}>
              {pending.changes.map((ch) => (
                <tr>
                  <td>{beijingDateTime(ch.at)}</td>
                  <td>
                    {changeLogEntityLabel(ch.entityType)} {ch.entityId}
                  </td>
                  <td>{changeFieldLabel(ch.entityType, ch.field)}</td>
                  <td class="pre">{ch.oldValue ?? '—'}</td>
                  <td class="pre">{ch.newValue ?? '—'}</td>
                </tr>
              ))}
            </DataTable>
          </ScrollTable>
        </Folded>
      ) : (
        ''
      )}
      {pending.audit.length > 0 ? (
        <Folded summary={`查看全部 ${String(pending.audit.length)} 次工作人员操作`}>
          <AuditTable label="工作人员操作" rows={pending.audit} />
        </Folded>
      ) : (
        ''
      )}
      <RebuildFailed last={publishes[0]} />
      <form method="post" action="/staff/publish" class="stack">
        {csrfInput(token)}
        <label>
          本次发布说明（可选） <textarea name="summary" maxlength={500}></textarea>
        </label>
        <button type="submit">发布（重建网站）</button>
      </form>
      <h2>发布记录</h2>
      {publishes.length === 0 ? (
        <p>暂无。</p>
      ) : (
        <ScrollTable label="发布记录">
          <DataTable columns={publishColumns}>
            {publishes.map((p) => (
              <tr>
                <td>{beijingDateTime(p.requestedAt)}</td>
                <td>{p.version}</td>
                <td>{p.requestedByName ?? p.requestedBy}</td>
                <td>
                  {publishStatusLabels[p.status]}
                  {p.failure ? <span class="hint">：{p.failure}</span> : ''}
                </td>
                <td>{p.summary}</td>
              </tr>
            ))}
          </DataTable>
        </ScrollTable>
      )}
    </>
  );
}
