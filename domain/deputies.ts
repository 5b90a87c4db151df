import { z } from 'zod';
import { ResultClass, Satisfaction, SuggestionKind } from './suggestions.ts';

/** The five levels of people's congress, highest first. */
export const deputyLevels = ['national', 'provincial', 'municipal', 'county', 'township'] as const;
export const DeputyLevel = z.enum(deputyLevels);
export type DeputyLevel = z.infer<typeof DeputyLevel>;
export const deputyLevelLabels: Record<DeputyLevel, string> = {
  national: '全国人大代表',
  provincial: '省人大代表',
  municipal: '市人大代表',
  county: '区人大代表',
  township: '镇人大代表',
};

export const deputyStatuses = ['serving', 'resigned', 'removed', 'terminated', 'deceased'] as const;
export const DeputyStatus = z.enum(deputyStatuses);
export type DeputyStatus = z.infer<typeof DeputyStatus>;
export const deputyStatusLabels: Record<DeputyStatus, string> = {
  serving: '在任',
  resigned: '已辞职',
  removed: '已罢免',
  terminated: '代表资格终止',
  deceased: '已故',
};

/** Gender as the roster records it. */
export const genders = ['male', 'female'] as const;
export const genderLabels: Record<(typeof genders)[number], string> = { male: '男', female: '女' };

/** Occupational sector (界别) as published in rosters. */
export const sectors = ['worker_farmer', 'professional', 'official', 'business', 'other'] as const;
export const sectorLabels: Record<(typeof sectors)[number], string> = {
  worker_farmer: '工人农民',
  professional: '专业技术人员',
  official: '党政干部',
  business: '企业负责人',
  other: '其他',
};

export const expertiseFields = [
  'law',
  'finance',
  'agriculture',
  'urban_construction',
  'environment',
  'education',
  'health',
  'science_technology',
] as const;
export const ExpertiseField = z.enum(expertiseFields);
export type ExpertiseField = z.infer<typeof ExpertiseField>;
export const expertiseLabels: Record<ExpertiseField, string> = {
  law: '法律',
  finance: '财经',
  agriculture: '农业农村',
  urban_construction: '城乡建设',
  environment: '生态环境',
  education: '教育',
  health: '医疗卫生',
  science_technology: '科学技术',
};

export const groupRoles = ['leader', 'vice_leader', 'liaison', 'member'] as const;
export const GroupRole = z.enum(groupRoles);
export const groupRoleLabels: Record<z.infer<typeof GroupRole>, string> = {
  leader: '组长',
  vice_leader: '副组长',
  liaison: '联络员',
  member: '组员',
};

export const activityTypes = [
  'session_meeting',
  'standing_committee_attendance',
  'law_enforcement_inspection',
  'inspection_visit',
  'research',
  'group_activity',
  'reception_day',
  'training',
  'other',
] as const;
export const ActivityType = z.enum(activityTypes);
export type ActivityType = z.infer<typeof ActivityType>;
export const activityTypeLabels: Record<ActivityType, string> = {
  session_meeting: '出席人代会',
  standing_committee_attendance: '列席常委会会议',
  law_enforcement_inspection: '执法检查',
  inspection_visit: '视察',
  research: '专题调研',
  group_activity: '代表小组活动',
  reception_day: '接待选民',
  training: '履职学习培训',
  other: '其他履职活动',
};

/** The yearly floor of duty activity days between sessions. */
export const YEARLY_ACTIVITY_DAYS_FLOOR = 15;

const isoDate = z.iso.date();

export const DutyActivity = z.object({
  type: ActivityType,
  occurredOn: isoDate,
  days: z.number().positive().max(31),
  title: z.string().min(1),
});
export type DutyActivity = z.infer<typeof DutyActivity>;

/** One motion or suggestion the deputy led or co-signed, as summarised on the profile. */
export const DeputySuggestion = z.object({
  id: z.string(),
  kind: SuggestionKind,
  number: z.number().int().positive(),
  title: z.string().min(1),
  filedOn: isoDate,
  role: z.enum(['lead', 'cosigner']),
  resultClass: ResultClass.nullable(),
  satisfaction: Satisfaction.nullable(),
});
export type DeputySuggestion = z.infer<typeof DeputySuggestion>;

/** A recent reply by the lead handling unit to a motion or suggestion (home page headlines). */
export const ReplyHeadline = z.object({
  suggestionId: z.string(),
  kind: SuggestionKind,
  number: z.number().int().positive(),
  title: z.string().min(1),
  unitName: z.string().min(1),
  repliedOn: isoDate,
  resultClass: ResultClass.nullable(),
});
export type ReplyHeadline = z.infer<typeof ReplyHeadline>;

/** A deputy as the public site publishes it (one row of the deputies collection). */
export const DeputyRecord = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  gender: z.enum(['male', 'female']),
  ethnicity: z.string().min(1),
  birthYear: z.number().int().nullable(),
  politicalAffiliation: z.string().nullable(),
  photoPath: z.string().nullable(),
  level: DeputyLevel,
  congressId: z.string(),
  congressName: z.string(),
  termId: z.string(),
  termNumber: z.number().int().positive(),
  termIsCurrent: z.boolean(),
  termStartsOn: isoDate,
  termEndsOn: isoDate,
  electoralUnit: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['electoral_unit', 'constituency']),
  }),
  /** Areas the deputy's electoral unit or constituency covers. */
  areaIds: z.array(z.string()),
  unitPosition: z.string(),
  holdsOfficialPost: z.boolean(),
  isReelected: z.boolean(),
  officePhone: z.string().nullable(),
  officeEmail: z.string().nullable(),
  status: DeputyStatus,
  statusSince: isoDate,
  statusHistory: z.array(z.object({ status: DeputyStatus, effectiveOn: isoDate, reason: z.string() })),
  expertise: z.array(ExpertiseField),
  groups: z.array(z.object({ id: z.string(), name: z.string(), role: GroupRole })),
  stationIds: z.array(z.string()),
  activities: z.array(DutyActivity),
  suggestions: z.array(DeputySuggestion),
  updatedAt: z.string(),
});
export type DeputyRecord = z.infer<typeof DeputyRecord>;

/**
 * A deputy as lists, hubs and open data show them: the record without its dated lists (every
 * activity, every motion and suggestion), which only the profile and its feed show.
 */
export const DeputyListing = DeputyRecord.omit({ activities: true, suggestions: true });
export type DeputyListing = z.infer<typeof DeputyListing>;

/**
 * How promptly opinions addressed to a deputy were answered: aggregate numbers only, never the
 * opinions' text or anything about who sent them.
 */
export const DeputyResponsiveness = z.object({
  deputyId: z.string(),
  /** Opinions addressed to the deputy and accepted for handling (held or rejected ones excluded). */
  opinionCount: z.number().int().nonnegative(),
  /** Answered and not reopened since: a case reopened as 未解决 counts again once answered again. */
  repliedCount: z.number().int().nonnegative(),
  /** Opinions whose sender answered 未解决, which reopened them (issue 12). */
  reopenedCount: z.number().int().nonnegative(),
  /** Median whole days from receipt to the first reply, over the replied opinions. */
  medianDaysToFirstReply: z.number().nonnegative().nullable(),
});
export type DeputyResponsiveness = z.infer<typeof DeputyResponsiveness>;
