/**
 * The open data: every list of the records pages as a dataset, defined once. The same column
 * definitions write the CSV, the JSON and the data dictionary (/data/), so the three agree.
 *
 * JSON carries codes (e.g. "basically_satisfied"); CSV carries the Chinese label of an enum
 * (e.g. 基本满意) because people open it in a spreadsheet; the dictionary lists both.
 */
import { deputyLevelLabels } from '#domain/deputies.ts';
import {
  roundModeLabels,
  type ProjectCandidateRecord,
  type ProjectMilestone,
  type ProjectRoundRecord,
} from '#domain/projects.ts';
import {
  assignmentRoleLabels,
  commitmentStatusLabels,
  resultClassLabels,
  satisfactionLabels,
  suggestionCategoryLabels,
  suggestionKindLabels,
  suggestionStatusLabels,
  type Commitment,
  type SuggestionAssignment,
  type SuggestionRating,
  type SuggestionRecord,
  type SuggestionReply,
} from '#domain/suggestions.ts';
import { changeLogEntityTypeLabels, type ChangeLogEntry } from '#domain/change-log.ts';
import { handlingUnitKindLabels, type HandlingUnitRecord } from '#domain/units.ts';
import type { CsvCell } from './csv.ts';
import { sessionLabel } from './format.ts';
import type { TermCoverageFact } from './input-schemas.ts';
import type { RecordsModel } from './model.ts';
import { ALL_SESSIONS, publishedStats } from './published-stats.ts';
import {
  activityDayBins,
  firstReplyOn,
  isCommitmentOverdue,
  leadAssignment,
  ratio,
  replyTiming,
  wasSentBack,
  type ActivityDistribution,
  type OpinionYear,
  type SuggestionSummary,
  type UnitScorecard,
} from './stats.ts';
import { changeTarget } from './changes.ts';

export type Value = string | number | boolean | null;

export const replyTimingLabels: Record<string, string> = {
  on_time: '按期答复',
  late: '逾期后答复',
  overdue: '逾期未答复',
  pending: '未到期',
};

export type ColumnType =
  'string' | 'text' | 'integer' | 'number' | 'ratio' | 'date' | 'datetime' | 'boolean' | 'enum' | 'url';

export const columnTypeLabels: Record<ColumnType, string> = {
  string: '文本',
  text: '长文本（可能含换行）',
  integer: '整数',
  number: '数值',
  ratio: '比例（0–1，保留 4 位小数）',
  date: '日期（YYYY-MM-DD，北京时间）',
  datetime: '时间（ISO 8601，UTC）',
  boolean: '是/否（JSON 为 true/false）',
  enum: '代码（CSV 为中文名称）',
  url: '网址',
};

export interface Column<Row> {
  /** JSON key; stable, never renamed. */
  key: string;
  /** CSV header and dictionary name. */
  label: string;
  type: ColumnType;
  description: string;
  /** Enum codes and their labels; CSV prints the label unless csvCode is set. */
  codes?: Record<string, string>;
  csvCode?: boolean;
  get: (row: Row) => Value;
}

export interface DatasetInfo {
  id: string;
  title: string;
  description: string;
  /** Records are official records (tracked in the snapshot changelog); statistics are derived. */
  kind: 'record' | 'statistic';
  /** What one row is. */
  rowNoun: string;
  columns: Omit<Column<never>, 'get'>[];
}

export interface MaterializedDataset {
  info: DatasetInfo;
  /** One JSON object per row, keyed by column key. */
  records: Record<string, Value>[];
  /** Stable id of each row (record datasets), in the same order. */
  ids: string[];
  csvHeader: string[];
  csvRows: CsvCell[][];
}

interface DatasetDefinition<Row> {
  id: string;
  title: string;
  description: string;
  kind: 'record' | 'statistic';
  rowNoun: string;
  columns: Column<Row>[];
  rowId: (row: Row) => string;
  rows: (model: RecordsModel) => Row[];
}

/** Erases the row type once the definition has type-checked against it. */
function dataset<Row>(def: DatasetDefinition<Row>): (model: RecordsModel) => MaterializedDataset {
  const info: DatasetInfo = {
    id: def.id,
    title: def.title,
    description: def.description,
    kind: def.kind,
    rowNoun: def.rowNoun,
    columns: def.columns.map((c) => ({
      key: c.key,
      label: c.label,
      type: c.type,
      description: c.description,
      ...(c.codes ? { codes: c.codes } : {}),
      ...(c.csvCode ? { csvCode: c.csvCode } : {}),
    })),
  };
  return (model) => {
    const rows = def.rows(model);
    const records = rows.map((row) => Object.fromEntries(def.columns.map((c) => [c.key, c.get(row)])));
    const csvRows = records.map((record) =>
      def.columns.map((c) => {
        const v = record[c.key] ?? null;
        return c.codes && !c.csvCode && typeof v === 'string' ? (c.codes[v] ?? v) : v;
      }),
    );
    return { info, records, ids: rows.map(def.rowId), csvHeader: def.columns.map((c) => c.label), csvRows };
  };
}

const siteUrl = (path: string): string => new URL(path, import.meta.env.SITE ?? 'http://localhost:8787').href;
const listNames = (names: string[]): string => names.join('、');

