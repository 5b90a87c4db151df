/**
 * Statistics of the records pages, as pure functions of the published records and an "as of"
 * date, so tests can recompute them and every number on a page has one definition.
 */
import { BEIJING_OFFSET_MS } from '../../../functions/lib/time.ts';
import type {
  ResultClass,
  Satisfaction,
  SuggestionAssignment,
  SuggestionRecord,
} from '#domain/suggestions.ts';
import type { ActivityYearFact, OpinionFact } from './input-schemas.ts';

/** Ratio rounded to 4 decimals, or null when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/** The median of a list of numbers (null when empty). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * How a unit's assignment stands against its reply deadline:
 * on_time: first reply on or before the due date; late: first reply after it;
 * overdue: no reply and the due date has passed; pending: no reply, not yet due.
 */
export type ReplyTiming = 'on_time' | 'late' | 'overdue' | 'pending';

export function firstReplyOn(item: SuggestionRecord, unitId: string): string | null {
  let first: string | null = null;
  for (const reply of item.replies) {
    if (reply.unitId === unitId && (first === null || reply.repliedOn < first)) first = reply.repliedOn;
  }
  return first;
}

export function replyTiming(
  item: SuggestionRecord,
  assignment: SuggestionAssignment,
  asOf: string,
): ReplyTiming {
  const first = firstReplyOn(item, assignment.unitId);
  if (first !== null) return first <= assignment.dueOn ? 'on_time' : 'late';
  return assignment.dueOn < asOf ? 'overdue' : 'pending';
}

export function leadAssignment(item: SuggestionRecord): SuggestionAssignment | undefined {
  return item.assignments.find((a) => a.role === 'lead');
}

/** An open commitment whose due date has passed. */
export function isCommitmentOverdue(c: { status: string; dueOn: string }, asOf: string): boolean {
  return c.status === 'open' && c.dueOn < asOf;
}

/** The item was rated unsatisfactory at least once (and so sent back for handling again). */
export function wasSentBack(item: SuggestionRecord): boolean {
  return item.ratings.some((r) => r.satisfaction === 'dissatisfied');
}

/** Overdue: the lead unit has not replied by its deadline, or a commitment is past due. */
export function isOverdue(item: SuggestionRecord, asOf: string): boolean {
  const lead = leadAssignment(item);
  if (lead && replyTiming(item, lead, asOf) === 'overdue') return true;
  return item.commitments.some((c) => isCommitmentOverdue(c, asOf));
}

export interface TimingCounts {
  onTime: number;
  late: number;
  overdue: number;
  pending: number;
  /** on time / (on time + late + overdue); pending ones are not yet judged. */
  onTimeRate: number | null;
}

export function timingCounts(timings: Iterable<ReplyTiming>): TimingCounts {
  const counts = { onTime: 0, late: 0, overdue: 0, pending: 0 };
  for (const t of timings) {
    if (t === 'on_time') counts.onTime++;
    else if (t === 'late') counts.late++;
    else if (t === 'overdue') counts.overdue++;
    else counts.pending++;
  }
  return { ...counts, onTimeRate: ratio(counts.onTime, counts.onTime + counts.late + counts.overdue) };
}

export type ClassCounts = Record<ResultClass, number>;
export type SatisfactionCounts = Record<Satisfaction, number>;

export interface CommitmentCounts {
  total: number;
  kept: number;
  open: number;
  overdue: number;
  dropped: number;
}

/** The summary every statistics table shows for a group of items. */
export interface SuggestionSummary {
  items: number;
  motions: number;
  suggestions: number;
  /** Items with a result class, i.e. answered by the lead unit. */
  classified: number;
  classes: ClassCounts;
  /** Class A share of the classified items: "solved or being solved". */
  shareA: number | null;
  shareB: number | null;
  shareC: number | null;
  rated: number;
  satisfaction: SatisfactionCounts;
  /** (satisfied + basically satisfied) / rated, on the latest rating. */
  satisfiedShare: number | null;
  /** Lead units' first replies against their deadlines. */
  timing: TimingCounts;
  sentBack: number;
  keySupervised: number;
  commitments: CommitmentCounts;
}

