/**
 * Deterministic demo city for the deputies' portal: 星澜市 (fictional), its congresses at five
 * levels, deputies, groups, stations, duty records, suggestions, livelihood project rounds and
 * citizens' opinions, as SQL INSERT statements in foreign-key order for the local D1.
 *
 * Pure: the same options give the same statements. Randomness comes only from a seeded
 * mulberry32 stream; the clock is never read (asOf is given).
 */

import { buildActivities } from './activities.ts';
import { isIsoDate } from './dates.ts';
import type { Ctx } from './model.ts';
import { NameGen } from './names.ts';
import { buildOpinions } from './opinions.ts';
import { Rng } from './random.ts';
import { buildReports } from './reports.ts';
import { buildRounds } from './rounds.ts';
import { buildStations } from './stations.ts';
import { buildSuggestions } from './suggestions.ts';
import { createTables } from './tables.ts';
import { CITY_NAME, buildGroups, buildWorld } from './world.ts';

export interface DemoCityOptions {
  /** Seed of the pseudo-random stream (default 1). */
  seed?: number;
  /** Multiplies the big counts: 1 is a city portal's size, 0.05 a tiny test city, 10 a benchmark. */
  scale?: number;
  /** The demo's "today" as a Beijing calendar date, YYYY-MM-DD. */
  asOf: string;
}

export interface DemoCity {
  /** INSERT statements in foreign-key order, at most 200 rows each. */
  statements: string[];
  /** Rows per table. */
  summary: Record<string, number>;
  /** Five unused voting codes of the open round. */
  demoVotingCodes: string[];
  /** Tracking codes of three opinions that have a published reply. */
  demoTrackingCodes: string[];
}

export const DEFAULT_SEED = 1;
export const EARLIEST_AS_OF = '2022-03-01';

/** Throws a RangeError naming the first invalid option. */
export function validateDemoOptions(options: DemoCityOptions): Required<DemoCityOptions> {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 1;
  const { asOf } = options;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer between 0 and 4294967295, got ${seed}`);
  }
  if (!Number.isFinite(scale) || scale <= 0 || scale > 20) {
    throw new RangeError(`scale must be a number in (0, 20], got ${scale}`);
  }
  if (!isIsoDate(asOf) || asOf < EARLIEST_AS_OF) {
    throw new RangeError(`asOf must be a date YYYY-MM-DD on or after ${EARLIEST_AS_OF}, got ${asOf}`);
  }
  return { seed, scale, asOf };
}

export async function generateDemoCity(options: DemoCityOptions): Promise<DemoCity> {
  const { seed, scale, asOf } = validateDemoOptions(options);

  const rng = new Rng(seed);
  const t = createTables();
  const ctx: Ctx = {
    rng,
    seed,
    scale,
    asOf,
    cutoff: `${asOf}T00:00:00Z`,
    t,
    names: new NameGen(rng.fork('names')),
  };

  const settings: [string, string][] = [
    ['portal_name', `${CITY_NAME}人大代表履职公开平台`],
    ['city_name', CITY_NAME],
    ['congress_name', `${CITY_NAME}人民代表大会常务委员会`],
    ['demo_data', '1'],
    ['demo_as_of', asOf],
    ['demo_seed', String(seed)],
    ['demo_scale', String(scale)],
  ];
  for (const [key, value] of settings) t.portal_settings.add([key, value]);

  const world = buildWorld(ctx);
  buildGroups(ctx, world);
  const { stations, planned } = buildStations(ctx, world);
  const activity = buildActivities(ctx, world, planned, stations);
  const suggestionStats = buildSuggestions(ctx, world);
  buildReports(ctx, world, activity, suggestionStats);
  const usedCodes = new Set<string>();
  const { demoVotingCodes } = await buildRounds(ctx, world, usedCodes);
  const demoTrackingCodes = await buildOpinions(ctx, world, stations, usedCodes);

  const statements: string[] = [];
  const summary: Record<string, number> = {};
  for (const table of Object.values(t)) {
    summary[table.name] = table.count;
    statements.push(...table.statements());
  }
  statements.push(...changeHistory(asOf));
  return { statements, summary, demoVotingCodes, demoTrackingCodes };
}

/**
 * The public change log as the triggers would have written it had the demo's records been edited
 * one by one: status changes of deputies, the last year's satisfaction ratings and result classes
 * of suggestions, and kept commitments. Derived from the generated rows, so it cannot disagree.
 */
function changeHistory(asOf: string): string[] {
  const since = `date('${asOf}', '-365 days')`;
  return [
    `INSERT INTO change_log (at, entity_type, entity_id, field, old_value, new_value, note)
SELECT effective_on || 'T02:00:00Z', 'deputy', deputy_id, 'status', 'serving', status, reason
FROM deputy_status_events WHERE status <> 'serving' ORDER BY effective_on, deputy_id;`,
    `INSERT INTO change_log (at, entity_type, entity_id, field, old_value, new_value)
SELECT r.replied_on || 'T03:00:00Z', 'suggestion', r.suggestion_id, 'result_class',
  (SELECT p.result_class FROM suggestion_replies p JOIN suggestion_assignments pa
     ON pa.suggestion_id = p.suggestion_id AND pa.handling_unit_id = p.handling_unit_id AND pa.role = 'lead'
   WHERE p.suggestion_id = r.suggestion_id AND p.round = r.round - 1),
  r.result_class
FROM suggestion_replies r JOIN suggestion_assignments a
  ON a.suggestion_id = r.suggestion_id AND a.handling_unit_id = r.handling_unit_id AND a.role = 'lead'
WHERE r.replied_on >= ${since} AND r.result_class IS NOT NULL ORDER BY r.replied_on, r.suggestion_id;`,
    `INSERT INTO change_log (at, entity_type, entity_id, field, old_value, new_value)
SELECT rated_on || 'T08:00:00Z', 'suggestion', suggestion_id, 'satisfaction',
  (SELECT p.satisfaction FROM suggestion_ratings p WHERE p.suggestion_id = r.suggestion_id AND p.round = r.round - 1),
  satisfaction
FROM suggestion_ratings r WHERE rated_on >= ${since} ORDER BY rated_on, suggestion_id;`,
    `INSERT INTO change_log (at, entity_type, entity_id, field, old_value, new_value, note)
SELECT kept_on || 'T06:00:00Z', 'commitment', id, 'status', 'open', 'kept', evidence
FROM commitments WHERE status = 'kept' ORDER BY kept_on, id;`,
  ];
}
