import {
  activityTypeLabels,
  deputyLevelLabels,
  deputyLevels,
  type DeputyListing,
  type DutyActivity,
} from '#domain/deputies.ts';
import { dataset } from './dataset.ts';

const levelRank = new Map<string, number>(deputyLevels.map((level, i) => [level, i]));

export const dutyActivities = dataset<{ deputy: DeputyListing; activity: DutyActivity; n: number }>({
  id: 'duty-activities',
  title: '履职活动',
  description: '代表履职档案中的每项活动一行：日期、类型、天数和名称（闭会期间活动和会议）。',
  kind: 'record',
  rowNoun: '一项履职活动',
  // Activities carry no id of their own: the deputy and the activity's place in the dated record.
  rowId: (r) => `${r.deputy.id}-${r.n}`,
  rows: (model) =>
    model.deputies.flatMap((deputy) =>
      [...(model.activitiesByDeputy.get(deputy.id) ?? [])]
        .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.title.localeCompare(b.title))
        .map((activity, i) => ({ deputy, activity, n: i + 1 })),
    ),
  // One file per year and level of congress (newest year first): a whole city's activities are
  // about 100 MB, a year of them still about 20 MB, too close to the 25 MiB asset limit.
  partition: {
    by: '按年度和代表层级',
    key: (r) => `${r.activity.occurredOn.slice(0, 4)}-${r.deputy.level}`,
    label: (r) => `${r.activity.occurredOn.slice(0, 4)}年${deputyLevelLabels[r.deputy.level]}`,
    compare: (a, b) =>
      b.slice(0, 4).localeCompare(a.slice(0, 4)) ||
      (levelRank.get(a.slice(5)) ?? 9) - (levelRank.get(b.slice(5)) ?? 9),
  },
  columns: [
    { key: 'deputy_id', label: '代表ID', type: 'string', description: '代表编号。', get: (r) => r.deputy.id },
    { key: 'deputy', label: '代表', type: 'string', description: '代表姓名。', get: (r) => r.deputy.name },
    {
      key: 'occurred_on',
      label: '日期',
      type: 'date',
      description: '活动日期。',
      get: (r) => r.activity.occurredOn,
    },
    {
      key: 'type',
      label: '类型',
      type: 'enum',
      codes: activityTypeLabels,
      description: '列席、执法检查、视察、调研、小组活动、接待选民、培训等。',
      get: (r) => r.activity.type,
    },
    { key: 'days', label: '天数', type: 'number', description: '活动天数。', get: (r) => r.activity.days },
    { key: 'title', label: '名称', type: 'string', description: '活动名称。', get: (r) => r.activity.title },
  ],
});