export function summarize(items: readonly SuggestionRecord[], asOf: string): SuggestionSummary {
  const classes: ClassCounts = { A: 0, B: 0, C: 0 };
  const satisfaction: SatisfactionCounts = { satisfied: 0, basically_satisfied: 0, dissatisfied: 0 };
  const commitments: CommitmentCounts = { total: 0, kept: 0, open: 0, overdue: 0, dropped: 0 };
  const timings: ReplyTiming[] = [];
  let motions = 0;
  let sentBack = 0;
  let keySupervised = 0;
  for (const item of items) {
    if (item.kind === 'motion') motions++;
    if (item.resultClass) classes[item.resultClass]++;
    if (item.satisfaction) satisfaction[item.satisfaction]++;
    if (wasSentBack(item)) sentBack++;
    if (item.keySupervisionLeader) keySupervised++;
    const lead = leadAssignment(item);
    if (lead) timings.push(replyTiming(item, lead, asOf));
    for (const c of item.commitments) {
      commitments.total++;
      commitments[c.status]++;
      if (isCommitmentOverdue(c, asOf)) commitments.overdue++;
    }
  }
  const classified = classes.A + classes.B + classes.C;
  const rated = satisfaction.satisfied + satisfaction.basically_satisfied + satisfaction.dissatisfied;
  return {
    items: items.length,
    motions,
    suggestions: items.length - motions,
    classified,
    classes,
    shareA: ratio(classes.A, classified),
    shareB: ratio(classes.B, classified),
    shareC: ratio(classes.C, classified),
    rated,
    satisfaction,
    satisfiedShare: ratio(satisfaction.satisfied + satisfaction.basically_satisfied, rated),
    timing: timingCounts(timings),
    sentBack,
    keySupervised,
    commitments,
  };
}

/** A handling unit's scorecard over the items assigned to it (as lead or co-handler). */
export interface UnitScorecard {
  unitId: string;
  assigned: number;
  asLead: number;
  asCo: number;
  /** All its assignments, lead and co, against their own deadlines. */
  timing: TimingCounts;
  /** Latest result class of the unit's own replies, on items it leads. */
  classes: ClassCounts;
  classified: number;
  shareA: number | null;
  /** Deputies' latest rating of the items it leads. */
  satisfaction: SatisfactionCounts;
  rated: number;
  satisfiedShare: number | null;
  /** Items it leads that were rated unsatisfactory at least once. */
  sentBack: number;
  /** Of those, how many it answered again (a reply in a later round). */
  rehandled: number;
  commitments: CommitmentCounts;
}

export function unitScorecard(
  unitId: string,
  items: readonly SuggestionRecord[],
  asOf: string,
): UnitScorecard {
  const classes: ClassCounts = { A: 0, B: 0, C: 0 };
  const satisfaction: SatisfactionCounts = { satisfied: 0, basically_satisfied: 0, dissatisfied: 0 };
  const commitments: CommitmentCounts = { total: 0, kept: 0, open: 0, overdue: 0, dropped: 0 };
  const timings: ReplyTiming[] = [];
  let asLead = 0;
  let asCo = 0;
  let sentBack = 0;
  let rehandled = 0;
  for (const item of items) {
    const assignment = item.assignments.find((a) => a.unitId === unitId);
    if (assignment) {
      timings.push(replyTiming(item, assignment, asOf));
      if (assignment.role === 'lead') {
        asLead++;
        let latest: { round: number; resultClass: ResultClass } | null = null;
        for (const r of item.replies) {
          if (r.unitId === unitId && r.resultClass && (latest === null || r.round >= latest.round)) {
            latest = { round: r.round, resultClass: r.resultClass };
          }
        }
        if (latest) classes[latest.resultClass]++;
        if (item.satisfaction) satisfaction[item.satisfaction]++;
        const firstDissatisfied = item.ratings.find((r) => r.satisfaction === 'dissatisfied');
        if (firstDissatisfied) {
          sentBack++;
          if (item.replies.some((r) => r.unitId === unitId && r.round > firstDissatisfied.round)) rehandled++;
        }
      } else {
        asCo++;
      }
    }
    for (const c of item.commitments) {
      if (c.unitId !== unitId) continue;
      commitments.total++;
      commitments[c.status]++;
      if (isCommitmentOverdue(c, asOf)) commitments.overdue++;
    }
  }
  const classified = classes.A + classes.B + classes.C;
  const rated = satisfaction.satisfied + satisfaction.basically_satisfied + satisfaction.dissatisfied;
  return {
    unitId,
    assigned: asLead + asCo,
    asLead,
    asCo,
    timing: timingCounts(timings),
    classes,
    classified,
    shareA: ratio(classes.A, classified),
    satisfaction,
    rated,
    satisfiedShare: ratio(satisfaction.satisfied + satisfaction.basically_satisfied, rated),
    sentBack,
    rehandled,
    commitments,
  };
}

