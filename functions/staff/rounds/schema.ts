import { z } from 'zod';
import { RoundMode, RoundPhase } from '#domain/projects.ts';
import { beijingMinuteToUtc } from '../../lib/time.ts';
import { checkbox, isoDateField, optionalText, plainText } from '../validation.ts';
import { MAX_BUDGET_YUAN, MAX_CHOICES } from './limits.ts';

export { MAX_BUDGET_YUAN, MAX_CHOICES };

const count = (label: string) =>
  z.coerce
    .number({ error: `${label}请填写整数。` })
    .int(`${label}请填写整数。`)
    .min(0, `${label}不能为负数。`)
    .max(100_000_000, `${label}过大。`);

const budgetYuan = z.coerce
  .number({ error: '预算请填写整数（元）。' })
  .int('预算请填写整数（元）。')
  .min(0, '预算不能为负数。')
  .max(MAX_BUDGET_YUAN, '预算不能超过 1 万亿元，请核对单位（元）。');

export const YearParam = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

/**
 * Why and from where, for a change of a round, a phase or a candidate; the lifecycle says when they
 * are required (a decisive field such as a budget or a voting window), so here they are optional.
 * rowVersion is the version of the record the form showed: a save made from an older page is
 * refused instead of overwriting someone else's published change.
 */
const blankAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const changeSource = {
  reason: z.preprocess(
    blankAsUndefined,
    z.string().trim().max(500, '原因不能超过 500 字。').superRefine(plainText('原因', true)).optional(),
  ),
  reference: z.preprocess(
    blankAsUndefined,
    z.string().trim().max(120, '依据不能超过 120 字。').superRefine(plainText('依据')).optional(),
  ),
  rowVersion: z.preprocess(
    blankAsUndefined,
    z.coerce.number({ error: '页面已过期，请刷新后再改。' }).int().min(1).optional(),
  ),
};

export const RoundForm = z.object({
  year: z.coerce
    .number({ error: '请填写年度。' })
    .int()
    .min(2000, '年度应在 2000–2100 之间。')
    .max(2100, '年度应在 2000–2100 之间。'),
  title: z
    .string()
    .trim()
    .min(1, '请填写标题。')
    .max(120, '标题不能超过 120 字。')
    .superRefine(plainText('标题')),
  mode: RoundMode,
  maxChoices: z.coerce
    .number()
    .int()
    .min(1, '每票至少可选 1 项。')
    .max(MAX_CHOICES, `每票最多可选 ${MAX_CHOICES} 项。`),
  countsPublic: checkbox,
  description: z
    .string()
    .trim()
    .max(2000, '说明不能超过 2000 字。')
    .superRefine(plainText('说明', true))
    .default(''),
  ...changeSource,
});
export type RoundForm = z.infer<typeof RoundForm>;

/** A minute in Beijing time as a datetime-local field sends it: 2026-03-01T09:00. */
const beijingMinute = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, '请填写日期和时间。');

export const PhaseForm = z
  .object({ phase: RoundPhase, startsAt: beijingMinute, endsAt: beijingMinute, ...changeSource })
  .transform((value, ctx) => {
    const startsAt = beijingMinuteToUtc(value.startsAt);
    const endsAt = beijingMinuteToUtc(value.endsAt);
    if (!startsAt) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: '开始时间无效。' });
    if (!endsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '结束时间无效。' });
    if (startsAt && endsAt && endsAt <= startsAt) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '结束时间必须晚于开始时间。' });
    }
    return {
      phase: value.phase,
      startsAt: startsAt ?? '',
      endsAt: endsAt ?? '',
      reason: value.reason,
      reference: value.reference,
      rowVersion: value.rowVersion,
    };
  });
export type PhaseForm = z.infer<typeof PhaseForm>;

export const VotingSwitchForm = z.object({ action: z.enum(['open', 'close']) });

const candidateId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, '候选项目编号无效。');

export const CandidateForm = z.object({
  candidateId: z.preprocess((v) => (v === '' ? undefined : v), candidateId.optional()),
  title: z
    .string()
    .trim()
    .min(1, '请填写项目名称。')
    .max(120, '项目名称不能超过 120 字。')
    .superRefine(plainText('项目名称')),
  description: z
    .string()
    .trim()
    .min(1, '请填写项目说明。')
    .max(5000, '说明不能超过 5000 字。')
    .superRefine(plainText('项目说明', true)),
  departmentId: z.preprocess((v) => (v === '' ? undefined : v), candidateId.optional()),
  budgetYuan: z.preprocess((v) => (v === '' ? undefined : v), budgetYuan.optional()),
  sortOrder: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(0).max(10_000).default(0),
  ),
  ...changeSource,
});
export type CandidateForm = z.infer<typeof CandidateForm>;

/** Every official number comes with why and from where (issue 12); checked again by the lifecycle. */
const officialSource = {
  reason: z
    .string({ error: '请说明修改原因。' })
    .trim()
    .min(1, '请说明修改原因。')
    .max(500, '原因不能超过 500 字。')
    .superRefine(plainText('原因', true)),
  reference: z
    .string({ error: '请填写依据，例如计票单编号。' })
    .trim()
    .min(1, '请填写依据，例如计票单编号。')
    .max(120, '依据不能超过 120 字。')
    .superRefine(plainText('依据')),
};

export const CountsForm = z.object({
  candidateId,
  station: count('联络站票数'),
  paper: count('纸质票数'),
  ...officialSource,
});

export const DeputiesVoteForm = z.object({
  candidateId,
  votesFor: count('赞成票'),
  votesAgainst: count('反对票'),
  votesAbstain: count('弃权票'),
  adopted: checkbox,
  ...officialSource,
});
export type DeputiesVoteForm = z.infer<typeof DeputiesVoteForm>;

export const MilestoneForm = z.object({
  candidateId,
  title: z
    .string()
    .trim()
    .min(1, '请填写节点名称。')
    .max(200, '节点名称不能超过 200 字。')
    .superRefine(plainText('节点名称')),
  dueOn: isoDateField,
  doneOn: z.preprocess((v) => (v === '' ? undefined : v), isoDateField.optional()),
  progressPercent: z.coerce.number().int().min(0, '进度在 0–100 之间。').max(100, '进度在 0–100 之间。'),
  note: optionalText('备注', 500),
  ...officialSource,
});
export type MilestoneForm = z.infer<typeof MilestoneForm>;

export const EvaluationForm = z.object({
  candidateId,
  evaluatedOn: isoDateField,
  satisfied: count('满意'),
  basicallySatisfied: count('基本满意'),
  dissatisfied: count('不满意'),
  summary: z
    .string()
    .trim()
    .min(1, '请填写评估结论。')
    .max(5000, '评估结论不能超过 5000 字。')
    .superRefine(plainText('评估结论', true)),
  ...officialSource,
});
export type EvaluationForm = z.infer<typeof EvaluationForm>;

/** Codes are printed and handed out at stations; a batch is at most this many. */
export const MAX_CODES_PER_BATCH = 5000;
export const CodesForm = z.object({
  count: z.coerce
    .number({ error: '请填写数量。' })
    .int('请填写整数。')
    .min(1, '至少生成 1 个。')
    .max(MAX_CODES_PER_BATCH, `每批最多生成 ${MAX_CODES_PER_BATCH} 个。`),
});
