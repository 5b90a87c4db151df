import { z } from 'zod';

/** Handling units (承办单位): the departments and agencies that answer deputies' suggestions. */
export const handlingUnitKinds = [
  'government_department',
  'district_government',
  'court',
  'procuratorate',
  'enterprise',
  'other',
] as const;
export const HandlingUnitKind = z.enum(handlingUnitKinds);
export type HandlingUnitKind = z.infer<typeof HandlingUnitKind>;
export const handlingUnitKindLabels: Record<HandlingUnitKind, string> = {
  government_department: '政府部门',
  district_government: '区人民政府',
  court: '人民法院',
  procuratorate: '人民检察院',
  enterprise: '企事业单位',
  other: '其他单位',
};

/** Stable public id used in URLs. */
export const HandlingUnitId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/);

/** A handling unit as the public site publishes it. */
export const HandlingUnitRecord = z.object({
  id: HandlingUnitId,
  name: z.string().min(1).max(80),
  kind: HandlingUnitKind,
});
export type HandlingUnitRecord = z.infer<typeof HandlingUnitRecord>;
