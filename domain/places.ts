import { z } from 'zod';

/**
 * Places: administrative areas (the tree behind "find my deputies") and liaison stations with
 * their reception days.
 */

/** Administrative areas, city first. */
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

export const stationKinds = ['station', 'home', 'reception_point'] as const;
export const StationKind = z.enum(stationKinds);
export type StationKind = z.infer<typeof StationKind>;
export const stationKindLabels: Record<StationKind, string> = {
  station: '代表联络站',
  home: '人大代表之家',
  reception_point: '代表接待点',
};

export const receptionDayStatuses = ['scheduled', 'held', 'cancelled'] as const;
export const ReceptionDayStatus = z.enum(receptionDayStatuses);
export type ReceptionDayStatus = z.infer<typeof ReceptionDayStatus>;
export const receptionDayStatusLabels: Record<ReceptionDayStatus, string> = {
  scheduled: '已安排',
  held: '已举行',
  cancelled: '已取消',
};

/** Local Beijing time with its offset, as stored: 2025-03-05T09:00:00+08:00. */
const beijingTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);

export const ReceptionDay = z.object({
  id: z.number().int().positive(),
  startsAt: beijingTime,
  endsAt: beijingTime,
  topic: z.string(),
  status: ReceptionDayStatus,
  /** Why it was moved or cancelled (empty when it was not). */
  statusNote: z.string().default(''),
  /** iCalendar SEQUENCE: how many times it was changed after publishing (row_version - 1). */
  sequence: z.number().int().min(0).default(0),
  /** Deputies on duty that day. */
  deputyIds: z.array(z.string()),
});
export type ReceptionDay = z.infer<typeof ReceptionDay>;

/** A liaison station as published: place, hours, deputies who entered it and its reception days. */
export const StationRecord = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    name: z.string().min(1),
    kind: StationKind,
    areaId: z.string(),
    address: z.string().min(1),
    latitude: z.number().min(-90).max(90).nullable(),
    longitude: z.number().min(-180).max(180).nullable(),
    openingHours: z.string(),
    phone: z.string().nullable(),
    starRating: z.number().int().min(1).max(5).nullable(),
    isActive: z.boolean(),
    deputyIds: z.array(z.string()),
    receptionDays: z.array(ReceptionDay),
  })
  .refine((s) => (s.latitude === null) === (s.longitude === null), {
    message: 'latitude and longitude come together',
  });
export type StationRecord = z.infer<typeof StationRecord>;
