/**
 * Duty reports (履职报告) of about a third of the deputies, with the voters' evaluation.
 * Schedule within the term: re-elected deputies in year 1, deputies holding official posts in
 * year 2, the others in years 3-4 (a few in the last year); at least 30% reported at a meeting.
 *
 * A report of year Y quotes Y's own figures, counted from the generated records up to the day
 * before it was given, so a reader can check each figure against the deputy's duty record.
 */

import { addDays, dayNumber, formatDay, minDate, yearOf } from './dates.ts';
import type { DeputyLevel as Level } from '#domain/deputies.ts';
import type { Ctx, Deputy } from './model.ts';
import { serves } from './model.ts';
import type { Rng } from './random.ts';
import type { LoggedActivity } from './activities.ts';
import { countInYearBefore, type SuggestionStats } from './suggestions.ts';
import { REPORT_SECTIONS } from './text.ts';
import type { World } from './world.ts';

const SHARE: Record<Level, number> = {
  national: 0.1,
  provincial: 0.25,
  municipal: 0.42,
  county: 0.4,
  township: 0.15,
};

function sentences(rng: Rng, pool: readonly string[], min: number, max: number): string[] {
  return rng.sample(pool, rng.int(min, max));
}

function audience(d: Deputy): string {
  return d.unit.kind === 'constituency'
    ? `${d.unit.name.replace(/（.*）$/, '')}选民`
    : `原选举单位${d.unit.name}常务委员会`;
}

export function buildReports(
  ctx: Ctx,
  world: World,
  activity: Map<string, LoggedActivity[]>,
  sugg: SuggestionStats,
): void {
  const rng = ctx.rng.fork('reports');
  for (const d of world.deputies) {
    if (!rng.chance(SHARE[d.level])) continue;
    const startYear = Number(d.term.startsOn.slice(0, 4));
    // A few of the others catch up in the term's last year, as the office's notice asks.
    const offset = d.reelected
      ? 0
      : d.official
        ? 1
        : rng.weighted([
            [2, 45],
            [3, 45],
            [4, 10],
          ] as const);
    const year = startYear + offset;
    // Reports are given in the second half of the year, so there is a year's work to speak of.
    const lo = `${year}-06-01`;
    const hi = minDate(`${year}-12-20`, addDays(ctx.asOf, -3));
    if (hi < lo) continue;
    const reportedOn = formatDay(rng.int(dayNumber(lo), dayNumber(hi)));
    if (!serves(d, reportedOn)) continue;
    const form = rng.chance(0.42) ? 'meeting' : 'written';
    // This year's figures, up to the day before the report.
    const mine = (activity.get(d.id) ?? []).filter(
      (a) => yearOf(a.on) === year && a.on < reportedOn && a.type !== 'session_meeting',
    );
    const count = mine.length;
    const days = mine.reduce((sum, a) => sum + a.days, 0);
    const receptions = mine.filter((a) => a.type === 'reception_day').length;
    const led = countInYearBefore(sugg.led.get(d.id), year, reportedOn);
    const cosigned = countInYearBefore(sugg.cosigned.get(d.id), year, reportedOn);
    const period = `${year}年1月至${Number(reportedOn.slice(5, 7))}月`;

    const law = sentences(rng, REPORT_SECTIONS.law_observance, 2, 4).join('');
    const sessionParts = sentences(rng, REPORT_SECTIONS.session_work, 2, 3);
    if (d.level === 'municipal')
      sessionParts.splice(1, 0, `${period}，领衔提出议案和建议${led}件，附议${cosigned}件。`);
    const between = [
      `${period}，闭会期间共参加各类履职活动${count}次，累计${days}天。`,
      ...sentences(rng, REPORT_SECTIONS.between_sessions_work, 1, 3),
    ];
    const contact = [...sentences(rng, REPORT_SECTIONS.public_contact, 2, 3)];
    if (receptions > 0) contact.unshift(`${period}，进站接待选民${receptions}次。`);
    const other = rng.chance(0.15) ? '' : sentences(rng, REPORT_SECTIONS.other_matters, 1, 2).join('');

    const total = form === 'meeting' ? rng.int(30, 90) : rng.int(12, 60);
    const satisfied = Math.round(total * rng.float(0.72, 0.95));
    const dissatisfied = Math.min(total - satisfied, rng.int(0, Math.max(0, Math.round(total * 0.04))));
    const basically = total - satisfied - dissatisfied;
    const published = minDate(addDays(reportedOn, rng.int(2, 10)), addDays(ctx.asOf, -1));
    ctx.t.duty_reports.add([
      `rpt-${d.id}-${year}`,
      d.id,
      year,
      form,
      reportedOn,
      audience(d).slice(0, 120),
      law,
      sessionParts.join(''),
      between.join(''),
      contact.join(''),
      other,
      satisfied,
      basically,
      dissatisfied,
      `${published}T02:00:00Z`,
    ]);
  }
}
