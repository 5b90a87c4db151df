import {
  deputyLevelLabels,
  deputyStatusLabels,
  expertiseLabels,
  type DeputyListing,
} from '#domain/deputies.ts';
import { dataset, listNames, siteUrl } from './dataset.ts';

/**
 * Deputies, public fields only: what the profile shows about the person and the mandate. No
 * contact details (those are reached through the portal's forms), no photo path.
 */
export const deputies = dataset<DeputyListing>({
  id: 'deputies',
  title: '人大代表',
  description:
    '本平台收录的各级人大代表，每人一行：层级、届次、选举单位或选区、单位职务、专业领域和代表状态。不含联系方式。',
  kind: 'record',
  rowNoun: '一名代表',
  rowId: (d) => d.id,
  rows: (model) => model.deputies,
  columns: [
    { key: 'id', label: 'ID', type: 'string', description: '代表的稳定编号，用于网址。', get: (d) => d.id },
    { key: 'name', label: '姓名', type: 'string', description: '代表姓名。', get: (d) => d.name },
    {
      key: 'gender',
      label: '性别',
      type: 'enum',
      codes: { male: '男', female: '女' },
      description: '性别。',
      get: (d) => d.gender,
    },
    { key: 'ethnicity', label: '民族', type: 'string', description: '民族。', get: (d) => d.ethnicity },
    {
      key: 'birth_year',
      label: '出生年份',
      type: 'integer',
      description: '出生年份；未公开时为空。',
      get: (d) => d.birthYear,
    },
    {
      key: 'level',
      label: '层级',
      type: 'enum',
      codes: deputyLevelLabels,
      description: '代表所在人民代表大会的层级。',
      get: (d) => d.level,
    },
    {
      key: 'congress',
      label: '人民代表大会',
      type: 'string',
      description: '所属人民代表大会。',
      get: (d) => d.congressName,
    },
    { key: 'term_number', label: '届次', type: 'integer', description: '第几届。', get: (d) => d.termNumber },
    {
      key: 'electoral_unit',
      label: '选举单位或选区',
      type: 'string',
      description: '选出代表的选举单位（上三级）或选区（县乡两级）。',
      get: (d) => d.electoralUnit.name,
    },
    {
      key: 'unit_position',
      label: '单位职务',
      type: 'string',
      description: '代表的工作单位和职务。',
      get: (d) => d.unitPosition,
    },
    {
      key: 'expertise',
      label: '专业领域',
      type: 'string',
      description: '代表专业领域，多个时用顿号分隔。',
      get: (d) => listNames(d.expertise.map((e) => expertiseLabels[e])),
    },
    {
      key: 'groups',
      label: '代表小组',
      type: 'string',
      description: '所在代表小组，多个时用顿号分隔。',
      get: (d) => listNames(d.groups.map((g) => g.name)),
    },
    {
      key: 'station_ids',
      label: '联络站ID',
      type: 'string',
      description: '进驻的代表联络站编号，多个时用顿号分隔。',
      get: (d) => listNames(d.stationIds),
    },
    {
      key: 'status',
      label: '状态',
      type: 'enum',
      codes: deputyStatusLabels,
      description: '在任，或已辞职、被罢免、资格终止、去世。',
      get: (d) => d.status,
    },
    {
      key: 'status_since',
      label: '状态日期',
      type: 'date',
      description: '当前状态开始的日期。',
      get: (d) => d.statusSince,
    },
    {
      key: 'url',
      label: '网址',
      type: 'url',
      description: '代表的公开页面。',
      get: (d) => siteUrl(`/deputies/${d.id}/`),
    },
  ],
});
