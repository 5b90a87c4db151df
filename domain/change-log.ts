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
  // Edited in the console through the official-change lifecycle (functions/changes/rules.ts).
  'reception_day',
  'area',
  'electoral_unit',
  'term',
  'session',
  'handling_unit',
  'notice',
  // Official numbers of the livelihood projects, confirmed by a second person (issue 12).
  'candidate_tally',
  'project_milestone',
  // A project's evaluation counts, confirmed by a second person.
  'project_evaluation',
  // A handling reply of a motion or suggestion, corrected in the console (its result class confirmed by a second person).
  'suggestion_reply',
  // A deputy's satisfaction rating of a handling round, recorded in the console (confirmed by a second person).
  'suggestion_rating',
  // A staff import applied by a publish: one row per file (its SHA-256, kind and counts).
  'import',
  // A deputy's duty activity, created or corrected in the console (its days confirmed by a second person).
  'duty_activity',
  // A deputy group and its members, kept in the console.
  'deputy_group',
  // A member's role in a deputy group (组长, 副组长, 联络员, 组员), kept in the console.
  'group_member',
  // A livelihood-project round's settings and its phase windows (the public vote's dates).
  'project_round',
  'round_phase',
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
  reception_day: '接待日',
  area: '行政区域',
  electoral_unit: '选举单位/选区',
  term: '届次',
  session: '会议',
  handling_unit: '承办单位',
  notice: '通知公告',
  candidate_tally: '民生实事项目线下计票',
  project_milestone: '民生实事项目实施节点',
  project_evaluation: '民生实事项目实施评估',
  suggestion_reply: '议案建议办理答复',
  suggestion_rating: '议案建议满意度测评',
  import: '批量导入',
  duty_activity: '履职活动',
  deputy_group: '代表小组',
  group_member: '代表小组成员职务',
  project_round: '民生实事项目票决轮次',
  round_phase: '民生实事项目票决日程',
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
  /** The staff role that confirmed the change (or made it, where no confirmation is needed); never a person. */
  role: z.enum(['admin', 'editor', 'handler', 'station_staff']).nullable().default(null),
});

/** How the public change log names the role behind a change (the office's roles, not people). */
export const changeRoleLabels: Record<NonNullable<ChangeLogEntry['role']>, string> = {
  admin: '管理员',
  editor: '编辑',
  handler: '办理人员',
  station_staff: '联络站工作人员',
};
export type ChangeLogEntry = z.infer<typeof ChangeLogEntry>;

/** The label of a change-log entity type; types added since (official changes) show as they are. */
export function changeLogEntityLabel(type: string): string {
  const known = ChangeLogEntityType.safeParse(type);
  return known.success ? changeLogEntityTypeLabels[known.data] : type;
}
