import type { AuditRow } from './queries.ts';
import { type Html, Pager } from '../layout.tsx';
import { AuditTable, entityTypeLabels } from '../ui/audit.tsx';
import { ChoiceSelect } from '../ui/components.tsx';

export interface AuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  page: number;
}

/** The audit log page: a filter by record, the entries with before and after, and the pager. */
export function auditView(query: AuditFilter, rows: readonly AuditRow[], hasNext: boolean): Html {
  const pageHref = (page: number): string => {
    const params = new URLSearchParams({ page: String(page) });
    if (query.entityType) params.set('entityType', query.entityType);
    if (query.entityId) params.set('entityId', query.entityId);
    return `/staff/audit?${params.toString()}`;
  };
  return (
    <>
      <h1>审计日志</h1>
      <p class="hint">
        记录谁在何时做了什么，以及修改前后的内容。日志只能追加，不能修改或删除。联系方式从不写入日志。
      </p>
      <form method="get" action="/staff/audit" class="filters" aria-label="筛选">
        <ChoiceSelect
          label="对象类型"
          name="entityType"
          blank="全部"
          choices={Object.entries(entityTypeLabels).map(([value, label]) => ({ value, label }))}
          current={query.entityType}
        />
        <label>
          对象编号 <input name="entityId" value={query.entityId ?? ''} />
        </label>
        <button type="submit">筛选</button>
      </form>
      <AuditTable label="审计日志" rows={rows} withContent />
      <Pager page={query.page} hasNext={hasNext} hrefFor={pageHref} />
    </>
  );
}
