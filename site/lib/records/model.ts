/**
 * Everything the records pages need, read once per build (site/lib/published.ts) and
 * indexed in maps, so each of the thousands of pages does lookups instead of scans.
 */
import * as published from '../published.ts';
import type { ProjectCandidateRecord, ProjectRoundRecord } from '#domain/projects.ts';
import type { ChangeLogEntry } from '#domain/change-log.ts';
import type { SessionRecord, SuggestionRecord } from '#domain/suggestions.ts';
import type { HandlingUnitRecord } from '#domain/units.ts';
import type { DeputyListing } from '#domain/deputies.ts';
import type { StationRecord } from '#domain/places.ts';
import type { DutyReportRecord } from '#domain/reports.ts';
import { sessionLabel, sessionShortLabel } from './format.ts';
import type { ActivityYearFact, OpinionFact, PublishRecord, TermCoverageFact } from './input-schemas.ts';
import { beijingToday } from '../../../functions/lib/time.ts';

export interface RecordsModel {
  /** The date overdue deadlines are judged against: the demo's as-of date, else today in Beijing. */
  asOf: string;
  /** When this build ran (UTC). */
  builtAt: string;
  portalName: string;
  sessions: SessionRecord[];
  sessionById: Map<string, SessionRecord>;
  sessionName: (id: string) => string;
  sessionShortName: (id: string) => string;
  units: HandlingUnitRecord[];
  unitById: Map<string, HandlingUnitRecord>;
  unitName: (id: string) => string;
  /** Newest session first, then motions before suggestions, then by number. */
  items: SuggestionRecord[];
  itemById: Map<string, SuggestionRecord>;
  itemsBySession: Map<string, SuggestionRecord[]>;
  /** Items each unit handles, as lead or co-handler. */
  itemsByUnit: Map<string, SuggestionRecord[]>;
  /** Which item a commitment belongs to (the change log names commitments by id). */
  itemByCommitment: Map<string, string>;
  rounds: ProjectRoundRecord[];
  roundByYear: Map<number, ProjectRoundRecord>;
  candidates: ProjectCandidateRecord[];
  candidatesByRound: Map<number, ProjectCandidateRecord[]>;
  candidateById: Map<string, ProjectCandidateRecord>;
  /** Newest first. */
  changes: ChangeLogEntry[];
  changesByEntity: Map<string, ChangeLogEntry[]>;
  activityYears: ActivityYearFact[];
  termCoverage: TermCoverageFact[];
  opinions: OpinionFact[];
  publishes: PublishRecord[];
  /** Names from the people collections, for the change log. */
  deputyNames: Map<string, string>;
  stationNames: Map<string, string>;
  /** The people collections themselves, for the open datasets (by id). */
  deputies: DeputyListing[];
  stations: StationRecord[];
  reports: DutyReportRecord[];
}

export function entityKey(type: string, id: string): string {
  return `${type}:${id}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

async function load(): Promise<RecordsModel> {
  const [
    settings,
    sessions,
    units,
    items,
    rounds,
    candidates,
    changes,
    activity,
    coverage,
    opinions,
    pubs,
    deputies,
    stations,
    reports,
  ] = await Promise.all([
    published.portalSettings(),
    published.congressSessions(),
    published.handlingUnits(),
    published.suggestions(),
    published.projectRounds(),
    published.projectCandidates(),
    published.changeLog(),
    published.activityYears(),
    published.termCoverage(),
    published.opinionFacts(),
    published.publishes(),
    published.deputies(),
    published.stations(),
    published.dutyReports(),
  ]);

  const sessionList = [...sessions].sort((a, b) => b.opensOn.localeCompare(a.opensOn));
  const sessionById = new Map(sessionList.map((s) => [s.id, s]));
  const sessionOrder = new Map(sessionList.map((s, i) => [s.id, i]));
  const unitList = [...units].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const unitById = new Map(unitList.map((u) => [u.id, u]));

  const itemList = [...items].sort(
    (a, b) =>
      (sessionOrder.get(a.sessionId) ?? 0) - (sessionOrder.get(b.sessionId) ?? 0) ||
      (a.kind === b.kind ? 0 : a.kind === 'motion' ? -1 : 1) ||
      a.number - b.number,
  );
  const itemsBySession = new Map<string, SuggestionRecord[]>();
  const itemsByUnit = new Map<string, SuggestionRecord[]>();
  const itemByCommitment = new Map<string, string>();
  for (const item of itemList) {
    push(itemsBySession, item.sessionId, item);
    for (const a of item.assignments) push(itemsByUnit, a.unitId, item);
    for (const c of item.commitments) itemByCommitment.set(c.id, item.id);
  }

  const candidateList = [...candidates].sort(
    (a, b) => b.roundYear - a.roundYear || a.sortOrder - b.sortOrder || a.id.localeCompare(b.id),
  );
  const candidatesByRound = new Map<number, ProjectCandidateRecord[]>();
  for (const c of candidateList) push(candidatesByRound, c.roundYear, c);
  const roundList = [...rounds].sort((a, b) => b.year - a.year);

  const changeList = [...changes].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
  const changesByEntity = new Map<string, ChangeLogEntry[]>();
  for (const c of changeList) push(changesByEntity, entityKey(c.entityType, c.entityId), c);

  const asOf = settings.demoAsOf ?? beijingToday();
  return {
    asOf,
    builtAt: new Date().toISOString().slice(0, 19) + 'Z',
    portalName: settings.portalName,
    sessions: sessionList,
    sessionById,
    sessionName: (id) => {
      const s = sessionById.get(id);
      return s ? sessionLabel(s) : id;
    },
    sessionShortName: (id) => {
      const s = sessionById.get(id);
      return s ? sessionShortLabel(s) : id;
    },
    units: unitList,
    unitById,
    unitName: (id) => unitById.get(id)?.name ?? id,
    items: itemList,
    itemById: new Map(itemList.map((i) => [i.id, i])),
    itemsBySession,
    itemsByUnit,
    itemByCommitment,
    rounds: roundList,
    roundByYear: new Map(roundList.map((r) => [r.year, r])),
    candidates: candidateList,
    candidatesByRound,
    candidateById: new Map(candidateList.map((c) => [c.id, c])),
    changes: changeList,
    changesByEntity,
    activityYears: activity,
    termCoverage: coverage,
    opinions,
    publishes: [...pubs].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt)),
    deputyNames: new Map(deputies.map((d) => [d.id, d.name])),
    stationNames: new Map(stations.map((s) => [s.id, s.name])),
    deputies: [...deputies].sort((a, b) => a.id.localeCompare(b.id)),
    stations: [...stations].sort((a, b) => a.id.localeCompare(b.id)),
    reports: [...reports].sort(
      (a, b) => a.reportedOn.localeCompare(b.reportedOn) || a.id.localeCompare(b.id),
    ),
  };
}

// One model per build process; Astro renders every page in the same process.
let pending: Promise<RecordsModel> | undefined;

export function getRecordsModel(): Promise<RecordsModel> {
  pending ??= load();
  return pending;
}
