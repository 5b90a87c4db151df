import { describe, expect, it } from 'vitest';
import { ChangeLogEntry } from '#domain/change-log.ts';
import { changeSummary, changeTarget } from '../../site/lib/records/changes.ts';

/** How /changes/ and its feed word the row an applied import leaves (functions/staff/imports/lifecycle.ts). */
describe('an applied import on the public change log', () => {
  const row = (field: string, oldValue: string | null, newValue: string) =>
    ChangeLogEntry.parse({
      id: 1,
      at: '2031-06-10T01:00:00Z',
      entityType: 'import',
      entityId: 'a'.repeat(64),
      field,
      oldValue,
      newValue,
      note: '建议办理台账批量导入（新增和更新），经第二人核对确认',
      role: 'admin',
    });

  it.each([
    ['suggestions', '建议办理台账导入：新增 3 条，更新 2 条，删除 0 条'],
    ['roster', '代表名册导入：新增 3 条，更新 2 条，删除 0 条'],
    ['duty_reports', '履职报告导入：新增 3 条，更新 2 条，删除 0 条'],
    ['activities', '履职活动导入：新增 3 条，更新 2 条，删除 0 条'],
    ['reception_days', '接待日安排导入：新增 3 条，更新 2 条，删除 0 条'],
  ])('names a %s import by its kind and counts, with no empty "before"', (kind, words) => {
    const entry = row(kind, null, '新增 3 条，更新 2 条，删除 0 条');
    expect(changeSummary(entry)).toBe(words);
    expect(
      changeTarget(
        {
          itemById: new Map(),
          itemByCommitment: new Map(),
          candidateById: new Map(),
          deputyNames: new Map(),
          stationNames: new Map(),
        },
        entry,
      ),
    ).toBeNull();
  });

  it('keeps "before → after" for record changes', () => {
    const entry = ChangeLogEntry.parse({
      id: 2,
      at: '2031-06-10T01:00:00Z',
      entityType: 'suggestion',
      entityId: 's1',
      field: 'result_class',
      oldValue: 'B',
      newValue: 'A',
      note: '',
      role: null,
    });
    expect(changeSummary(entry)).toMatch(/^办理结果：.+ → .+$/);
  });
});