function summaryColumns<Row>(pick: (row: Row) => SuggestionSummary): Column<Row>[] {
  return [
    {
      key: 'items',
      label: '件数',
      type: 'integer',
      description: '议案和建议的件数。',
      get: (r) => pick(r).items,
    },
    {
      key: 'motions',
      label: '议案件数',
      type: 'integer',
      description: '其中议案件数。',
      get: (r) => pick(r).motions,
    },
    {
      key: 'classified',
      label: '已答复件数',
      type: 'integer',
      description: '已有办理结果（A/B/C）的件数，是结果比例的分母。',
      get: (r) => pick(r).classified,
    },
    {
      key: 'class_a',
      label: 'A类件数',
      type: 'integer',
      description: resultClassLabels.A,
      get: (r) => pick(r).classes.A,
    },
    {
      key: 'class_b',
      label: 'B类件数',
      type: 'integer',
      description: resultClassLabels.B,
      get: (r) => pick(r).classes.B,
    },
    {
      key: 'class_c',
      label: 'C类件数',
      type: 'integer',
      description: resultClassLabels.C,
      get: (r) => pick(r).classes.C,
    },
    {
      key: 'share_a',
      label: 'A类占比',
      type: 'ratio',
      description: '已解决或正在解决的比例 = A类件数 ÷ 已答复件数。',
      get: (r) => pick(r).shareA,
    },
    {
      key: 'share_b',
      label: 'B类占比',
      type: 'ratio',
      description: 'B类件数 ÷ 已答复件数。',
      get: (r) => pick(r).shareB,
    },
    {
      key: 'share_c',
      label: 'C类占比',
      type: 'ratio',
      description: 'C类件数 ÷ 已答复件数。',
      get: (r) => pick(r).shareC,
    },
    {
      key: 'rated',
      label: '已测评件数',
      type: 'integer',
      description: '代表已作满意度测评的件数（按最近一次测评）。',
      get: (r) => pick(r).rated,
    },
    {
      key: 'satisfied',
      label: '满意',
      type: 'integer',
      description: '最近一次测评为满意的件数。',
      get: (r) => pick(r).satisfaction.satisfied,
    },
    {
      key: 'basically_satisfied',
      label: '基本满意',
      type: 'integer',
      description: '最近一次测评为基本满意的件数。',
      get: (r) => pick(r).satisfaction.basically_satisfied,
    },
    {
      key: 'dissatisfied',
      label: '不满意',
      type: 'integer',
      description: '最近一次测评为不满意的件数。',
      get: (r) => pick(r).satisfaction.dissatisfied,
    },
    {
      key: 'satisfied_share',
      label: '满意和基本满意占比',
      type: 'ratio',
      description: '(满意 + 基本满意) ÷ 已测评件数。',
      get: (r) => pick(r).satisfiedShare,
    },
    {
      key: 'on_time',
      label: '按期答复',
      type: 'integer',
      description: '主办单位首次答复不晚于答复期限的件数。',
      get: (r) => pick(r).timing.onTime,
    },
    {
      key: 'late',
      label: '逾期后答复',
      type: 'integer',
      description: '主办单位首次答复晚于期限的件数。',
      get: (r) => pick(r).timing.late,
    },
    {
      key: 'overdue',
      label: '逾期未答复',
      type: 'integer',
      description: '已过期限、主办单位尚未答复的件数。',
      get: (r) => pick(r).timing.overdue,
    },
    {
      key: 'pending',
      label: '未到期未答复',
      type: 'integer',
      description: '尚未到期、也未答复的件数（不计入按期率）。',
      get: (r) => pick(r).timing.pending,
    },
    {
      key: 'on_time_rate',
      label: '按期答复率',
      type: 'ratio',
      description: '按期答复 ÷ (按期答复 + 逾期后答复 + 逾期未答复)。',
      get: (r) => pick(r).timing.onTimeRate,
    },
    {
      key: 'sent_back',
      label: '不满意重办件数',
      type: 'integer',
      description: '曾被测评为不满意、退回重新办理的件数。',
      get: (r) => pick(r).sentBack,
    },
    {
      key: 'key_supervised',
      label: '重点督办件数',
      type: 'integer',
      description: '由领导重点督办的件数。',
      get: (r) => pick(r).keySupervised,
    },
    {
      key: 'commitments',
      label: '承诺事项',
      type: 'integer',
      description: '答复中作出的承诺事项数。',
      get: (r) => pick(r).commitments.total,
    },
    {
      key: 'commitments_kept',
      label: '承诺已兑现',
      type: 'integer',
      description: '已兑现的承诺事项数。',
      get: (r) => pick(r).commitments.kept,
    },
    {
      key: 'commitments_overdue',
      label: '承诺逾期',
      type: 'integer',
      description: '仍在跟进且已过兑现期限的承诺事项数。',
      get: (r) => pick(r).commitments.overdue,
    },
  ];
}

function sessionIdColumn<Row extends { sessionId: string }>(): Column<Row>[] {
  return [
    {
      key: 'session_id',
      label: '会议ID',
      type: 'string',
      description: `会议编号；“${ALL_SESSIONS}”表示全部会议合计。`,
      get: (r) => r.sessionId,
    },
  ];
}

// ---- Record datasets --------------------------------------------------------------------

