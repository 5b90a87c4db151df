import { changeLogEntityTypeLabels, changeRoleLabels, type ChangeLogEntry } from '#domain/change-log.ts';
import type { RecordsModel } from '../model.ts';
import { changeTarget } from '../changes.ts';
import { dataset, siteUrl } from './dataset.ts';

export const changes = dataset<{ e: ChangeLogEntry; model: RecordsModel }>({
  id: 'changes',
  title: '公开记录修改日志',
  description: '对代表信息、议案建议、承诺事项等正式记录的每一次修改，由数据库自动记录：改了什么、何时改的。',
  kind: 'record',
  rowNoun: '一次字段修改',
  rowId: (r) => String(r.e.id),
  rows: (model) => model.changes.map((e) => ({ e, model })),
  columns: [
    { key: 'id', label: 'ID', type: 'integer', description: '日志编号（只增不改）。', get: (r) => r.e.id },
    { key: 'at', label: '修改时间', type: 'datetime', description: '修改时间（UTC）。', get: (r) => r.e.at },
    {
      key: 'entity_type',
      label: '记录类型',
      type: 'enum',
      codes: changeLogEntityTypeLabels,
      description: '被修改的记录类型。',
      get: (r) => r.e.entityType,
    },
    {
      key: 'entity_id',
      label: '记录ID',
      type: 'string',
      description: '被修改记录的编号。',
      get: (r) => r.e.entityId,
    },
    {
      key: 'field',
      label: '字段',
      type: 'string',
      description: '被修改的字段（英文字段名）。',
      get: (r) => r.e.field,
    },
    {
      key: 'old_value',
      label: '原值',
      type: 'string',
      description: '修改前的值（代码）。',
      get: (r) => r.e.oldValue,
    },
    {
      key: 'new_value',
      label: '新值',
      type: 'string',
      description: '修改后的值（代码）。',
      get: (r) => r.e.newValue,
    },
    { key: 'note', label: '说明', type: 'string', description: '修改说明。', get: (r) => r.e.note },
    {
      key: 'role',
      label: '确认角色',
      type: 'enum',
      codes: changeRoleLabels,
      description: '确认这次修改的工作人员角色（官方数字须由录入人以外的人确认；只记角色，不记姓名）。',
      get: (r) => r.e.role,
    },
    {
      key: 'url',
      label: '网址',
      type: 'url',
      description: '被修改记录的页面（如有）。',
      get: (r) => {
        const t = changeTarget(r.model, r.e);
        return t ? siteUrl(t.href) : null;
      },
    },
  ],
});
