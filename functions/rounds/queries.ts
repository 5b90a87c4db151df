import type { RoundMode, RoundPhase, VoteChannel } from '#domain/projects.ts';
import { readBatch, rows } from '../lib/d1.ts';
import { SQL_NOW } from '../lib/time.ts';

/** Typed D1 statements for the advisory vote. Times are UTC 'YYYY-MM-DDTHH:MM:SSZ'. */

export interface RoundRow {
  year: number;
  title: string;
  mode: RoundMode;
  max_choices: number;
  counts_public: number;
  opens_at: string | null;
  closes_at: string | null;
  /** The phase containing the database's now, public_voting first if phases overlap. */
  current_phase: RoundPhase | null;
  first_starts_at: string | null;
  last_ends_at: string | null;
  now: string;
}

export interface CandidateCountRow {
  id: string;
  title: string;
  online: number;
  station: number;
  paper: number;
}

const ROUND_COLUMNS = `r.year, r.title, r.mode, r.max_choices, r.counts_public,
  (SELECT starts_at FROM round_phases WHERE round_year = r.year AND phase = 'public_voting') AS opens_at,
  (SELECT ends_at FROM round_phases WHERE round_year = r.year AND phase = 'public_voting') AS closes_at,
  (SELECT phase FROM round_phases WHERE round_year = r.year AND starts_at <= ${SQL_NOW} AND ends_at > ${SQL_NOW}
     ORDER BY phase = 'public_voting' DESC LIMIT 1) AS current_phase,
  (SELECT MIN(starts_at) FROM round_phases WHERE round_year = r.year) AS first_starts_at,
  (SELECT MAX(ends_at) FROM round_phases WHERE round_year = r.year) AS last_ends_at,
  ${SQL_NOW} AS now`;

/**
 * The round and its candidates with their counts: rows read grow with the candidates (three
 * counter rows each at most), never with the ballots.
 */
export async function readRoundWithCounts(
  db: D1Database,
  year: number,
): Promise<{ round: RoundRow | null; candidates: CandidateCountRow[] }> {
  const [rounds, candidates] = await readBatch(db, [
    rows<RoundRow>(db.prepare(`SELECT ${ROUND_COLUMNS} FROM project_rounds r WHERE r.year = ?1`).bind(year)),
    rows<CandidateCountRow>(
      db
        .prepare(
          `SELECT c.id, c.title,
           COALESCE((SELECT count FROM vote_counts WHERE candidate_id = c.id AND channel = 'online'), 0) AS online,
           COALESCE((SELECT count FROM vote_counts WHERE candidate_id = c.id AND channel = 'station'), 0) AS station,
           COALESCE((SELECT count FROM vote_counts WHERE candidate_id = c.id AND channel = 'paper'), 0) AS paper
         FROM project_candidates c WHERE c.round_year = ?1 ORDER BY c.sort_order, c.id`,
        )
        .bind(year),
    ),
  ]);
  return { round: rounds[0] ?? null, candidates };
}

export interface BallotRoundRow {
  year: number;
  mode: RoundMode;
  max_choices: number;
  opens_at: string | null;
  closes_at: string | null;
  now: string;
  /** JSON list of the round's candidate ids. */
  candidate_ids: string;
  title: string;
  /** JSON object: candidate id → title (for the confirmation step). */
  candidate_titles: string;
}

/** What checking a ballot needs: mode, maximum, window and the candidates of the round. */
export async function readBallotRound(db: D1Database, year: number): Promise<BallotRoundRow | null> {
  const { results } = await db
    .prepare(
      `SELECT r.year, r.mode, r.max_choices,
         (SELECT starts_at FROM round_phases WHERE round_year = r.year AND phase = 'public_voting') AS opens_at,
         (SELECT ends_at FROM round_phases WHERE round_year = r.year AND phase = 'public_voting') AS closes_at,
         ${SQL_NOW} AS now,
         (SELECT json_group_array(id) FROM project_candidates WHERE round_year = r.year) AS candidate_ids,
         r.title,
         (SELECT json_group_object(id, title) FROM project_candidates WHERE round_year = r.year) AS candidate_titles
       FROM project_rounds r WHERE r.year = ?1`,
    )
    .bind(year)
    .all<BallotRoundRow>();
  return results[0] ?? null;
}

/**
 * The ballot itself, first in the batch: the trigger ballots_only_while_round_open checks the
 * window with the database clock, and a repeat of a committed batch stops here on the receipt.
 */
export function insertBallot(
  db: D1Database,
  receiptHash: string,
  year: number,
  choices: string[],
): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO ballots (receipt_hash, round_year, choices) VALUES (?1, ?2, ?3)`)
    .bind(receiptHash, year, JSON.stringify(choices));
}

/** Spends a voting code: fails on reuse (primary key) or an unknown code (foreign key). */
export function spendVotingCode(db: D1Database, year: number, codeHash: string): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO voting_code_uses (round_year, code_hash) VALUES (?1, ?2)`)
    .bind(year, codeHash);
}

/** Marks the browser as having voted in an open round: fails on a second ballot (primary key). */
export function markBrowserVoted(db: D1Database, year: number, browserKeyHash: string): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO open_ballot_keys (round_year, browser_key_hash) VALUES (?1, ?2)`)
    .bind(year, browserKeyHash);
}

/** Adds one to each chosen candidate's counter of the channel (creating the row if missing). */
export function countChoices(db: D1Database, channel: VoteChannel, choices: string[]): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO vote_counts (candidate_id, channel, count)
       SELECT value, ?1, 1 FROM json_each(?2) WHERE true
       ON CONFLICT (candidate_id, channel) DO UPDATE SET count = count + 1`,
    )
    .bind(channel, JSON.stringify(choices));
}

/** The stored ballot behind a receipt (casting is insertBallot above). */
export async function readBallotByReceipt(
  db: D1Database,
  receiptHash: string,
): Promise<{ round_year: number; round_title: string; cast_at: string } | null> {
  const { results } = await db
    .prepare(
      `SELECT b.round_year, r.title AS round_title, b.cast_at
       FROM ballots b JOIN project_rounds r ON r.year = b.round_year WHERE b.receipt_hash = ?1`,
    )
    .bind(receiptHash)
    .all<{ round_year: number; round_title: string; cast_at: string }>();
  return results[0] ?? null;
}
