/** A deputy's duty record by year (pure: used by prerendered pages and by the Worker's profiles). */
import { YEARLY_ACTIVITY_DAYS_FLOOR, type DeputyRecord } from '#domain/deputies.ts';

export interface DutyYear {
  year: number;
  count: number;
  totalDays: number;
  /** Days between sessions: what the yearly floor counts (session meetings excluded). */
  betweenSessionDays: number;
  meetsFloor: boolean;
}

/** The duty record summed by year, latest first. */
export function dutyYears(deputy: DeputyRecord): DutyYear[] {
  const byYear = new Map<number, DutyYear>();
  for (const a of deputy.activities) {
    const year = Number(a.occurredOn.slice(0, 4));
    const row = byYear.get(year) ?? {
      year,
      count: 0,
      totalDays: 0,
      betweenSessionDays: 0,
      meetsFloor: false,
    };
    row.count += 1;
    row.totalDays += a.days;
    if (a.type !== 'session_meeting') row.betweenSessionDays += a.days;
    byYear.set(year, row);
  }
  for (const row of byYear.values()) row.meetsFloor = row.betweenSessionDays >= YEARLY_ACTIVITY_DAYS_FLOOR;
  return [...byYear.values()].sort((a, b) => b.year - a.year);
}
