/** How the public change log names records, fields and values. */
import { changeLogEntityTypeLabels, type ChangeLogEntry } from '#domain/change-log.ts';
import { changeFieldLabel as fieldLabel, changeValueText } from '../../../functions/changes/labels.ts';
import type { RecordsModel } from './model.ts';

export function changeFieldLabel(entry: ChangeLogEntry): string {
  // One wording with the console's publish page (trigger-logged fields, then entity rules).
  return fieldLabel(entry.entityType, entry.field);
}

/** A value as the public reads it; null means the field was empty. */
export function changeValueLabel(entry: ChangeLogEntry, value: string | null): string {
  if (value === null || value === '') return '（空）';
  return changeValueText(entry.entityType, entry.field, value);
}

/**
 * One entry in words, "字段：旧 → 新". An applied import has no "before": its row says what the
 * file did ("建议办理台账导入：新增 3 条，更新 2 条，删除 0 条").
 */
export function changeSummary(entry: ChangeLogEntry): string {
  if (entry.entityType === 'import')
    return `${changeFieldLabel(entry)}：${changeValueLabel(entry, entry.newValue)}`;
  return `${changeFieldLabel(entry)}：${changeValueLabel(entry, entry.oldValue)} → ${changeValueLabel(entry, entry.newValue)}`;
}

/**
 * What naming a changed record takes: the build's RecordsModel has it all; a page the Worker
 * renders passes only the records its entries concern.
 */
export interface ChangeTargets {
  itemById: ReadonlyMap<string, { id: string; title: string }>;
  itemByCommitment: ReadonlyMap<string, string>;
  candidateById: ReadonlyMap<string, { id: string; roundYear: number; title: string }>;
  deputyNames: ReadonlyMap<string, string>;
  stationNames: ReadonlyMap<string, string>;
}

/** The page of the changed record, when the site has one. */
export function changeTarget(
  model: ChangeTargets,
  entry: ChangeLogEntry,
): { href: string; label: string } | null {
  switch (entry.entityType) {
    case 'suggestion': {
      const item = model.itemById.get(entry.entityId);
      return item ? { href: `/suggestions/${item.id}/`, label: item.title } : null;
    }
    case 'commitment': {
      const itemId = model.itemByCommitment.get(entry.entityId);
      const item = itemId ? model.itemById.get(itemId) : undefined;
      return item
        ? { href: `/suggestions/${item.id}/#commitment-${entry.entityId}`, label: `承诺：${item.title}` }
        : null;
    }
    case 'project_candidate':
    case 'candidate_tally':
    case 'project_evaluation': {
      const c = model.candidateById.get(entry.entityId);
      return c ? { href: `/projects/${c.roundYear}/${c.id}/`, label: c.title } : null;
    }
    case 'deputy':
      return {
        href: `/deputies/${entry.entityId}/`,
        label: model.deputyNames.get(entry.entityId) ?? entry.entityId,
      };
    case 'station':
      return {
        href: `/stations/${entry.entityId}/`,
        label: model.stationNames.get(entry.entityId) ?? entry.entityId,
      };
    case 'duty_report':
      return { href: `/reports/${entry.entityId}/`, label: `履职报告 ${entry.entityId}` };
    case 'handling_unit':
      return { href: `/units/${entry.entityId}/`, label: `承办单位 ${entry.entityId}` };
    // A hidden notice, the city area and these records have no page of their own (an import's row
    // names its file by SHA-256; the records it changed have their own rows).
    case 'notice':
    case 'area':
    case 'reception_day':
    case 'electoral_unit':
    case 'term':
    case 'session':
    case 'project_milestone':
    case 'import':
      return null;
    // A reply is listed in its suggestion's page history; the log links no page of its own.
    case 'suggestion_reply':
      return null;
    // A rating ("<suggestion id>-r<round>") is the deputy's answer on its suggestion's page.
    case 'suggestion_rating': {
      const item = model.itemById.get(entry.entityId.replace(/-r\d$/, ''));
      return item ? { href: `/suggestions/${item.id}/`, label: `满意度测评：${item.title}` } : null;
    }
    // An activity is a line of its deputy's duty record; the log names it by its id only.
    case 'duty_activity':
      return null;
    case 'deputy_group':
      return { href: `/groups/${entry.entityId}/`, label: `代表小组 ${entry.entityId}` };
    // A member's role ("<group id>.<deputy id>"): the group's page lists its members by role.
    case 'group_member': {
      const group = entry.entityId.split('.')[0] ?? '';
      return group ? { href: `/groups/${group}/`, label: `代表小组 ${group}` } : null;
    }
    // A round's settings and its phases (entity "2041/public_voting"): the round's project list.
    case 'project_round':
    case 'round_phase': {
      const year = entry.entityId.split('/')[0] ?? '';
      return /^\d{4}$/.test(year)
        ? { href: `/projects/${year}/`, label: `${year} 年民生实事项目票决` }
        : null;
    }
  }
}

