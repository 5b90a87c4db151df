import { z } from 'zod';
import { GroupRole } from './deputies.ts';

export const groupKinds = ['group', 'joint_group'] as const;
export const GroupKind = z.enum(groupKinds);
export type GroupKind = z.infer<typeof GroupKind>;
export const groupKindLabels: Record<GroupKind, string> = {
  group: '代表小组',
  joint_group: '五级人大代表联合小组',
};

/** A deputy group (代表小组) or joint group with its members and their roles. */
export const DeputyGroupRecord = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  kind: GroupKind,
  congressId: z.string().nullable(),
  congressName: z.string().nullable(),
  areaId: z.string().nullable(),
  description: z.string(),
  members: z.array(z.object({ deputyId: z.string(), role: GroupRole })),
});
export type DeputyGroupRecord = z.infer<typeof DeputyGroupRecord>;
