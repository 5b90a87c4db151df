import { isRealBeijingTime } from '../../lib/time.ts';
import { z } from 'zod';
import { optionalText as checkedOptionalText, requiredText } from '../../lib/fields.ts';
import {
  activityTypeLabels,
  activityTypes,
  deputyStatuses,
  deputyStatusLabels,
  genderLabels,
  genders,
  sectorLabels,
  sectors,
} from '#domain/deputies.ts';
import {
  commitmentStatuses,
  commitmentStatusLabels,
  resultClasses,
  satisfactionLabels,
  satisfactions,
  suggestionCategories,
  suggestionCategoryLabels,
  suggestionKindLabels,
  suggestionKinds,
  suggestionStatuses,
  suggestionStatusLabels,
} from '#domain/suggestions.ts';
import { receptionDayStatuses, receptionDayStatusLabels } from '#domain/places.ts';
import { reportForms, reportFormLabels } from '#domain/reports.ts';

/**
 * The three lists the office keeps in spreadsheets, as the console imports and exports them:
 * one row schema per list (what a valid row is) and one column table (the spreadsheet headers and
 * how each cell is read). Enums travel as their Chinese labels; the identifiers are accepted too.
 */

export const importKinds = ['roster', 'activities', 'suggestions', 'reception_days', 'duty_reports'] as const;
export const ImportKind = z.enum(importKinds);
export type ImportKind = z.infer<typeof ImportKind>;
export const importKindLabels: Record<ImportKind, string> = {
  roster: '代表名册',
  activities: '履职活动',
  suggestions: '建议办理台账',
  reception_days: '接待日安排',
  duty_reports: '履职报告',
};

export type CellType = 'text' | 'date' | 'number' | 'bool' | 'enum';

export interface ColumnInfo {
  header: string;
  type: CellType;
  /** Enum value → label; labels and values are both accepted on import, labels are exported. */
  labels?: Readonly<Record<string, string>>;
  /** More spellings people use for an enum value (e.g. "A类"). */
  aliases?: Readonly<Record<string, string>>;
  /** The column must be in the file (its cells may still be checked row by row). */
  required?: boolean;
}

/** A column per row field, in spreadsheet order. */
export type Columns<Row> = { [K in keyof Row]-?: ColumnInfo };

const KEY = /^[a-z0-9][a-z0-9-]*$/;
const key = (label: string, max = 80) =>
  z
    .string({ error: `请填写${label}。` })
    .regex(KEY, `${label}只能包含小写字母、数字和连字符。`)
    .max(max, `${label}不能超过 ${max} 个字符。`);
// Cells go through the same text check as the public forms (lib/fields.ts): no control
// characters (a NUL would pass here and fail the commit), no bidi controls, no invisible-only text.
const text = (label: string, max: number) => requiredText(label, { min: 1, max, multiline: max > 200 });
const optionalText = (label: string, max: number) =>
  checkedOptionalText(label, { max, multiline: max > 200 });
const date = (label: string) => z.iso.date({ error: `${label}应为日期，例如 2025-03-01。` });
const optionalDate = (label: string) =>
  date(label)
    .nullish()
    .transform((v) => v ?? null);
const enumOf = <T extends readonly [string, ...string[]]>(
  values: T,
  labels: Readonly<Record<T[number], string>>,
  label: string,
) =>
  z.enum(values, {
    error: `${label}应为以下之一：${values.map((v) => labels[v as T[number]]).join('、')}。`,
  });
