/**
 * What the opinion form pages of one deputy or one station need, read from D1 when the Worker
 * renders them (one page per serving deputy and open station would grow with the city). The
 * retention period is the Worker's own CONTACT_RETENTION_DAYS, the one it applies.
 */
import type { D1Database } from '@cloudflare/workers-types';
import { env } from 'cloudflare:workers';
import { DeputyLevel } from '#domain/deputies.ts';
import { StationKind } from '#domain/places.ts';
import { contactRetentionDays } from '../../../functions/lib/retention.ts';
import {
  OPINION_CATEGORIES_QUERY,
  opinionCategoryRecord,
  type OpinionCategory,
  type OpinionCategoryRow,
} from '../../loaders/participation-queries.ts';
import {
  ACTIVE_STATION_ADDRESSEE_QUERY,
  SERVING_DEPUTY_ADDRESSEE_QUERY,
  type DeputyAddresseeRow,
  type StationAddresseeRow,
} from '../../loaders/people-queries.ts';
import { OpinionCategoryRecord } from '#domain/opinions.ts';

export interface OpinionFormContext {
  categories: OpinionCategory[];
  retentionDays: number;
}

export async function loadOpinionFormContext(db: D1Database): Promise<OpinionFormContext> {
  const { results } = await db.prepare(OPINION_CATEGORIES_QUERY).all<OpinionCategoryRow>();
  return {
    categories: results.map((row) => ({
      id: row.id,
      ...OpinionCategoryRecord.parse(opinionCategoryRecord(row)),
    })),
    retentionDays: contactRetentionDays(env),
  };
}

export interface DeputyAddressee {
  id: string;
  name: string;
  level: DeputyLevel;
  congressName: string;
  electoralUnitName: string;
}

/** A serving deputy, or null (only serving deputies take opinions; the API refuses the others too). */
export async function loadDeputyAddressee(db: D1Database, id: string): Promise<DeputyAddressee | null> {
  const row = await db.prepare(SERVING_DEPUTY_ADDRESSEE_QUERY).bind(id).first<DeputyAddresseeRow>();
  return row
    ? {
        id: row.id,
        name: row.name,
        level: DeputyLevel.parse(row.level),
        congressName: row.congress_name,
        electoralUnitName: row.electoral_unit_name,
      }
    : null;
}

export interface StationAddressee {
  id: string;
  name: string;
  kind: StationKind;
  address: string;
}

/** An open station, or null (closed stations take no opinions; the API refuses them too). */
export async function loadStationAddressee(db: D1Database, id: string): Promise<StationAddressee | null> {
  const row = await db.prepare(ACTIVE_STATION_ADDRESSEE_QUERY).bind(id).first<StationAddresseeRow>();
  return row ? { id: row.id, name: row.name, kind: StationKind.parse(row.kind), address: row.address } : null;
}