/** Entries per page of /changes/, and how many pages are built (older entries: CSV/JSON). */
export const CHANGES_PAGE_SIZE = 100;
export const CHANGES_MAX_PAGES = 50;

export function changesPagePath(page: number): string {
  return page <= 1 ? '/changes/' : `/changes/${page}/`;
}

const positions = new WeakMap<RecordsModel, Map<number, number>>();

/** Where an entry is listed on /changes/, or null when it is older than the built pages. */
export function changeEntryHref(model: RecordsModel, entry: ChangeLogEntry): string | null {
  let map = positions.get(model);
  if (!map) {
    map = new Map(model.changes.map((c, i) => [c.id, i]));
    positions.set(model, map);
  }
  const index = map.get(entry.id);
  if (index === undefined) return null;
  const page = Math.floor(index / CHANGES_PAGE_SIZE) + 1;
  return page > CHANGES_MAX_PAGES ? null : `${changesPagePath(page)}#change-${entry.id}`;
}

/** The change log narrowed to one kind of record or to one deputy (the no-JavaScript filters). */
export type ChangesFilter =
  { kind: 'type'; type: ChangeLogEntry['entityType'] } | { kind: 'deputy'; deputyId: string; name: string };

/** The deputies an entry concerns: the deputy's own record, items they lead, their reports. */
export function changeDeputyIds(model: RecordsModel, entry: ChangeLogEntry): string[] {
  switch (entry.entityType) {
    case 'deputy':
      return [entry.entityId];
    case 'suggestion': {
      const item = model.itemById.get(entry.entityId);
      return item ? [item.leadDeputy.id] : [];
    }
    case 'commitment': {
      const itemId = model.itemByCommitment.get(entry.entityId);
      const item = itemId ? model.itemById.get(itemId) : undefined;
      return item ? [item.leadDeputy.id] : [];
    }
    case 'duty_report': {
      const report = model.reports.find((r) => r.id === entry.entityId);
      return report ? [report.deputyId] : [];
    }
    default:
      return [];
  }
}

const byDeputy = new WeakMap<RecordsModel, Map<string, ChangeLogEntry[]>>();

/** Entries per deputy, newest first, computed once per build. */
export function changesByDeputy(model: RecordsModel): Map<string, ChangeLogEntry[]> {
  let map = byDeputy.get(model);
  if (!map) {
    map = new Map();
    for (const entry of model.changes) {
      for (const id of changeDeputyIds(model, entry)) {
        const list = map.get(id);
        if (list) list.push(entry);
        else map.set(id, [entry]);
      }
    }
    byDeputy.set(model, map);
  }
  return map;
}

/** What the list is narrowed to, in words, and the page heading. */
export function changesScope(filter: ChangesFilter | undefined): { scope: string; heading: string } {
  const scope = !filter
    ? ''
    : filter.kind === 'type'
      ? changeLogEntityTypeLabels[filter.type]
      : `代表${filter.name}`;
  return { scope, heading: scope ? `公开修改日志：${scope}` : '公开修改日志' };
}

/** The frame of a change-log page: title, description, breadcrumbs, feed. */
export function changesFrame(filter: ChangesFilter | undefined, page: number) {
  const { scope, heading } = changesScope(filter);
  return {
    title: page > 1 ? `${heading}（第 ${page} 页）` : heading,
    description: scope
      ? `${scope}的正式记录每一次修改：改了什么、什么时候改的。`
      : '代表信息、议案建议、承诺事项等正式记录的每一次修改：改了什么、什么时候改的。',
    breadcrumbs: scope
      ? [
          { href: '/', label: '首页' },
          { href: '/changes/', label: '公开修改日志' },
        ]
      : [{ href: '/', label: '首页' }],
    feed: { href: '/changes/feed.xml', title: '记录修改和状态变化' },
  };
}

/** The entries a filter keeps, newest first. */
export function filteredChanges(model: RecordsModel, filter: ChangesFilter | undefined): ChangeLogEntry[] {
  if (!filter) return model.changes;
  if (filter.kind === 'type') return model.changes.filter((c) => c.entityType === filter.type);
  return changesByDeputy(model).get(filter.deputyId) ?? [];
}

/** The address of a page of the (filtered) change log. */
export function filteredChangesPath(filter: ChangesFilter | undefined, page: number): string {
  if (!filter) return changesPagePath(page);
  const base =
    filter.kind === 'type' ? `/changes/type/${filter.type}/` : `/changes/deputy/${filter.deputyId}/`;
  return page <= 1 ? base : `${base}${page}/`;
}
