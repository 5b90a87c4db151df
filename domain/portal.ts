import { z } from 'zod';

/** Portal-wide settings kept in D1 (portal_settings). */
export const PortalSettings = z.object({
  portalName: z.string().min(1),
  cityName: z.string(),
  congressName: z.string(),
  /** True whenever the generated demo city is loaded: every page then says so. */
  isDemo: z.boolean(),
  demoAsOf: z.iso.date().nullable(),
});
export type PortalSettings = z.infer<typeof PortalSettings>;

export function settingsFromRows(rows: ReadonlyArray<{ key: string; value: string }>): PortalSettings {
  const map = new Map(rows.map((row) => [row.key, row.value]));
  return PortalSettings.parse({
    portalName: map.get('portal_name') ?? '人大代表履职公开平台',
    cityName: map.get('city_name') ?? '',
    congressName: map.get('congress_name') ?? '',
    isDemo: map.get('demo_data') === '1',
    demoAsOf: map.get('demo_as_of') ?? null,
  });
}
