import { z } from 'zod';
import { HandlingUnitId } from './units.ts';

/**
 * Motions and suggestions (议案、建议), their handling and the commitment ledger, as published.
 * Enums mirror the CHECK constraints of migrations/0004; labels are what the public reads.
 */

const isoDate = z.iso.date();
/** Stable public ids used in URLs (the tables' CHECK only pins the first character). */
const RecordId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/);

export const suggestionKinds = ['motion', 'suggestion'] as const;
export const SuggestionKind = z.enum(suggestionKinds);
export type SuggestionKind = z.infer<typeof SuggestionKind>;
export const suggestionKindLabels: Record<SuggestionKind, string> = {
  motion: '议案',
  suggestion: '建议',
};

export const suggestionCategories = [
  'economy',
  'urban_construction',
  'transport',
  'environment',
  'education',
  'health',
  'social_security',
  'agriculture',
  'culture',
  'public_safety',
  'governance',
  'other',
] as const;
export const SuggestionCategory = z.enum(suggestionCategories);
export type SuggestionCategory = z.infer<typeof SuggestionCategory>;
export const suggestionCategoryLabels: Record<SuggestionCategory, string> = {
  economy: '经济发展',
  urban_construction: '城乡建设',
  transport: '交通出行',
  environment: '生态环境',
  education: '教育',
  health: '医疗卫生',
  social_security: '社会保障',
  agriculture: '农业农村',
  culture: '文化旅游',
  public_safety: '公共安全',
  governance: '政府治理',
  other: '其他',
};

export const suggestionStatuses = ['filed', 'assigned', 'replied', 'rehandling', 'closed'] as const;
export const SuggestionStatus = z.enum(suggestionStatuses);
export type SuggestionStatus = z.infer<typeof SuggestionStatus>;
export const suggestionStatusLabels: Record<SuggestionStatus, string> = {
  filed: '已提出，待交办',
  assigned: '已交办，办理中',
  replied: '已答复，待测评',
  rehandling: '不满意，重新办理中',
  closed: '已办结',
};

/** Result classes of a reply, the scheme most congresses publish: A solved or being solved, B planned, C explained. */
export const resultClasses = ['A', 'B', 'C'] as const;
export const ResultClass = z.enum(resultClasses);
export type ResultClass = z.infer<typeof ResultClass>;
export const resultClassLabels: Record<ResultClass, string> = {
  A: 'A 已解决或正在解决',
  B: 'B 列入计划逐步解决',
  C: 'C 暂不能解决，已说明原因',
};
export const resultClassShortLabels: Record<ResultClass, string> = {
  A: '已解决或正在解决',
  B: '列入计划逐步解决',
  C: '暂不能解决',
};

/** The three answers of a satisfaction evaluation (deputies rating replies, voters rating reports). */
export const satisfactions = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export const Satisfaction = z.enum(satisfactions);
export type Satisfaction = z.infer<typeof Satisfaction>;
export const satisfactionLabels: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

export const assignmentRoles = ['lead', 'co'] as const;
export const AssignmentRole = z.enum(assignmentRoles);
export type AssignmentRole = z.infer<typeof AssignmentRole>;
export const assignmentRoleLabels: Record<AssignmentRole, string> = {
  lead: '主办',
  co: '协办',
};

export const commitmentStatuses = ['open', 'kept', 'dropped'] as const;
export const CommitmentStatus = z.enum(commitmentStatuses);
export type CommitmentStatus = z.infer<typeof CommitmentStatus>;
export const commitmentStatusLabels: Record<CommitmentStatus, string> = {
  open: '跟进中',
  kept: '已兑现',
  dropped: '未兑现（已说明原因）',
};

const DeputyRef = z.object({ id: z.string().min(1), name: z.string().min(1) });

export const SuggestionAssignment = z.object({
  unitId: HandlingUnitId,
  role: AssignmentRole,
  assignedOn: isoDate,
  dueOn: isoDate,
});
export type SuggestionAssignment = z.infer<typeof SuggestionAssignment>;

/** One reply version: round 1 is the first handling, round 2+ follow an unsatisfied rating. */
export const SuggestionReply = z.object({
  id: z.number().int().positive(),
  unitId: HandlingUnitId,
  round: z.number().int().min(1).max(9),
  repliedOn: isoDate,
  resultClass: ResultClass.nullable(),
  body: z.string(),
});
export type SuggestionReply = z.infer<typeof SuggestionReply>;

export const SuggestionRating = z.object({
  round: z.number().int().min(1).max(9),
  ratedOn: isoDate,
  satisfaction: Satisfaction,
});
export type SuggestionRating = z.infer<typeof SuggestionRating>;

/** An entry of the commitment ledger (承诺事项台账). */
export const Commitment = z.object({
  id: RecordId,
  unitId: HandlingUnitId,
  description: z.string().min(1),
  dueOn: isoDate,
  status: CommitmentStatus,
  keptOn: isoDate.nullable(),
  evidence: z.string(),
});
export type Commitment = z.infer<typeof Commitment>;

/** A motion or suggestion with its whole handling history (one entry of the collection). */
export const SuggestionRecord = z.object({
  id: RecordId,
  sessionId: RecordId,
  kind: SuggestionKind,
  number: z.number().int().positive(),
  title: z.string().min(1),
  body: z.string(),
  category: SuggestionCategory,
  leadDeputy: DeputyRef,
  cosigners: z.array(DeputyRef),
  filedOn: isoDate,
  status: SuggestionStatus,
  resultClass: ResultClass.nullable(),
  satisfaction: Satisfaction.nullable(),
  keySupervisionLeader: z.string().nullable(),
  updatedAt: z.string(),
  assignments: z.array(SuggestionAssignment),
  replies: z.array(SuggestionReply),
  ratings: z.array(SuggestionRating),
  commitments: z.array(Commitment),
});
export type SuggestionRecord = z.infer<typeof SuggestionRecord>;

/** A numbered session of a congress term, where motions and suggestions are filed. */
export const SessionRecord = z.object({
  id: RecordId,
  termId: RecordId,
  termNumber: z.number().int().positive(),
  congressId: RecordId,
  congressName: z.string().min(1),
  number: z.number().int().positive(),
  opensOn: isoDate,
  closesOn: isoDate,
});
export type SessionRecord = z.infer<typeof SessionRecord>;
