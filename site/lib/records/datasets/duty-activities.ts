import {
  activityTypeLabels,
  deputyLevelLabels,
  deputyLevels,
  type DeputyListing,
  type DutyActivity,
} from '#domain/deputies.ts';
import { dutyActivitiesOfYear, dutyActivityYears } from '../../published.ts';
import { streamedDataset } from './dataset.ts';

type Row = { deputy: DeputyListing; activity: DutyActivity; n: number };

export const dutyActivities = streamedDataset<Row>({
  id: 'duty-activities',
  title: '履职活动',
  description: '代表履职档案中的每项活动一行：日期、类型、天数和名称（闭会期间活动和会议）。',
  kind: 'record',
  rowNoun: '一项履职活动',
  // One file per year and level of congress (newest year first, then by level): a whole city's
  // activities are about 100 MB, a year of them still about 20 MB, too close to the 25 MiB asset
  // limit. A year is read with its own query and dropped once its files are written, so a city's
  // 600,000 activities are never held at once. Within a part, deputies by id, each deputy's
  // activities by date; an activity is numbered by its place in the deputy's whole record.
  partitionedBy: '按年度和代表层级',
  parts: async function* (model) {
    for (const year of await dutyActivityYears()) {
      const byDeputy = await dutyActivitiesOfYear(year);
      for (const level of deputyLevels) {
        const rows: Row[] = model.deputies
          .filter((deputy) => deputy.level === level)
          .flatMap((deputy) =>
            (byDeputy.get(deputy.id) ?? []).map(({ activity, n }) => ({ deputy, activity, n })),
          );
        if (rows.length > 0)
          yield { key: `${year}-${level}`, label: `${year}年${deputyLevelLabels[level]}`, rows };
      }
    }
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