const suggestions = dataset<{ item: SuggestionRecord; model: RecordsModel }>({
  id: 'suggestions',
  title: '议案和建议',
  description: '每件议案、建议一行：提出、交办、答复、测评和承诺的当前情况。',
  kind: 'record',
  rowNoun: '一件议案或建议',
  rowId: (r) => r.item.id,
  rows: (model) => model.items.map((item) => ({ item, model })),
  columns: [
    {
      key: 'id',
      label: 'ID',
      type: 'string',
      description: '稳定编号，用于网址，不会重复使用。',
      get: (r) => r.item.id,
    },
    {
      key: 'session_id',
      label: '会议ID',
      type: 'string',
      description: '提出时所在会议的编号。',
      get: (r) => r.item.sessionId,
    },
    {
      key: 'session',
      label: '会议',
      type: 'string',
      description: '会议全称。',
      get: (r) => r.model.sessionName(r.item.sessionId),
    },
    {
      key: 'kind',
      label: '类型',
      type: 'enum',
      codes: suggestionKindLabels,
      description: '议案或建议（建议、批评和意见）。',
      get: (r) => r.item.kind,
    },
    {
      key: 'number',
      label: '序号',
      type: 'integer',
      description: '本次会议同类中的编号。',
      get: (r) => r.item.number,
    },
    { key: 'title', label: '标题', type: 'string', description: '案由。', get: (r) => r.item.title },
    {
      key: 'category',
      label: '领域',
      type: 'enum',
      codes: suggestionCategoryLabels,
      description: '内容所属领域。',
      get: (r) => r.item.category,
    },
    {
      key: 'lead_deputy_id',
      label: '领衔代表ID',
      type: 'string',
      description: '领衔代表的编号（代表页面 /deputies/<ID>/）。',
      get: (r) => r.item.leadDeputy.id,
    },
    {
      key: 'lead_deputy',
      label: '领衔代表',
      type: 'string',
      description: '领衔代表姓名。',
      get: (r) => r.item.leadDeputy.name,
    },
    {
      key: 'cosigners',
      label: '附议代表',
      type: 'string',
      description: '附议代表姓名，以“、”分隔。',
      get: (r) => listNames(r.item.cosigners.map((c) => c.name)),
    },
    {
      key: 'cosigner_count',
      label: '附议人数',
      type: 'integer',
      description: '附议代表人数。',
      get: (r) => r.item.cosigners.length,
    },
    {
      key: 'filed_on',
      label: '提出日期',
      type: 'date',
      description: '代表提出的日期。',
      get: (r) => r.item.filedOn,
    },
    {
      key: 'lead_unit_id',
      label: '主办单位ID',
      type: 'string',
      description: '主办单位编号；未交办时为空。',
      get: (r) => leadAssignment(r.item)?.unitId ?? null,
    },
    {
      key: 'lead_unit',
      label: '主办单位',
      type: 'string',
      description: '主办单位名称。',
      get: (r) => {
        const a = leadAssignment(r.item);
        return a ? r.model.unitName(a.unitId) : null;
      },
    },
    {
      key: 'co_units',
      label: '协办单位',
      type: 'string',
      description: '协办单位名称，以“、”分隔。',
      get: (r) =>
        listNames(r.item.assignments.filter((a) => a.role === 'co').map((a) => r.model.unitName(a.unitId))),
    },
    {
      key: 'assigned_on',
      label: '交办日期',
      type: 'date',
      description: '交办给主办单位的日期。',
      get: (r) => leadAssignment(r.item)?.assignedOn ?? null,
    },
    {
      key: 'due_on',
      label: '答复期限',
      type: 'date',
      description: '主办单位的答复期限。',
      get: (r) => leadAssignment(r.item)?.dueOn ?? null,
    },
    {
      key: 'first_reply_on',
      label: '首次答复日期',
      type: 'date',
      description: '主办单位第一次答复的日期。',
      get: (r) => {
        const a = leadAssignment(r.item);
        return a ? firstReplyOn(r.item, a.unitId) : null;
      },
    },
    {
      key: 'reply_timing',
      label: '答复时效',
      type: 'enum',
      codes: replyTimingLabels,
      description: '主办单位首次答复与期限相比（按发布时的统计日期判断）。',
      get: (r) => {
        const a = leadAssignment(r.item);
        return a ? replyTiming(r.item, a, r.model.asOf) : null;
      },
    },
    {
      key: 'status',
      label: '办理状态',
      type: 'enum',
      codes: suggestionStatusLabels,
      description: '当前办理状态。',
      get: (r) => r.item.status,
    },
    {
      key: 'result_class',
      label: '办理结果',
      type: 'enum',
      codes: resultClassLabels,
      csvCode: true,
      description: '最近一次答复的结果分类（A/B/C）；未答复为空。',
      get: (r) => r.item.resultClass,
    },
    {
      key: 'satisfaction',
      label: '代表满意度',
      type: 'enum',
      codes: satisfactionLabels,
      description: '代表最近一次测评结果；未测评为空。',
      get: (r) => r.item.satisfaction,
    },
    {
      key: 'reply_rounds',
      label: '答复轮次',
      type: 'integer',
      description: '答复的最大轮次（重新办理后增加）。',
      get: (r) => Math.max(0, ...r.item.replies.map((x) => x.round)),
    },
    {
      key: 'sent_back',
      label: '曾不满意重办',
      type: 'boolean',
      description: '是否曾被测评为不满意并退回重新办理。',
      get: (r) => wasSentBack(r.item),
    },
    {
      key: 'key_supervision_leader',
      label: '重点督办领导',
      type: 'string',
      description: '重点督办的领导；非重点督办为空。',
      get: (r) => r.item.keySupervisionLeader,
    },
    {
      key: 'commitments',
      label: '承诺事项数',
      type: 'integer',
      description: '答复中作出的承诺事项数。',
      get: (r) => r.item.commitments.length,
    },
    {
      key: 'commitments_overdue',
      label: '逾期承诺数',
      type: 'integer',
      description: '仍在跟进且已过兑现期限的承诺数。',
      get: (r) => r.item.commitments.filter((c) => isCommitmentOverdue(c, r.model.asOf)).length,
    },
    { key: 'body', label: '正文', type: 'text', description: '议案、建议正文。', get: (r) => r.item.body },
    {
      key: 'url',
      label: '网址',
      type: 'url',
      description: '本件的页面。',
      get: (r) => siteUrl(`/suggestions/${r.item.id}/`),
    },
  ],
});

