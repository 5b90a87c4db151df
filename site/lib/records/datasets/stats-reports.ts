import { deputyLevelLabels } from '#domain/deputies.ts';
import { type TermCoverageFact } from '../input-schemas.ts';
import { ratio } from '../stats.ts';
import { dataset } from './dataset.ts';

export const statsReports = dataset<TermCoverageFact>({
  id: 'stats-duty-reports',
  title: '代表履职报告覆盖情况（按届）',
  description: '每届一行：代表人数、已向原选区选民或原选举单位报告履职的人数和比例、报告形式和选民评议。',
  kind: 'statistic',
  rowNoun: '一届人大',
  rowId: (r) => r.termId,
  rows: (model) => model.termCoverage,
  columns: [
    { key: 'term_id', label: '届ID', type: 'string', description: '届的编号。', get: (r) => r.termId },
    {
      key: 'congress',
      label: '人大',
      type: 'string',
      description: '人民代表大会名称。',
      get: (r) => r.congressName,
    },
    { key: 'term_number', label: '届次', type: 'integer', description: '第几届。', get: (r) => r.termNumber },
    {
      key: 'level',
      label: '层级',
      type: 'enum',
      codes: deputyLevelLabels,
      description: '人大层级。',
      get: (r) => r.level,
    },
    {
      key: 'deputies',
      label: '代表人数',
      type: 'integer',
      description: '本届代表人数（含已离任）。',
      get: (r) => r.deputies,
    },
    {
      key: 'reported',
      label: '已报告人数',
      type: 'integer',
      description: '至少报告过一次履职的代表人数。',
      get: (r) => r.reported,
    },
    {
      key: 'coverage',
      label: '报告覆盖率',
      type: 'ratio',
      description: '已报告人数 ÷ 代表人数。',
      get: (r) => ratio(r.reported, r.deputies),
    },
    {
      key: 'reports',
      label: '报告次数',
      type: 'integer',
      description: '履职报告总数。',
      get: (r) => r.reports,
    },
    {
      key: 'meeting_reports',
      label: '会议述职次数',
      type: 'integer',
      description: '以会议形式口头报告的次数。',
      get: (r) => r.meetingReports,
    },
    {
      key: 'meeting_share',
      label: '会议述职比例',
      type: 'ratio',
      description: '会议述职次数 ÷ 报告次数（要求不低于 30%）。',
      get: (r) => ratio(r.meetingReports, r.reports),
    },
    {
      key: 'satisfied',
      label: '评议-满意',
      type: 'integer',
      description: '选民评议满意票合计。',
      get: (r) => r.satisfied,
    },
    {
      key: 'basically_satisfied',
      label: '评议-基本满意',
      type: 'integer',
      description: '选民评议基本满意票合计。',
      get: (r) => r.basicallySatisfied,
    },
    {
      key: 'dissatisfied',
      label: '评议-不满意',
      type: 'integer',
      description: '选民评议不满意票合计。',
      get: (r) => r.dissatisfied,
    },
  ],
});
