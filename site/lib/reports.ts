/** Duty report coverage for current terms: who has reported and who is due by the schedule. */
import type { DeputyListing } from '#domain/deputies.ts';
import { reportDueWindow, type ReportEvaluation } from '#domain/reports.ts';
import type { PortalData } from './data.ts';

export type CoverageState = 'reported' | 'due_now' | 'overdue' | 'later';

export interface CoverageRow {
  deputy: DeputyListing;
  state: CoverageState;
  /** Calendar years of the due window. */
  dueFrom: number;
  dueTo: number;
}

export function coverage(data: PortalData): CoverageRow[] {
  const year = Number(data.asOf.slice(0, 4));
  const rows: CoverageRow[] = [];
  for (const deputy of data.deputies) {
    if (!deputy.termIsCurrent || deputy.status !== 'serving') continue;
    const startYear = Number(deputy.termStartsOn.slice(0, 4));
    const window = reportDueWindow(deputy);
    const dueFrom = startYear + window.from - 1;
    const dueTo = startYear + window.to - 1;
    const reported = (data.reportsByDeputy.get(deputy.id) ?? []).some(
      (r) => r.reportedOn >= deputy.termStartsOn && r.reportedOn <= deputy.termEndsOn,
    );
    const state: CoverageState = reported
      ? 'reported'
      : year > dueTo
        ? 'overdue'
        : year >= dueFrom
          ? 'due_now'
          : 'later';
    rows.push({ deputy, state, dueFrom, dueTo });
  }
  return rows;
}

export const coverageStateLabels: Record<CoverageState, string> = {
  reported: '本届已述职',
  due_now: '按计划今年述职，尚未述职',
  overdue: '已过计划年度，尚未述职',
  later: '计划在以后年度述职',
};

export function evaluationTotal(e: ReportEvaluation): number {
  return e.satisfied + e.basicallySatisfied + e.dissatisfied;
}