const bool = (label: string) => z.boolean({ error: `${label}请填写“是”或“否”。` });
const int = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}应为整数。` })
    .int(`${label}应为整数。`)
    .min(min, `${label}不能小于 ${min}。`)
    .max(max, `${label}不能大于 ${max}。`);

// ---------------------------------------------------------------------------------------------
// 代表名册 — deputies, by id.

// One definition of the roster's codes and their wording: the domain's (the console's deputy form uses them too).
export { genderLabels, genders, sectorLabels, sectors };

export const RosterRow = z.object({
  id: key('代表编号', 40).min(3, '代表编号至少 3 个字符。'),
  name: text('姓名', 40),
  gender: enumOf(genders, genderLabels, '性别'),
  ethnicity: text('民族', 20),
  birthYear: int('出生年份', 1920, 2010)
    .nullish()
    .transform((v) => v ?? null),
  politicalAffiliation: optionalText('政治面貌', 40),
  termId: key('届次编号'),
  electoralUnitId: key('选举单位编号'),
  unitPosition: optionalText('单位职务', 120).transform((v) => v ?? ''),
  sector: enumOf(sectors, sectorLabels, '界别')
    .nullish()
    .transform((v) => v ?? null),
  holdsOfficialPost: bool('是否担任领导职务')
    .nullish()
    .transform((v) => v ?? false),
  isReelected: bool('是否连任')
    .nullish()
    .transform((v) => v ?? false),
  officePhone: optionalText('办公电话', 30),
  officeEmail: z
    .email({ error: '办公邮箱格式不正确。' })
    .nullish()
    .transform((v) => v ?? null),
  status: enumOf(deputyStatuses, deputyStatusLabels, '代表状态')
    .nullish()
    .transform((v) => v ?? 'serving'),
  statusSince: date('状态起始日期'),
});
export type RosterRow = z.infer<typeof RosterRow>;

export const rosterColumns: Columns<RosterRow> = {
  id: { header: '代表编号', type: 'text', required: true },
  name: { header: '姓名', type: 'text', required: true },
  gender: { header: '性别', type: 'enum', required: true, labels: genderLabels },
  ethnicity: { header: '民族', type: 'text', required: true },
  birthYear: { header: '出生年份', type: 'number' },
  politicalAffiliation: { header: '政治面貌', type: 'text' },
  termId: { header: '届次编号', type: 'text', required: true },
  electoralUnitId: { header: '选举单位编号', type: 'text', required: true },
  unitPosition: { header: '单位职务', type: 'text' },
  sector: { header: '界别', type: 'enum', labels: sectorLabels },
  holdsOfficialPost: { header: '是否担任领导职务', type: 'bool' },
  isReelected: { header: '是否连任', type: 'bool' },
  officePhone: { header: '办公电话', type: 'text' },
  officeEmail: { header: '办公邮箱', type: 'text' },
  status: { header: '代表状态', type: 'enum', labels: deputyStatusLabels },
  statusSince: { header: '状态起始日期', type: 'date', required: true },
};

// ---------------------------------------------------------------------------------------------
// 履职活动 — duty activities, by (deputy, date, title).

export const ActivityRow = z.object({
  deputyId: key('代表编号', 40),
  occurredOn: date('活动日期'),
  type: enumOf(activityTypes, activityTypeLabels, '活动类型'),
  days: z
    .number({ error: '天数应为数字，可以是半天（0.5）。' })
    .positive('天数必须大于 0。')
    .max(31, '天数不能超过 31。')
    .refine((v) => Number.isInteger(v * 2), '天数以半天为单位，例如 0.5、1、1.5。'),
  title: text('活动名称', 200),
});
export type ActivityRow = z.infer<typeof ActivityRow>;

export const activityColumns: Columns<ActivityRow> = {
  deputyId: { header: '代表编号', type: 'text', required: true },
  occurredOn: { header: '活动日期', type: 'date', required: true },
  type: { header: '活动类型', type: 'enum', required: true, labels: activityTypeLabels },
  days: { header: '天数', type: 'number', required: true },
  title: { header: '活动名称', type: 'text', required: true },
};

// ---------------------------------------------------------------------------------------------
// 建议办理台账 — suggestions with the lead unit's assignment, the reply of one handling round, the
// deputy's rating of it and one commitment, by (session, kind, number).

const resultClassLabels = { A: 'A', B: 'B', C: 'C' } as const;
const resultClassAliases = { A类: 'A', B类: 'B', C类: 'C', a: 'A', b: 'B', c: 'C' } as const;

export const SuggestionRow = z
  .object({
    sessionId: key('会议编号'),
    kind: enumOf(suggestionKinds, suggestionKindLabels, '类型'),
    number: int('编号', 1, 1_000_000),
    title: text('标题', 200),
    body: text('内容', 20_000),
    category: enumOf(suggestionCategories, suggestionCategoryLabels, '领域'),
    leadDeputyId: key('领衔代表编号', 40),
    filedOn: date('提出日期'),
    status: enumOf(suggestionStatuses, suggestionStatusLabels, '办理状态'),
    keySupervisionLeader: optionalText('重点督办领导', 60),
    handlingUnitId: key('主办单位编号')
      .nullish()
      .transform((v) => v ?? null),
    assignedOn: optionalDate('交办日期'),
    dueOn: optionalDate('答复期限'),
    round: int('办理轮次', 1, 9)
      .nullish()
      .transform((v) => v ?? 1),
    repliedOn: optionalDate('答复日期'),
    resultClass: enumOf(resultClasses, resultClassLabels, '答复结果')
      .nullish()
      .transform((v) => v ?? null),
    replyBody: optionalText('答复内容', 20_000),
    ratedOn: optionalDate('测评日期'),
    satisfaction: enumOf(satisfactions, satisfactionLabels, '满意度')
      .nullish()
      .transform((v) => v ?? null),
    commitment: optionalText('承诺事项', 500),
    commitmentDueOn: optionalDate('承诺期限'),
    commitmentStatus: enumOf(commitmentStatuses, commitmentStatusLabels, '承诺状态')
      .nullish()
      .transform((v) => v ?? null),
    commitmentKeptOn: optionalDate('兑现日期'),
    commitmentEvidence: optionalText('落实情况', 1000),
  })
  .superRefine((row, ctx) => {
    const need = (field: keyof typeof row, message: string): void => {
      ctx.addIssue({ code: 'custom', path: [field], message });
    };
    if (row.handlingUnitId !== null) {
      if (row.assignedOn === null) need('assignedOn', '填写了主办单位时，交办日期必填。');
      if (row.dueOn === null) need('dueOn', '填写了主办单位时，答复期限必填。');
      if (row.assignedOn !== null && row.dueOn !== null && row.dueOn < row.assignedOn) {
        need('dueOn', '答复期限不能早于交办日期。');
      }
    } else {
      if (row.assignedOn !== null || row.dueOn !== null)
        need('handlingUnitId', '填写交办日期或答复期限时，主办单位必填。');
      if (row.repliedOn !== null) need('handlingUnitId', '有答复时，主办单位必填。');
      if (row.commitment !== null) need('handlingUnitId', '有承诺事项时，主办单位必填。');
    }
    if ((row.repliedOn === null) !== (row.replyBody === null)) {
      need(row.repliedOn === null ? 'repliedOn' : 'replyBody', '答复日期和答复内容要同时填写。');
    }
    if (row.ratedOn !== null && row.satisfaction === null)
      need('satisfaction', '填写了测评日期，但没有填写满意度。');
    if (row.ratedOn !== null && row.repliedOn === null)
      need('repliedOn', '测评的是某一轮答复，应先有答复日期。');
    // Re-handling (DOMAIN.md; the triggers of migration 0029): a round rated 不满意 is handled
    // again, so the case cannot be 已答复 or 已办结 at the same time. Written as it was, the row
    // would be stored as 重新办理中 by the trigger, unlike what the dry run showed.
    if (
      row.ratedOn !== null &&
      row.satisfaction === 'dissatisfied' &&
      (row.status === 'replied' || row.status === 'closed')
    ) {
      need(
        'status',
        `该轮答复的测评为“${satisfactionLabels.dissatisfied}”，须重新办理：办理状态应为“${suggestionStatusLabels.rehandling}”。`,
      );
    }
    if (row.commitment === null) {
      if (
        row.commitmentDueOn !== null ||
        row.commitmentStatus !== null ||
        row.commitmentKeptOn !== null ||
        row.commitmentEvidence !== null
      ) {
        need('commitment', '填写了承诺的期限、状态或落实情况，但没有填写承诺事项。');
      }
    } else {
      if (row.commitmentDueOn === null) need('commitmentDueOn', '有承诺事项时，承诺期限必填。');
      const status = row.commitmentStatus ?? 'open';
      if (status === 'kept' && row.commitmentKeptOn === null)
        need('commitmentKeptOn', '已兑现的承诺要填写兑现日期。');
      if (status !== 'kept' && row.commitmentKeptOn !== null)
        need('commitmentKeptOn', '只有已兑现的承诺才填写兑现日期。');
      if (status !== 'open' && row.commitmentEvidence === null)
        need('commitmentEvidence', '已兑现或未兑现的承诺要填写落实情况。');
    }
  })
  .transform((row) => ({
    ...row,
    commitmentStatus: row.commitment === null ? null : (row.commitmentStatus ?? 'open'),
  }));
export type SuggestionRow = z.infer<typeof SuggestionRow>;

export const suggestionColumns: Columns<SuggestionRow> = {
  sessionId: { header: '会议编号', type: 'text', required: true },
  kind: { header: '类型', type: 'enum', required: true, labels: suggestionKindLabels },
  number: { header: '编号', type: 'number', required: true },
  title: { header: '标题', type: 'text', required: true },
  body: { header: '内容', type: 'text', required: true },
  category: { header: '领域', type: 'enum', required: true, labels: suggestionCategoryLabels },
  leadDeputyId: { header: '领衔代表编号', type: 'text', required: true },
  filedOn: { header: '提出日期', type: 'date', required: true },
  status: { header: '办理状态', type: 'enum', required: true, labels: suggestionStatusLabels },
  keySupervisionLeader: { header: '重点督办领导', type: 'text' },
  handlingUnitId: { header: '主办单位编号', type: 'text' },
  assignedOn: { header: '交办日期', type: 'date' },
  dueOn: { header: '答复期限', type: 'date' },
  round: { header: '办理轮次', type: 'number' },
  repliedOn: { header: '答复日期', type: 'date' },
  resultClass: { header: '答复结果', type: 'enum', labels: resultClassLabels, aliases: resultClassAliases },
  replyBody: { header: '答复内容', type: 'text' },
  ratedOn: { header: '测评日期', type: 'date' },
  satisfaction: { header: '满意度', type: 'enum', labels: satisfactionLabels },
  commitment: { header: '承诺事项', type: 'text' },
  commitmentDueOn: { header: '承诺期限', type: 'date' },
  commitmentStatus: { header: '承诺状态', type: 'enum', labels: commitmentStatusLabels },
  commitmentKeptOn: { header: '兑现日期', type: 'date' },
  commitmentEvidence: { header: '落实情况', type: 'text' },
};

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// 接待日安排 — reception days, by (station, start time).

/** "2025-03-08 09:00" (Beijing time) or the stored form "2025-03-08T09:00:00+08:00". */
const beijingTime = (label: string) =>
  z
    .string({ error: `请填写${label}。` })
    .trim()
    .regex(
      /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(\+08:00)?$/,
      `${label}应为北京时间，例如 2025-03-08 09:00。`,
    )
    .transform((v) => {
      const [day, time = ''] = v.replace('+08:00', '').split(/[ T]/);
      return `${day}T${time.length === 5 ? `${time}:00` : time}+08:00`;
    })
    .refine(isRealBeijingTime, `${label}不是有效的日期和时间。`);

export const ReceptionDayImportRow = z
  .object({
    stationId: key('联络站编号'),
    startsAt: beijingTime('开始时间'),
    endsAt: beijingTime('结束时间'),
    topic: z
      .string()
      .max(120, '主题不能超过 120 字。')
      .nullish()
      .transform((v) => v ?? ''),
    status: enumOf(receptionDayStatuses, receptionDayStatusLabels, '状态'),
    statusNote: z
      .string()
      .max(200, '变更说明不能超过 200 字。')
      .nullish()
      .transform((v) => v ?? ''),
    // Deputies on duty: ids separated by 、 or commas; kept sorted so an export imports back unchanged.
    deputyIds: z
      .string()
      .nullish()
      .transform((v) =>
        [...new Set((v ?? '').split(/[\s,，、;；]+/).filter((x) => x !== ''))].sort().join('、'),
      )
      .refine(
        (v) => v === '' || v.split('、').every((id) => KEY.test(id)),
        '值班代表编号只能包含小写字母、数字和连字符。',
      ),
  })
  .superRefine((r, ctx) => {
    // Only when both times are valid: a bad start is reported once, on its own column.
    const valid = (t: string) => !Number.isNaN(Date.parse(t));
    if (valid(r.startsAt) && valid(r.endsAt) && Date.parse(r.endsAt) <= Date.parse(r.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '结束时间须晚于开始时间。' });
    }
  });
export type ReceptionDayImportRow = z.infer<typeof ReceptionDayImportRow>;

export const receptionDayColumns: Columns<ReceptionDayImportRow> = {
  stationId: { header: '联络站编号', type: 'text', required: true },
  startsAt: { header: '开始时间', type: 'text', required: true },
  endsAt: { header: '结束时间', type: 'text', required: true },
  topic: { header: '主题', type: 'text' },
  status: { header: '状态', type: 'enum', required: true, labels: receptionDayStatusLabels },
  statusNote: { header: '变更说明', type: 'text' },
  deputyIds: { header: '值班代表编号', type: 'text' },
};

// ---------------------------------------------------------------------------------------------
// 履职报告 — duty reports, by (deputy, year).

const count = (label: string) => int(label, 0, 10_000_000);

export const DutyReportImportRow = z.object({
  deputyId: key('代表编号', 40),
  year: int('年度', 2000, 2100),
  form: enumOf(reportForms, reportFormLabels, '述职形式'),
  reportedOn: date('述职日期'),
  audience: text('述职对象', 120),
  lawObservance: text('遵守宪法和法律情况', 20_000),
  sessionWork: text('会议期间履职情况', 20_000),
  betweenSessionsWork: text('闭会期间活动情况', 20_000),
  publicContact: text('联系群众情况', 20_000),
  otherMatters: z
    .string()
    .max(20_000, '其他情况不能超过 20000 字。')
    .nullish()
    .transform((v) => v ?? ''),
  evaluationSatisfied: count('满意票数'),
  evaluationBasicallySatisfied: count('基本满意票数'),
  evaluationDissatisfied: count('不满意票数'),
});
export type DutyReportImportRow = z.infer<typeof DutyReportImportRow>;

export const dutyReportColumns: Columns<DutyReportImportRow> = {
  deputyId: { header: '代表编号', type: 'text', required: true },
  year: { header: '年度', type: 'number', required: true },
  form: { header: '述职形式', type: 'enum', required: true, labels: reportFormLabels },
  reportedOn: { header: '述职日期', type: 'date', required: true },
  audience: { header: '述职对象', type: 'text', required: true },
  lawObservance: { header: '遵守宪法和法律情况', type: 'text', required: true },
  sessionWork: { header: '会议期间履职情况', type: 'text', required: true },
  betweenSessionsWork: { header: '闭会期间活动情况', type: 'text', required: true },
  publicContact: { header: '联系群众情况', type: 'text', required: true },
  otherMatters: { header: '其他情况', type: 'text' },
  evaluationSatisfied: { header: '满意票数', type: 'number', required: true },
  evaluationBasicallySatisfied: { header: '基本满意票数', type: 'number', required: true },
  evaluationDissatisfied: { header: '不满意票数', type: 'number', required: true },
};

/** Columns exported for reading only (names next to ids); ignored on import. */
export const informationalHeaders: Record<ImportKind, readonly string[]> = {
  roster: [],
  activities: ['代表姓名'],
  suggestions: ['领衔代表姓名', '主办单位名称'],
  reception_days: ['联络站名称'],
  duty_reports: ['代表姓名'],
};

export const ImportKindParam = z.object({ kind: ImportKind });

export const importModes = ['merge', 'replace'] as const;
export type ImportMode = (typeof importModes)[number];

export const UploadForm = z.object({
  mode: z.enum(importModes, { error: '请选择导入方式。' }).default('merge'),
  file: z
    .instanceof(File, { error: '请选择要上传的文件。' })
    .refine((file) => file.size > 0, '上传的文件是空的。'),
});

export const CommitForm = z.object({
  importId: z.string().regex(/^[0-9a-f]{32}$/, '导入批次无效，请重新上传文件。'),
  // Replace mode: removing records needs this box ticked on the confirmation page.
  confirmRemoval: z
    .union([z.literal('on'), z.literal('1'), z.literal('true'), z.boolean()])
    .optional()
    .transform((v) => v === true || v === 'on' || v === '1' || v === 'true'),
});

/** A submitted import on the publish page. */
export const PendingImportParam = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/, '导入批次无效。'),
});

export const ExportQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  year: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(2000).max(2100).optional(),
  ),
});

/** One problem in an uploaded file. Row 0 means the file as a whole. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** One changed field of a row the dry run would update. */
export interface FieldChange {
  column: string;
  before: string;
  after: string;
}

export interface ImportReport {
  kind: ImportKind;
  mode: ImportMode;
  /** The worksheet the rows come from (.xlsx); every error is in it. */
  sheet: string | null;
  /** Rows that would be updated, field by field (old → new); listed up to a limit. */
  changes: Array<{ row: number; record: string; fields: FieldChange[] }>;
  /** Records the replace mode would remove (not in the file, in a scope the file covers). */
  removals: string[];
  removed: number;
  /** What a replace covers, e.g. "2025 年". */
  scope: string | null;
  fileName: string;
  format: 'csv' | 'xlsx';
  sha256: string;
  rows: number;
  errors: RowError[];
  ignoredColumns: string[];
  inserted: number;
  updated: number;
  unchanged: number;
}
