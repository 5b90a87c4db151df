import { z } from 'zod';

/**
 * The public change log of edits to official records (change_log, filled by DB triggers).
 * It spans deputies, suggestions, commitments, duty reports, stations and project candidates.
 */
export const changeLogEntityTypes = [
  'deputy',
  'suggestion',
  'commitment',
  'duty_report',
  'station',
  'project_candidate',
] as const;
export const ChangeLogEntityType = z.enum(changeLogEntityTypes);
export type ChangeLogEntityType = z.infer<typeof ChangeLogEntityType>;
export const changeLogEntityTypeLabels: Record<ChangeLogEntityType, string> = {
  deputy: '代表信息',
  suggestion: '议案建议',
  commitment: '承诺事项',
  duty_report: '履职报告',
  station: '联络站',
  project_candidate: '民生实事项目',
};

export const ChangeLogEntry = z.object({
  id: z.number().int().positive(),
  at: z.string().min(10),
  entityType: ChangeLogEntityType,
  entityId: z.string().min(1),
  field: z.string().min(1),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  note: z.string(),
});
export type ChangeLogEntry = z.infer<typeof ChangeLogEntry>;