/** Bins of the yearly activity-days distribution; the 15-day floor starts a bin. */
export const activityDayBins = [
  { key: 'days_0', label: '0 天', min: 0, max: 0 },
  { key: 'days_under_5', label: '不足 5 天', min: 0.5, max: 4.5 },
  { key: 'days_5_10', label: '5–9.5 天', min: 5, max: 9.5 },
  { key: 'days_10_15', label: '10–14.5 天', min: 10, max: 14.5 },
  { key: 'days_15_20', label: '15–19.5 天', min: 15, max: 19.5 },
  { key: 'days_20_30', label: '20–29.5 天', min: 20, max: 29.5 },
  { key: 'days_30_plus', label: '30 天及以上', min: 30, max: Number.POSITIVE_INFINITY },
] as const;

export interface ActivityDistribution {
  year: number;
  deputies: number;
  bins: { key: string; label: string; count: number }[];
  meetingFloor: number;
  meetingFloorShare: number | null;
  medianDays: number | null;
}

export function activityDistribution(
  facts: readonly ActivityYearFact[],
  year: number,
  floorDays: number,
): ActivityDistribution {
  const days = facts.filter((f) => f.year === year).map((f) => f.days);
  const bins = activityDayBins.map((bin) => ({
    key: bin.key,
    label: bin.label,
    count: days.filter((d) => d >= bin.min && d <= bin.max).length,
  }));
  const meetingFloor = days.filter((d) => d >= floorDays).length;
  return {
    year,
    deputies: days.length,
    bins,
    meetingFloor,
    meetingFloorShare: ratio(meetingFloor, days.length),
    medianDays: median(days),
  };
}

/** The civil year in Beijing of a UTC timestamp. */
export function beijingYear(utc: string): number {
  return new Date(Date.parse(utc) + BEIJING_OFFSET_MS).getUTCFullYear();
}

export interface OpinionYear {
  year: number;
  received: number;
  /** Opinions that got a first public reply. */
  answered: number;
  answeredShare: number | null;
  /** Median days from receipt to first reply, one decimal. */
  medianReplyDays: number | null;
}

export function opinionYears(facts: readonly OpinionFact[]): OpinionYear[] {
  const byYear = new Map<number, { received: number; days: number[] }>();
  for (const f of facts) {
    const year = beijingYear(f.receivedAt);
    const entry = byYear.get(year) ?? { received: 0, days: [] };
    entry.received++;
    if (f.firstRepliedAt) {
      entry.days.push((Date.parse(f.firstRepliedAt) - Date.parse(f.receivedAt)) / 86_400_000);
    }
    byYear.set(year, entry);
  }
  return [...byYear.entries()]
    .sort(([a], [b]) => b - a)
    .map(([year, { received, days }]) => {
      const m = median(days);
      return {
        year,
        received,
        answered: days.length,
        answeredShare: ratio(days.length, received),
        medianReplyDays: m === null ? null : Math.round(m * 10) / 10,
      };
    });
}
