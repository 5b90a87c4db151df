import { z } from 'zod';
import { plainText } from '../validation.ts';

export const publishStatuses = ['requested', 'built', 'failed'] as const;
export type PublishStatus = (typeof publishStatuses)[number];
export const publishStatusLabels: Record<PublishStatus, string> = {
  requested: '已提交，等待重建',
  built: '已重建',
  failed: '记录已发布，重建失败',
};

export const PublishForm = z.object({
  summary: z
    .string()
    .trim()
    .max(500, '说明不能超过 500 字。')
    .superRefine(plainText('说明', true))
    .optional()
    .transform((value) => value ?? ''),
});

/** What the local build hook reports at GET /status (scripts/build-hook.ts). */
export const BuildHookStatus = z.object({
  state: z.enum(['idle', 'running', 'succeeded', 'failed']),
  version: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  queued: z.boolean(),
  recent: z
    .array(
      z.object({
        version: z.string().nullable(),
        state: z.enum(['succeeded', 'failed']),
        finishedAt: z.string(),
      }),
    )
    .max(50)
    .default([]),
});
export type BuildHookStatus = z.infer<typeof BuildHookStatus>;

/** Audit actions that are not record changes and so are not listed before a publish. */
export const NOT_PUBLISHED_ACTIONS = [
  'staff.dev_sign_in',
  'opinion.contact_reveal',
  'publish.request',
  'publish.status',
  // Written by the publish itself, one per applied official change.
  'change.publish',
];
