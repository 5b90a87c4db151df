/**
 * Orders and windows the people pages share, prerendered or rendered by the Worker. Kept apart
 * from data.ts, which reads the build's content layer and must not reach the Worker bundle.
 */
import { deputyLevels, type DeputyRecord } from '#domain/deputies.ts';

const levelRank = new Map<string, number>(deputyLevels.map((level, i) => [level, i]));

/** Highest level first, then by id (the office's roster order). */
export function byLevel(
  a: Pick<DeputyRecord, 'id' | 'level'>,
  b: Pick<DeputyRecord, 'id' | 'level'>,
): number {
  return (levelRank.get(a.level) ?? 9) - (levelRank.get(b.level) ?? 9) || a.id.localeCompare(b.id);
}

/** The calendar window starts this many days before the as-of date (recent past stays visible). */
export const CALENDAR_LOOKBACK_DAYS = 90;

export function calendarSince(asOf: string): string {
  return new Date(Date.parse(`${asOf}T00:00:00Z`) - CALENDAR_LOOKBACK_DAYS * 86_400_000)
    .toISOString()
    .slice(0, 10);
}