const assignments = dataset<{ item: SuggestionRecord; a: SuggestionAssignment; model: RecordsModel }>({
  id: 'suggestion-assignments',
  title: '交办记录',
  description: '每件议案建议交给每个承办单位（主办、协办）一行，含答复期限和首次答复日期。',
  kind: 'record',
  rowNoun: '一件议案建议交给一个承办单位',
  rowId: (r) => `${r.item.id}/${r.a.unitId}`,
  rows: (model) => model.items.flatMap((item) => item.assignments.map((a) => ({ item, a, model }))),
  columns: [
    {
      key: 'suggestion_id',
      label: '议案建议ID',
      type: 'string',
      description: '所属议案建议。',
      get: (r) => r.item.id,
    },
    {
      key: 'unit_id',
      label: '承办单位ID',
      type: 'string',
      description: '承办单位编号。',
      get: (r) => r.a.unitId,
    },
    {
      key: 'unit',
      label: '承办单位',
      type: 'string',
      description: '承办单位名称。',
      get: (r) => r.model.unitName(r.a.unitId),
    },
    {
      key: 'role',
      label: '承办方式',
      type: 'enum',
      codes: assignmentRoleLabels,
      description: '主办或协办。',
      get: (r) => r.a.role,
    },
    {
      key: 'assigned_on',
      label: '交办日期',
      type: 'date',
      description: '交办日期。',
      get: (r) => r.a.assignedOn,
    },
    {
      key: 'due_on',
      label: '答复期限',
      type: 'date',
      description: '该单位的答复期限。',
      get: (r) => r.a.dueOn,
    },
    {
      key: 'first_reply_on',
      label: '首次答复日期',
      type: 'date',
      description: '该单位第一次答复的日期。',
      get: (r) => firstReplyOn(r.item, r.a.unitId),
    },
    {
      key: 'reply_timing',
      label: '答复时效',
      type: 'enum',
      codes: replyTimingLabels,
      description: '首次答复与期限相比。',
      get: (r) => replyTiming(r.item, r.a, r.model.asOf),
    },
  ],
});

const replies = dataset<{ item: SuggestionRecord; reply: SuggestionReply; model: RecordsModel }>({
  id: 'suggestion-replies',
  title: '答复',
  description: '每一版答复一行：第 1 轮为首次办理，第 2 轮起为代表不满意后的重新办理。',
  kind: 'record',
  rowNoun: '一版答复',
  rowId: (r) => String(r.reply.id),
  rows: (model) => model.items.flatMap((item) => item.replies.map((reply) => ({ item, reply, model }))),
  columns: [
    { key: 'id', label: 'ID', type: 'integer', description: '答复的稳定编号。', get: (r) => r.reply.id },
    {
      key: 'suggestion_id',
      label: '议案建议ID',
      type: 'string',
      description: '所属议案建议。',
      get: (r) => r.item.id,
    },
    {
      key: 'suggestion_title',
      label: '议案建议标题',
      type: 'string',
      description: '所属议案建议的标题。',
      get: (r) => r.item.title,
    },
    {
      key: 'unit_id',
      label: '承办单位ID',
      type: 'string',
      description: '答复单位编号。',
      get: (r) => r.reply.unitId,
    },
    {
      key: 'unit',
      label: '承办单位',
      type: 'string',
      description: '答复单位名称。',
      get: (r) => r.model.unitName(r.reply.unitId),
    },
    { key: 'round', label: '轮次', type: 'integer', description: '办理轮次。', get: (r) => r.reply.round },
    {
      key: 'replied_on',
      label: '答复日期',
      type: 'date',
      description: '答复日期。',
      get: (r) => r.reply.repliedOn,
    },
    {
      key: 'result_class',
      label: '办理结果',
      type: 'enum',
      codes: resultClassLabels,
      csvCode: true,
      description: '结果分类；协办单位的意见可能不分类（为空）。',
      get: (r) => r.reply.resultClass,
    },
    { key: 'body', label: '答复内容', type: 'text', description: '答复全文。', get: (r) => r.reply.body },
    {
      key: 'url',
      label: '网址',
      type: 'url',
      description: '该答复在议案建议页面上的位置。',
      get: (r) => siteUrl(`/suggestions/${r.item.id}/#reply-${r.reply.id}`),
    },
  ],
});

const ratings = dataset<{ item: SuggestionRecord; rating: SuggestionRating }>({
  id: 'suggestion-ratings',
  title: '满意度测评',
  description: '代表对每一轮答复的满意度测评，一轮一行。',
  kind: 'record',
  rowNoun: '一件议案建议的一轮测评',
  rowId: (r) => `${r.item.id}/${r.rating.round}`,
  rows: (model) => model.items.flatMap((item) => item.ratings.map((rating) => ({ item, rating }))),
  columns: [
    {
      key: 'suggestion_id',
      label: '议案建议ID',
      type: 'string',
      description: '所属议案建议。',
      get: (r) => r.item.id,
    },
    {
      key: 'round',
      label: '轮次',
      type: 'integer',
      description: '对第几轮答复的测评。',
      get: (r) => r.rating.round,
    },
    {
      key: 'rated_on',
      label: '测评日期',
      type: 'date',
      description: '测评日期。',
      get: (r) => r.rating.ratedOn,
    },
    {
      key: 'satisfaction',
      label: '满意度',
      type: 'enum',
      codes: satisfactionLabels,
      description: '测评结果；不满意的退回重新办理。',
      get: (r) => r.rating.satisfaction,
    },
  ],
});

