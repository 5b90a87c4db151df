import { z } from 'zod';
import { HandlingUnitId } from './units.ts';

/**
 * Livelihood projects decided by the deputies' vote (民生实事项目代表票决制): yearly rounds,
 * candidates, the public's advisory vote per channel, the deputies' binding vote, milestones and
 * the year-end evaluation. Enums mirror migrations/0005.
 */

const isoDate = z.iso.date();
const utcTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

export const roundModes = ['code', 'open'] as const;
export const RoundMode = z.enum(roundModes);
export type RoundMode = z.infer<typeof RoundMode>;
export const roundModeLabels: Record<RoundMode, string> = {
  code: '凭一次性投票码投票',
  open: '公开投票（每个浏览器一票，未核验身份）',
};
/** The same, short, for a table column. */
export const roundModeShortLabels: Record<RoundMode, string> = {
  code: '投票码',
  open: '公开投票',
};

export const roundPhases = [
  'collecting',
  'public_voting',
  'deputies_voting',
  'implementing',
  'evaluating',
] as const;
export const RoundPhase = z.enum(roundPhases);
export type RoundPhase = z.infer<typeof RoundPhase>;
export const roundPhaseLabels: Record<RoundPhase, string> = {
  collecting: '征集候选项目',
  public_voting: '群众投票（参考）',
  deputies_voting: '代表票决',
  implementing: '组织实施',
  evaluating: '年终评估',
};

export const voteChannels = ['online', 'station', 'paper'] as const;
export const VoteChannel = z.enum(voteChannels);
export type VoteChannel = z.infer<typeof VoteChannel>;
export const voteChannelLabels: Record<VoteChannel, string> = {
  online: '网上投票',
  station: '联络站现场',
  paper: '纸质选票',
};

export const RoundPhaseWindow = z.object({ phase: RoundPhase, startsAt: utcTime, endsAt: utcTime });
export type RoundPhaseWindow = z.infer<typeof RoundPhaseWindow>;

/** A yearly round as published. */
export const ProjectRoundRecord = z.object({
  year: z.number().int().min(2000).max(2100),
  title: z.string().min(1),
  mode: RoundMode,
  maxChoices: z.number().int().min(1).max(20),
  /** When false, advisory counts stay hidden until public voting ends. */
  countsPublic: z.boolean(),
  description: z.string(),
  phases: z.array(RoundPhaseWindow),
});
export type ProjectRoundRecord = z.infer<typeof ProjectRoundRecord>;

export const ProjectMilestone = z.object({
  id: z.number().int().positive(),
  title: z.string().min(1),
  dueOn: isoDate,
  doneOn: isoDate.nullable(),
  progressPercent: z.number().int().min(0).max(100),
  note: z.string(),
});
export type ProjectMilestone = z.infer<typeof ProjectMilestone>;

export const ProjectEvaluation = z.object({
  evaluatedOn: isoDate,
  satisfied: z.number().int().nonnegative(),
  basicallySatisfied: z.number().int().nonnegative(),
  dissatisfied: z.number().int().nonnegative(),
  summary: z.string(),
});
export type ProjectEvaluation = z.infer<typeof ProjectEvaluation>;

/** The deputies' binding vote on one candidate (票决), recorded after the session. */
export const DeputiesVote = z.object({
  for: z.number().int().nonnegative(),
  against: z.number().int().nonnegative(),
  abstain: z.number().int().nonnegative(),
});
export type DeputiesVote = z.infer<typeof DeputiesVote>;

/** A candidate project with everything published about it. */
export const ProjectCandidateRecord = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  roundYear: z.number().int(),
  title: z.string().min(1),
  description: z.string(),
  departmentId: HandlingUnitId.nullable(),
  budgetYuan: z.number().int().nonnegative().nullable(),
  sortOrder: z.number().int(),
  /** Advisory counts by channel at build time (the live total comes from the API). */
  advisoryVotes: z.object({ online: z.number().int(), station: z.number().int(), paper: z.number().int() }),
  deputiesVote: DeputiesVote.nullable(),
  adopted: z.boolean().nullable(),
  milestones: z.array(ProjectMilestone),
  evaluation: ProjectEvaluation.nullable(),
});
export type ProjectCandidateRecord = z.infer<typeof ProjectCandidateRecord>;
