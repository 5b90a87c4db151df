/** In-memory model of the demo city, shared by the generator's parts. */

import type { DeputyLevel as Level, DeputyStatus } from '#domain/deputies.ts';
import type { AreaKind } from '#domain/places.ts';
import type { NameGen } from './names.ts';
import type { Rng } from './random.ts';
import type { Tables } from './tables.ts';

export type Sector = 'worker_farmer' | 'professional' | 'official' | 'business' | 'other';

export interface Area {
  id: string;
  parentId: string | null;
  kind: AreaKind;
  name: string;
  districtId: string | null;
  /** Name from the district down, e.g. 望川区川东街道柳湾社区. */
  path: string;
  children: Area[];
  lat: number;
  lng: number;
}

export interface SessionDates {
  number: number;
  opensOn: string;
  closesOn: string;
  /** Row id when the session is stored in the sessions table. */
  id: string | null;
}

export interface Term {
  id: string;
  congressId: string;
  level: Level;
  number: number;
  startsOn: string;
  endsOn: string;
  /** e.g. 星澜市第十六届人民代表大会 */
  bodyName: string;
  /** e.g. 市人大常委会 */
  standingCommittee: string | null;
  sessions: SessionDates[];
}

export interface Unit {
  id: string;
  term: Term;
  kind: 'electoral_unit' | 'constituency';
  name: string;
  /** Areas the unit covers (electoral_unit_areas). */
  areaIds: string[];
  seats: number;
  districtId: string | null;
  townId: string | null;
}

export interface StatusEvent {
  status: DeputyStatus;
  on: string;
  reason: string;
}

export interface Deputy {
  id: string;
  name: string;
  gender: 'male' | 'female';
  level: Level;
  term: Term;
  unit: Unit;
  districtId: string | null;
  townId: string | null;
  sector: Sector;
  official: boolean;
  reelected: boolean;
  status: DeputyStatus;
  /** First day of service. */
  startOn: string;
  /** First day no longer serving, or null. */
  endOn: string | null;
  events: StatusEvent[];
  /** Relative propensity to file suggestions and take part. */
  zeal: number;
  stationIds: string[];
}

export interface Station {
  id: string;
  name: string;
  kind: 'station' | 'home' | 'reception_point';
  area: Area;
  districtId: string;
  deputies: Deputy[];
  isActive: boolean;
}

/** Activities already known for a deputy (reception days), by year. */
export interface PlannedActivity {
  type: 'reception_day';
  on: string;
  days: number;
  title: string;
}

export interface Ctx {
  rng: Rng;
  seed: number;
  scale: number;
  asOf: string;
  /** Timestamps in the data are at or before this instant ('asOf 00:00:00Z'). */
  cutoff: string;
  t: Tables;
  names: NameGen;
}

export function serves(deputy: Deputy, on: string): boolean {
  return deputy.startOn <= on && (deputy.endOn === null || on < deputy.endOn);
}

/** A count scaled from the scale-1 figure, never below the minimum. */
export function scaled(ctx: Ctx, base: number, minimum: number): number {
  return Math.max(minimum, Math.round(base * ctx.scale));
}