const commitments = dataset<{ item: SuggestionRecord; c: Commitment; model: RecordsModel }>({
  id: 'commitments',
  title: '承诺事项台账',
  description: '答复中作出的每项承诺一行，跟踪到兑现为止。',
  kind: 'record',
  rowNoun: '一项承诺',
  rowId: (r) => r.c.id,
  rows: (model) => model.items.flatMap((item) => item.commitments.map((c) => ({ item, c, model }))),
  columns: [
    { key: 'id', label: 'ID', type: 'string', description: '承诺的稳定编号。', get: (r) => r.c.id },
    {
      key: 'suggestion_id',
      label: '议案建议ID',
      type: 'string',
      description: '所属议案建议。',
      get: (r) => r.item.id,
    },
    {
      key: 'suggestion_title',
      label: '议案建议标题',
      type: 'string',
      description: '所属议案建议的标题。',
      get: (r) => r.item.title,
    },
    {
      key: 'unit_id',
      label: '承办单位ID',
      type: 'string',
      description: '作出承诺的单位编号。',
      get: (r) => r.c.unitId,
    },
    {
      key: 'unit',
      label: '承办单位',
      type: 'string',
      description: '作出承诺的单位。',
      get: (r) => r.model.unitName(r.c.unitId),
    },
    {
      key: 'description',
      label: '承诺内容',
      type: 'text',
      description: '承诺做什么。',
      get: (r) => r.c.description,
    },
    {
      key: 'due_on',
      label: '兑现期限',
      type: 'date',
      description: '承诺兑现的期限。',
      get: (r) => r.c.dueOn,
    },
    {
      key: 'status',
      label: '状态',
      type: 'enum',
      codes: commitmentStatusLabels,
      description: '跟进中、已兑现或未兑现（已说明原因）。',
      get: (r) => r.c.status,
    },
    {
      key: 'kept_on',
      label: '兑现日期',
      type: 'date',
      description: '兑现日期；未兑现为空。',
      get: (r) => r.c.keptOn,
    },
    {
      key: 'evidence',
      label: '兑现依据或原因',
      type: 'text',
      description: '兑现的依据，或未兑现的原因。',
      get: (r) => r.c.evidence,
    },
    {
      key: 'overdue',
      label: '是否逾期',
      type: 'boolean',
      description: '仍在跟进且已过期限。',
      get: (r) => isCommitmentOverdue(r.c, r.model.asOf),
    },
    {
      key: 'url',
      label: '网址',
      type: 'url',
      description: '该承诺在议案建议页面上的位置。',
      get: (r) => siteUrl(`/suggestions/${r.item.id}/#commitment-${r.c.id}`),
    },
  ],
});

