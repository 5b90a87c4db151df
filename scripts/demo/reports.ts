/**
 * Duty reports (履职报告) of about a third of the deputies, with the voters' evaluation.
 * Schedule within the term: re-elected deputies in year 1, deputies holding official posts in
 * year 2, the others in years 3-4; at least 30% reported at a meeting.
 */

import { addDays, dayNumber, formatDay, minDate } from './dates.ts';
import type { DeputyLevel as Level } from '#domain/deputies.ts';
import type { Ctx, Deputy } from './model.ts';
import { serves } from './model.ts';
import type { Rng } from './random.ts';
import type { YearStats } from './activities.ts';
import type { SuggestionStats } from './suggestions.ts';
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
  activity: Map<string, YearStats>,
  sugg: SuggestionStats,
): void {
  const rng = ctx.rng.fork('reports');
  for (const d of world.deputies) {
    if (!rng.chance(SHARE[d.level])) continue;
    const startYear = Number(d.term.startsOn.slice(0, 4));
    const offset = d.reelected ? 0 : d.official ? 1 : rng.int(2, 3);
    const year = startYear + offset;
    const lo = `${year}-03-01`;
    const hi = minDate(`${year}-11-30`, addDays(ctx.asOf, -3));
    if (hi < lo) continue;
    const reportedOn = formatDay(rng.int(dayNumber(lo), dayNumber(hi)));
    if (!serves(d, reportedOn)) continue;
    const form = rng.chance(0.42) ? 'meeting' : 'written';
    const stats = activity.get(`${d.id}:${year - 1}`) ??
      activity.get(`${d.id}:${year}`) ?? { count: 0, days: 0, receptions: 0 };
    const statsYear = activity.has(`${d.id}:${year - 1}`) ? year - 1 : year;
    const led = sugg.led.get(`${d.id}:${statsYear}`) ?? 0;
    const cosigned = sugg.cosigned.get(`${d.id}:${statsYear}`) ?? 0;

    const law = sentences(rng, REPORT_SECTIONS.law_observance, 2, 4).join('');
    const sessionParts = sentences(rng, REPORT_SECTIONS.session_work, 2, 3);
    if (d.level === 'municipal')
      sessionParts.splice(1, 0, `${statsYear}年领衔提出建议${led}件，附议建议${cosigned}件。`);
    const between = [
      `${statsYear}年闭会期间共参加各类履职活动${stats.count}次，累计${stats.days}天。`,
      ...sentences(rng, REPORT_SECTIONS.between_sessions_work, 1, 3),
    ];
    const contact = [...sentences(rng, REPORT_SECTIONS.public_contact, 2, 3)];
    if (stats.receptions > 0) contact.unshift(`${statsYear}年进站接待选民${stats.receptions}次。`);
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
