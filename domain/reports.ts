import { z } from 'zod';

export const reportForms = ['meeting', 'written'] as const;
export const ReportForm = z.enum(reportForms);
export type ReportForm = z.infer<typeof ReportForm>;
export const reportFormLabels: Record<ReportForm, string> = {
  meeting: '会议述职',
  written: '书面述职',
};

/** The five parts of a duty report, in the order they are read. */
export const reportSections = [
  'lawObservance',
  'sessionWork',
  'betweenSessionsWork',
  'publicContact',
  'otherMatters',
] as const;
export type ReportSection = (typeof reportSections)[number];
export const reportSectionLabels: Record<ReportSection, string> = {
  lawObservance: '一、遵守宪法和法律情况',
  sessionWork: '二、参加人民代表大会会议情况',
  betweenSessionsWork: '三、闭会期间履职活动情况',
  publicContact: '四、联系人民群众情况',
  otherMatters: '五、其他需要报告的事项',
};

export const ReportEvaluation = z.object({
  satisfied: z.number().int().nonnegative(),
  basicallySatisfied: z.number().int().nonnegative(),
  dissatisfied: z.number().int().nonnegative(),
});
export type ReportEvaluation = z.infer<typeof ReportEvaluation>;

/** A duty report (履职报告) to the original electoral unit or voters, with their evaluation. */
export const DutyReportRecord = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  deputyId: z.string(),
  year: z.number().int().min(2000).max(2100),
  form: ReportForm,
  reportedOn: z.iso.date(),
  audience: z.string().min(1),
  lawObservance: z.string(),
  sessionWork: z.string(),
  betweenSessionsWork: z.string(),
  publicContact: z.string(),
  otherMatters: z.string(),
  evaluation: ReportEvaluation,
  publishedAt: z.string(),
  /** The original document, uploaded in the console and served by the Worker at /files/reports/<id>. */
  document: z
    .object({ name: z.string().min(1), type: z.string().min(1), bytes: z.number().int().positive() })
    .nullable()
    .default(null),
});
export type DutyReportRecord = z.infer<typeof DutyReportRecord>;

/**
 * The year of the term in which a deputy is due to report, by the common schedule: re-elected
 * deputies in year 1, deputies holding official posts in year 2, the others in years 3 to 4.
 * Returns the first and last term year of the window.
 */
export function reportDueWindow(deputy: { isReelected: boolean; holdsOfficialPost: boolean }): {
  from: number;
  to: number;
} {
  if (deputy.isReelected) return { from: 1, to: 1 };
  if (deputy.holdsOfficialPost) return { from: 2, to: 2 };
  return { from: 3, to: 4 };
}
