import { z } from 'zod';

/** Administrative areas, city first: the tree behind "find my deputies". */
export const areaKinds = ['city', 'district', 'street', 'township', 'community', 'village'] as const;
export const AreaKind = z.enum(areaKinds);
export type AreaKind = z.infer<typeof AreaKind>;
export const areaKindLabels: Record<AreaKind, string> = {
  city: '市',
  district: '区',
  street: '街道',
  township: '镇',
  community: '社区',
  village: '村',
};

export const AreaRecord = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  parentId: z.string().nullable(),
  kind: AreaKind,
  name: z.string().min(1),
  sortOrder: z.number().int(),
});
export type AreaRecord = z.infer<typeof AreaRecord>;