const units = dataset<HandlingUnitRecord>({
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

function phaseTime(round: ProjectRoundRecord, phase: string, end: 'startsAt' | 'endsAt'): string | null {
  return round.phases.find((p) => p.phase === phase)?.[end] ?? null;
}

const rounds = dataset<{ round: ProjectRoundRecord; model: RecordsModel }>({
  id: 'project-rounds',
  title: '民生实事项目年度票决',
  description: '每年一轮：群众投票（参考）和代表票决的时间与结果概况。',
  kind: 'record',
  rowNoun: '一个年度',
  rowId: (r) => String(r.round.year),
  rows: (model) => model.rounds.map((round) => ({ round, model })),
  columns: [
    { key: 'year', label: '年度', type: 'integer', description: '年度。', get: (r) => r.round.year },
    { key: 'title', label: '名称', type: 'string', description: '本轮名称。', get: (r) => r.round.title },
    {
      key: 'mode',
      label: '群众投票方式',
      type: 'enum',
      codes: roundModeLabels,
      description: '凭投票码或公开投票。',
      get: (r) => r.round.mode,
    },
    {
      key: 'max_choices',
      label: '每票最多可选',
      type: 'integer',
      description: '每张群众选票最多可选的项目数。',
      get: (r) => r.round.maxChoices,
    },
    {
      key: 'public_voting_starts_at',
      label: '群众投票开始',
      type: 'datetime',
      description: '群众投票开始时间。',
      get: (r) => phaseTime(r.round, 'public_voting', 'startsAt'),
    },
    {
      key: 'public_voting_ends_at',
      label: '群众投票结束',
      type: 'datetime',
      description: '群众投票结束时间。',
      get: (r) => phaseTime(r.round, 'public_voting', 'endsAt'),
    },
    {
      key: 'deputies_voting_starts_at',
      label: '代表票决开始',
      type: 'datetime',
      description: '代表票决开始时间。',
      get: (r) => phaseTime(r.round, 'deputies_voting', 'startsAt'),
    },
    {
      key: 'candidates',
      label: '候选项目数',
      type: 'integer',
      description: '候选项目个数。',
      get: (r) => r.model.candidatesByRound.get(r.round.year)?.length ?? 0,
    },
    {
      key: 'adopted',
      label: '票决通过数',
      type: 'integer',
      description: '代表票决通过的项目个数。',
      get: (r) =>
        (r.model.candidatesByRound.get(r.round.year) ?? []).filter((c) => c.adopted === true).length,
    },
    {
      key: 'url',
      label: '网址',
      type: 'url',
      description: '本轮页面。',
      get: (r) => siteUrl(`/projects/${r.round.year}/`),
    },
  ],
});

function progressOf(c: ProjectCandidateRecord): number | null {
  if (c.milestones.length === 0) return null;
  return Math.max(...c.milestones.map((m) => m.progressPercent));
}

const candidates = dataset<{ c: ProjectCandidateRecord; model: RecordsModel }>({
  id: 'project-candidates',
  title: '民生实事候选项目',
  description: '每个候选项目一行：群众投票（参考性，按渠道）与代表票决（决定性）并列，以及实施和评估情况。',
  kind: 'record',
  rowNoun: '一个候选项目',
  rowId: (r) => r.c.id,
  rows: (model) => model.candidates.map((c) => ({ c, model })),
  columns: [
    { key: 'id', label: 'ID', type: 'string', description: '稳定编号。', get: (r) => r.c.id },
    { key: 'year', label: '年度', type: 'integer', description: '所属年度。', get: (r) => r.c.roundYear },
    { key: 'title', label: '项目名称', type: 'string', description: '项目名称。', get: (r) => r.c.title },
    {
      key: 'department_id',
      label: '责任单位ID',
      type: 'string',
      description: '责任单位编号。',
      get: (r) => r.c.departmentId,
    },
    {
      key: 'department',
      label: '责任单位',
      type: 'string',
      description: '责任单位名称。',
      get: (r) => (r.c.departmentId ? r.model.unitName(r.c.departmentId) : null),
    },
    {
      key: 'budget_yuan',
      label: '预算（元）',
      type: 'integer',
      description: '预算金额，单位：元。',
      get: (r) => r.c.budgetYuan,
    },
    {
      key: 'votes_online',
      label: '群众票-网上',
      type: 'integer',
      description: '群众投票（参考性）网上渠道票数，发布时的数字。',
      get: (r) => r.c.advisoryVotes.online,
    },
    {
      key: 'votes_station',
      label: '群众票-联络站',
      type: 'integer',
      description: '群众投票（参考性）联络站现场票数。',
      get: (r) => r.c.advisoryVotes.station,
    },
    {
      key: 'votes_paper',
      label: '群众票-纸质',
      type: 'integer',
      description: '群众投票（参考性）纸质选票票数。',
      get: (r) => r.c.advisoryVotes.paper,
    },
    {
      key: 'votes_total',
      label: '群众票-合计',
      type: 'integer',
      description: '三个渠道合计。',
      get: (r) => r.c.advisoryVotes.online + r.c.advisoryVotes.station + r.c.advisoryVotes.paper,
    },
    {
      key: 'deputies_for',
      label: '代表赞成',
      type: 'integer',
      description: '代表票决赞成票；尚未票决为空。',
      get: (r) => r.c.deputiesVote?.for ?? null,
    },
    {
      key: 'deputies_against',
      label: '代表反对',
      type: 'integer',
      description: '代表票决反对票。',
      get: (r) => r.c.deputiesVote?.against ?? null,
    },
    {
      key: 'deputies_abstain',
      label: '代表弃权',
      type: 'integer',
      description: '代表票决弃权票。',
      get: (r) => r.c.deputiesVote?.abstain ?? null,
    },
    {
      key: 'adopted',
      label: '是否通过',
      type: 'boolean',
      description: '代表票决是否通过；尚未票决为空。',
      get: (r) => r.c.adopted,
    },
    {
      key: 'milestones',
      label: '节点数',
      type: 'integer',
      description: '实施节点个数。',
      get: (r) => r.c.milestones.length,
    },
    {
      key: 'milestones_done',
      label: '已完成节点',
      type: 'integer',
      description: '已完成的实施节点个数。',
      get: (r) => r.c.milestones.filter((m) => m.doneOn !== null).length,
    },
    {
      key: 'progress_percent',
      label: '进度（%）',
      type: 'integer',
      description: '各节点中最大的进度百分比；无节点为空。',
      get: (r) => progressOf(r.c),
    },
    {
      key: 'evaluated_on',
      label: '评估日期',
      type: 'date',
      description: '年终评估日期。',
      get: (r) => r.c.evaluation?.evaluatedOn ?? null,
    },
    {
      key: 'evaluation_satisfied',
      label: '评估-满意',
      type: 'integer',
      description: '年终评估满意票。',
      get: (r) => r.c.evaluation?.satisfied ?? null,
    },
    {
      key: 'evaluation_basically_satisfied',
      label: '评估-基本满意',
      type: 'integer',
      description: '年终评估基本满意票。',
      get: (r) => r.c.evaluation?.basicallySatisfied ?? null,
    },
    {
      key: 'evaluation_dissatisfied',
      label: '评估-不满意',
      type: 'integer',
      description: '年终评估不满意票。',
      get: (r) => r.c.evaluation?.dissatisfied ?? null,
    },
    {
      key: 'description',
      label: '项目说明',
      type: 'text',
      description: '项目内容。',
      get: (r) => r.c.description,
    },
    {
      key: 'url',
      label: '网址',
      type: 'url',
      description: '项目页面。',
      get: (r) => siteUrl(`/projects/${r.c.roundYear}/${r.c.id}/`),
    },
  ],
});

const milestones = dataset<{ c: ProjectCandidateRecord; m: ProjectMilestone; model: RecordsModel }>({
  id: 'project-milestones',
  title: '民生实事项目实施节点',
  description: '已通过项目的实施节点和进度，一个节点一行。',
  kind: 'record',
  rowNoun: '一个实施节点',
  rowId: (r) => String(r.m.id),
  rows: (model) => model.candidates.flatMap((c) => c.milestones.map((m) => ({ c, m, model }))),
  columns: [
    { key: 'id', label: 'ID', type: 'integer', description: '节点的稳定编号。', get: (r) => r.m.id },
    { key: 'candidate_id', label: '项目ID', type: 'string', description: '所属项目。', get: (r) => r.c.id },
    {
      key: 'candidate_title',
      label: '项目名称',
      type: 'string',
      description: '所属项目名称。',
      get: (r) => r.c.title,
    },
    { key: 'year', label: '年度', type: 'integer', description: '所属年度。', get: (r) => r.c.roundYear },
    { key: 'title', label: '节点', type: 'string', description: '节点内容。', get: (r) => r.m.title },
    { key: 'due_on', label: '计划完成', type: 'date', description: '计划完成日期。', get: (r) => r.m.dueOn },
    {
      key: 'done_on',
      label: '实际完成',
      type: 'date',
      description: '实际完成日期；未完成为空。',
      get: (r) => r.m.doneOn,
    },
    {
      key: 'progress_percent',
      label: '进度（%）',
      type: 'integer',
      description: '进度百分比。',
      get: (r) => r.m.progressPercent,
    },
    {
      key: 'late',
      label: '是否延期',
      type: 'boolean',
      description: '晚于计划完成，或已过计划日期仍未完成。',
      get: (r) => (r.m.doneOn ? r.m.doneOn > r.m.dueOn : r.m.dueOn < r.model.asOf),
    },
    { key: 'note', label: '说明', type: 'text', description: '进展说明。', get: (r) => r.m.note },
  ],
});

const changes = dataset<{ e: ChangeLogEntry; model: RecordsModel }>({
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

// ---- Statistics datasets ----------------------------------------------------------------

const statsSessions = dataset<{ sessionId: string; name: string; s: SuggestionSummary }>({
  id: 'stats-sessions',
  title: '议案建议办理统计（按会议）',
  description: '每次会议一行，另有一行为全部会议合计（会议ID 为 all）。',
  kind: 'statistic',
  rowNoun: '一次会议（或全部合计）',
  rowId: (r) => r.sessionId,
  rows: (model) => {
    const stats = publishedStats(model);
    return [
      ...model.sessions.map((s) => ({
        sessionId: s.id,
        name: sessionLabel(s),
        s: stats.bySession.get(s.id) ?? stats.overall,
      })),
      { sessionId: ALL_SESSIONS, name: '全部会议合计', s: stats.overall },
    ];
  },
  columns: [
    ...sessionIdColumn<{ sessionId: string; name: string; s: SuggestionSummary }>(),
    { key: 'session', label: '会议', type: 'string', description: '会议全称。', get: (r) => r.name },
    ...summaryColumns<{ sessionId: string; name: string; s: SuggestionSummary }>((r) => r.s),
  ],
});

type UnitRow = { sessionId: string; unitId: string; unitName: string; u: UnitScorecard };

const statsUnits = dataset<UnitRow>({
  id: 'stats-units',
  title: '承办单位办理情况',
  description:
    '每个承办单位在每次会议一行，另有全部会议合计（会议ID 为 all）。主办、协办的交办都计入按期率；结果、满意度只计其主办的件。',
  kind: 'statistic',
  rowNoun: '一个承办单位在一次会议（或全部合计）',
  rowId: (r) => `${r.sessionId}/${r.unitId}`,
  rows: (model) => {
    const stats = publishedStats(model);
    const out: UnitRow[] = [];
    for (const sessionId of [ALL_SESSIONS, ...model.sessions.map((s) => s.id)]) {
      for (const [unitId, u] of stats.unitCards.get(sessionId) ?? []) {
        out.push({ sessionId, unitId, unitName: model.unitName(unitId), u });
      }
    }
    return out;
  },
  columns: [
    ...sessionIdColumn<UnitRow>(),
    {
      key: 'unit_id',
      label: '承办单位ID',
      type: 'string',
      description: '承办单位编号。',
      get: (r) => r.unitId,
    },
    { key: 'unit', label: '承办单位', type: 'string', description: '承办单位名称。', get: (r) => r.unitName },
    {
      key: 'assigned',
      label: '承办件数',
      type: 'integer',
      description: '交办给该单位的件数（主办 + 协办）。',
      get: (r) => r.u.assigned,
    },
    { key: 'as_lead', label: '主办件数', type: 'integer', description: '主办件数。', get: (r) => r.u.asLead },
    { key: 'as_co', label: '协办件数', type: 'integer', description: '协办件数。', get: (r) => r.u.asCo },
    {
      key: 'on_time',
      label: '按期答复',
      type: 'integer',
      description: '首次答复不晚于期限的交办数。',
      get: (r) => r.u.timing.onTime,
    },
    {
      key: 'late',
      label: '逾期后答复',
      type: 'integer',
      description: '首次答复晚于期限的交办数。',
      get: (r) => r.u.timing.late,
    },
    {
      key: 'overdue',
      label: '逾期未答复',
      type: 'integer',
      description: '已过期限仍未答复的交办数。',
      get: (r) => r.u.timing.overdue,
    },
    {
      key: 'pending',
      label: '未到期未答复',
      type: 'integer',
      description: '未到期也未答复（不计入按期率）。',
      get: (r) => r.u.timing.pending,
    },
    {
      key: 'on_time_rate',
      label: '按期答复率',
      type: 'ratio',
      description: '按期答复 ÷ (按期 + 逾期后答复 + 逾期未答复)。',
      get: (r) => r.u.timing.onTimeRate,
    },
    {
      key: 'classified',
      label: '已答复主办件',
      type: 'integer',
      description: '该单位主办且已给出结果分类的件数。',
      get: (r) => r.u.classified,
    },
    {
      key: 'class_a',
      label: 'A类件数',
      type: 'integer',
      description: '该单位最近一次答复为 A 类的主办件。',
      get: (r) => r.u.classes.A,
    },
    {
      key: 'class_b',
      label: 'B类件数',
      type: 'integer',
      description: 'B 类主办件。',
      get: (r) => r.u.classes.B,
    },
    {
      key: 'class_c',
      label: 'C类件数',
      type: 'integer',
      description: 'C 类主办件。',
      get: (r) => r.u.classes.C,
    },
    {
      key: 'share_a',
      label: 'A类占比',
      type: 'ratio',
      description: 'A类件数 ÷ 已答复主办件。',
      get: (r) => r.u.shareA,
    },
    {
      key: 'rated',
      label: '已测评件数',
      type: 'integer',
      description: '主办件中代表已测评的件数。',
      get: (r) => r.u.rated,
    },
    {
      key: 'satisfied',
      label: '满意',
      type: 'integer',
      description: '最近一次测评为满意。',
      get: (r) => r.u.satisfaction.satisfied,
    },
    {
      key: 'basically_satisfied',
      label: '基本满意',
      type: 'integer',
      description: '最近一次测评为基本满意。',
      get: (r) => r.u.satisfaction.basically_satisfied,
    },
    {
      key: 'dissatisfied',
      label: '不满意',
      type: 'integer',
      description: '最近一次测评为不满意。',
      get: (r) => r.u.satisfaction.dissatisfied,
    },
    {
      key: 'satisfied_share',
      label: '满意和基本满意占比',
      type: 'ratio',
      description: '(满意 + 基本满意) ÷ 已测评件数。',
      get: (r) => r.u.satisfiedShare,
    },
    {
      key: 'sent_back',
      label: '不满意退回件数',
      type: 'integer',
      description: '主办件中曾被测评为不满意的件数。',
      get: (r) => r.u.sentBack,
    },
    {
      key: 'rehandled',
      label: '已重新答复件数',
      type: 'integer',
      description: '其中该单位已再次答复的件数。',
      get: (r) => r.u.rehandled,
    },
    {
      key: 'commitments',
      label: '承诺事项',
      type: 'integer',
      description: '该单位作出的承诺数。',
      get: (r) => r.u.commitments.total,
    },
    {
      key: 'commitments_kept',
      label: '承诺已兑现',
      type: 'integer',
      description: '已兑现的承诺数。',
      get: (r) => r.u.commitments.kept,
    },
    {
      key: 'commitments_overdue',
      label: '承诺逾期',
      type: 'integer',
      description: '仍在跟进且已过期限的承诺数。',
      get: (r) => r.u.commitments.overdue,
    },
  ],
});

type CategoryRow = { sessionId: string; category: string; s: SuggestionSummary };

const statsCategories = dataset<CategoryRow>({
  id: 'stats-categories',
  title: '议案建议办理统计（按领域）',
  description: '每个领域在每次会议一行，另有全部会议合计（会议ID 为 all）。',
  kind: 'statistic',
  rowNoun: '一个领域在一次会议（或全部合计）',
  rowId: (r) => `${r.sessionId}/${r.category}`,
  rows: (model) => {
    const stats = publishedStats(model);
    const out: CategoryRow[] = [];
    for (const sessionId of [ALL_SESSIONS, ...model.sessions.map((s) => s.id)]) {
      for (const [category, s] of stats.categories.get(sessionId) ?? []) out.push({ sessionId, category, s });
    }
    return out;
  },
  columns: [
    ...sessionIdColumn<CategoryRow>(),
    {
      key: 'category',
      label: '领域',
      type: 'enum',
      codes: suggestionCategoryLabels,
      description: '领域。',
      get: (r) => r.category,
    },
    ...summaryColumns<CategoryRow>((r) => r.s),
  ],
});

const statsActivity = dataset<ActivityDistribution>({
  id: 'stats-activity-days',
  title: '代表闭会期间履职天数分布',
  description:
    '每年一行：任期覆盖该年的代表按闭会期间履职活动天数分组的人数（不含出席人代会），及达到每年 15 天的人数。',
  kind: 'statistic',
  rowNoun: '一个年度',
  rowId: (r) => String(r.year),
  rows: (model) => publishedStats(model).activityYears,
  columns: [
    { key: 'year', label: '年度', type: 'integer', description: '年度。', get: (r) => r.year },
    {
      key: 'deputies',
      label: '代表人数',
      type: 'integer',
      description: '任期覆盖该年的代表人数（已离任的只计离任前的年度）。',
      get: (r) => r.deputies,
    },
    ...activityDayBins.map((bin, i): Column<ActivityDistribution> => ({
      key: bin.key,
      label: `${bin.label}（人）`,
      type: 'integer',
      description: `履职天数在“${bin.label}”的代表人数。`,
      get: (r) => r.bins[i]?.count ?? 0,
    })),
    {
      key: 'meeting_floor',
      label: '达到15天人数',
      type: 'integer',
      description: '全年闭会期间履职不少于 15 天的人数。',
      get: (r) => r.meetingFloor,
    },
    {
      key: 'meeting_floor_share',
      label: '达到15天比例',
      type: 'ratio',
      description: '达到 15 天人数 ÷ 代表人数。',
      get: (r) => r.meetingFloorShare,
    },
    {
      key: 'median_days',
      label: '天数中位数',
      type: 'number',
      description: '履职天数的中位数。',
      get: (r) => r.medianDays,
    },
  ],
});

const statsReports = dataset<TermCoverageFact>({
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

const statsOpinions = dataset<OpinionYear>({
  id: 'stats-opinions',
  title: '群众意见建议收办统计（按年）',
  description:
    '每年一行：收到的群众意见建议、已答复数和从收到到首次答复的天数中位数。不含任何意见内容或个人信息。',
  kind: 'statistic',
  rowNoun: '一个年度',
  rowId: (r) => String(r.year),
  rows: (model) => publishedStats(model).opinionYears,
  columns: [
    {
      key: 'year',
      label: '年度',
      type: 'integer',
      description: '收到的年度（北京时间）。',
      get: (r) => r.year,
    },
    {
      key: 'received',
      label: '收到件数',
      type: 'integer',
      description: '收到的意见建议数（不含疑似滥用、暂缓处理的）。',
      get: (r) => r.received,
    },
    {
      key: 'answered',
      label: '已答复件数',
      type: 'integer',
      description: '已首次答复的件数。',
      get: (r) => r.answered,
    },
    {
      key: 'answered_share',
      label: '答复率',
      type: 'ratio',
      description: '已答复件数 ÷ 收到件数。',
      get: (r) => r.answeredShare,
    },
    {
      key: 'median_reply_days',
      label: '答复天数中位数',
      type: 'number',
      description: '从收到到首次答复的天数中位数，保留 1 位小数。',
      get: (r) => r.medianReplyDays,
    },
  ],
});

/** Every dataset, in the order the data dictionary lists them. */
export const DATASETS = [
  suggestions,
  assignments,
  replies,
  ratings,
  commitments,
  units,
  rounds,
  candidates,
  milestones,
  changes,
  statsSessions,
  statsUnits,
  statsCategories,
  statsActivity,
  statsReports,
  statsOpinions,
];

const cache = new WeakMap<RecordsModel, MaterializedDataset[]>();

/** All datasets of this build, materialized once. */
export function materializedDatasets(model: RecordsModel): MaterializedDataset[] {
  let list = cache.get(model);
  if (!list) {
    list = DATASETS.map((build) => build(model));
    cache.set(model, list);
  }
  return list;
}

export function datasetById(model: RecordsModel, id: string): MaterializedDataset | undefined {
  return materializedDatasets(model).find((d) => d.info.id === id);
}
