/**
 * D1 helpers: one batch per submission (a transaction: all statements or none), retried only when
 * the batch is idempotent, and D1 errors sorted into kinds so routes can answer 403/409 without
 * ever showing the error text.
 */

export type D1Failure =
  /** A UNIQUE or PRIMARY KEY conflict; `target` is "table.column[, table.column]". */
  | { kind: 'unique'; target: string }
  | { kind: 'foreign_key' }
  /** A NOT NULL constraint; `target` is "table.column" (the staff audit guard uses one). */
  | { kind: 'not_null'; target: string }
  | { kind: 'check' }
  /** RAISE(ABORT, '<reason>') from one of our triggers. */
  | { kind: 'trigger'; reason: string }
  /** The database could not answer this time; trying again may work. */
  | { kind: 'transient' }
  | { kind: 'other' };

/** Messages D1 documents as transient (https://developers.cloudflare.com/d1/best-practices/retry-queries/). */
const TRANSIENT = [
  'Network connection lost',
  'storage caused object to be reset',
  'reset because its code was updated',
  'D1 DB is overloaded',
  'internal error',
];

/** Reasons our triggers RAISE with (migrations 0005 ballots_only_while_round_open, 0009 ballots_only_valid_choices). */
const TRIGGER_REASONS = ['round_not_open', 'choices_not_in_round'] as const;

export function classifyD1Error(error: unknown): D1Failure {
  const message = error instanceof Error ? error.message : String(error);
  const unique = /UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)/.exec(message);
  if (unique?.[1]) return { kind: 'unique', target: unique[1] };
  if (message.includes('FOREIGN KEY constraint failed')) return { kind: 'foreign_key' };
  const notNull = /NOT NULL constraint failed: ([\w.]+)/.exec(message);
  if (notNull?.[1]) return { kind: 'not_null', target: notNull[1] };
  if (message.includes('CHECK constraint failed')) return { kind: 'check' };
  const reason = TRIGGER_REASONS.find((text) => message.includes(text));
  if (reason) return { kind: 'trigger', reason };
  if (TRANSIENT.some((text) => message.includes(text))) return { kind: 'transient' };
  return { kind: 'other' };
}

export interface BatchOptions {
  /**
   * True when running the batch twice cannot write twice: it inserts a key generated before the
   * first attempt (tracking hash, receipt, idempotency key), so a repeat of a batch that did commit
   * fails on that key instead. Only then is a transient failure retried.
   */
  idempotent: boolean;
  /** Attempts in all, including the first. */
  attempts?: number;
}

/** Thrown when a transient failure outlived the retries (or could not be retried). */
export class DatabaseUnavailable extends Error {
  override readonly name = 'DatabaseUnavailable';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs statements as one D1 batch. Transient failures of idempotent batches are retried with
 * backoff and jitter; every other failure is rethrown for the caller to classify.
 * Returns the results and how many attempts were made (attempt > 1 means an earlier attempt may
 * have committed; the caller recognises that from the conflict on its own key).
 */
export async function runBatch(
  db: D1Database,
  statements: D1PreparedStatement[],
  options: BatchOptions,
): Promise<{ results: D1Result[]; attempt: number }> {
  const attempts = options.idempotent ? (options.attempts ?? 3) : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return { results: await db.batch(statements), attempt };
    } catch (error) {
      const failure = classifyD1Error(error);
      if (failure.kind !== 'transient') throw error;
      if (attempt >= attempts) throw new DatabaseUnavailable('database unavailable after retries');
      await sleep(50 * 2 ** attempt + Math.random() * 50);
    }
  }
}

/** A statement that always fails at run time, so a probing batch is always rolled back. */
function rollbackProbe(db: D1Database): D1PreparedStatement {
  return db.prepare(`SELECT json('rollback probe: not json') AS probe`);
}

function isProbeFailure(error: unknown): boolean {
  return (error instanceof Error ? error.message : String(error)).includes('malformed JSON');
}

/**
 * Runs statements in a batch that is always rolled back: how they would fail, or null when the
 * database would take them (a dry write, e.g. an import checked before it waits for a publish).
 */
export async function failureOfRolledBack(
  db: D1Database,
  statements: D1PreparedStatement[],
): Promise<{ failure: D1Failure; error: unknown } | null> {
  try {
    await db.batch([...statements, rollbackProbe(db)]);
  } catch (error) {
    return isProbeFailure(error) ? null : { failure: classifyD1Error(error), error };
  }
  throw new Error('rollback probe did not fail');
}

/**
 * Which of `count` ordered units (spreadsheet rows) makes a batch fail: the smallest n such that
 * the statements of the first n units fail on their own. Every probe ends with a failing statement,
 * so nothing is ever written; about log2(count) batches, run only after a commit already failed.
 * Returns the 0-based unit index, or null when the failure does not reproduce (a transient error).
 */
export async function locateFailingUnit(
  db: D1Database,
  count: number,
  statementsFor: (units: number) => Promise<D1PreparedStatement[]>,
): Promise<number | null> {
  const fails = async (units: number): Promise<boolean> => {
    try {
      await db.batch([...(await statementsFor(units)), rollbackProbe(db)]);
    } catch (error) {
      return !isProbeFailure(error);
    }
    throw new Error('rollback probe did not fail');
  };
  if (!(await fails(count))) return null;
  // Statements before the units (a replace import's removals) can fail on their own: no row then.
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (await fails(middle)) high = middle;
    else low = middle + 1;
  }
  return low === 0 ? null : low - 1;
}

/** A read statement together with the shape of the rows its SELECT returns. */
export interface Rows<Row> {
  readonly statement: D1PreparedStatement;
  /** Never set: it only carries the row type to readBatch. */
  readonly row?: Row;
}

/** Declares the row shape of a statement, next to the SQL that produces it. */
export function rows<Row>(statement: D1PreparedStatement): Rows<Row> {
  return { statement };
}

type RowsOf<Reads extends readonly Rows<unknown>[]> = {
  [K in keyof Reads]: Reads[K] extends Rows<infer Row> ? Row[] : never;
};

/**
 * Runs reads as one batch (one round trip, one consistent view), each result typed by the row
 * shape its statement declared. Reads are idempotent, so transient D1 failures are retried.
 */
export async function readBatch<const Reads extends readonly Rows<unknown>[]>(
  db: D1Database,
  reads: Reads,
): Promise<RowsOf<Reads>> {
  const { results } = await runBatch(
    db,
    reads.map((read) => read.statement),
    { idempotent: true },
  );
  // The one place rows meet their declared shape: D1 itself returns them untyped.
  return results.map((result) => result.results) as RowsOf<Reads>;
}

/**
 * The rows of one read inside a batch that also writes (runGuardedBatch), typed by the shape its
 * statement declared with rows<Row>() — the same meeting point as readBatch.
 */
export function rowsIn<Row>(_read: Rows<Row>, result: D1Result | undefined): Row[] {
  return (result?.results ?? []) as Row[];
}
