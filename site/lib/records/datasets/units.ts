import { handlingUnitKindLabels, type HandlingUnitRecord } from '#domain/units.ts';
import { dataset, siteUrl } from './dataset.ts';

export const units = dataset<HandlingUnitRecord>({
  id: 'handling-units',
  title: '承办单位',
  description: '承办议案建议的政府部门和单位。',
  kind: 'record',
  rowNoun: '一个承办单位',
  rowId: (u) => u.id,
  rows: (model) => model.units,
  columns: [
    { key: 'id', label: 'ID', type: 'string', description: '稳定编号。', get: (u) => u.id },
    { key: 'name', label: '名称', type: 'string', description: '单位名称。', get: (u) => u.name },
    {
      key: 'kind',
      label: '类别',
      type: 'enum',
      codes: handlingUnitKindLabels,
      description: '单位类别。',
      get: (u) => u.kind,
    },
    {
      key: 'url',
      label: '网址',
      type: 'url',
      description: '单位办理情况页面。',
      get: (u) => siteUrl(`/units/${u.id}/`),
    },
  ],
});
