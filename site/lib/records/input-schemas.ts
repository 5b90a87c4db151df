import { z } from 'zod';
import { DeputyLevel } from '#domain/deputies.ts';

/**
 * Thin, site-only inputs of the statistics pages. They hold numbers and dates, never text a
 * citizen wrote nor who sent it.
 */

export const ActivityYearFact = z.object({
  deputyId: z.string().min(1),
  level: DeputyLevel,
  year: z.number().int(),
  days: z.number().nonnegative(),
});
export type ActivityYearFact = z.infer<typeof ActivityYearFact>;

export const TermCoverageFact = z.object({
  termId: z.string().min(1),
  termNumber: z.number().int().positive(),
  congressName: z.string(),
  level: DeputyLevel,
  deputies: z.number().int().nonnegative(),
  reported: z.number().int().nonnegative(),
  reports: z.number().int().nonnegative(),
  meetingReports: z.number().int().nonnegative(),
  satisfied: z.number().int().nonnegative(),
  basicallySatisfied: z.number().int().nonnegative(),
  dissatisfied: z.number().int().nonnegative(),
});
export type TermCoverageFact = z.infer<typeof TermCoverageFact>;

export const OpinionFact = z.object({
  id: z.number().int().positive(),
  receivedAt: z.string().min(10),
  firstRepliedAt: z.string().min(10).nullable(),
  status: z.enum(['received', 'triaged', 'forwarded', 'replied', 'closed', 'rejected']),
  targetType: z.enum(['deputy', 'station', 'topic']),
  layer: z.enum(['station', 'district', 'city', 'handling_unit']).nullable(),
  category: z.string().nullable(),
});
export type OpinionFact = z.infer<typeof OpinionFact>;

export const PublishRecord = z.object({
  id: z.number().int().positive(),
  requestedAt: z.string(),
  version: z.string().min(1),
  status: z.enum(['requested', 'built', 'failed']),
  summary: z.string(),
});
export type PublishRecord = z.infer<typeof PublishRecord>;
