/**
 * Fault injectors around the real local D1 (no fake database): they make a batch fail the way D1
 * fails in production (transiently, before or after it commits). The row meter is bench/d1-meter.ts.
 */

export type BatchFault =
  /** The batch commits but its answer is lost on the way back (D1: "Network connection lost"). */
  | 'lose_answer_after_commit'
  /** The batch never reaches the database. */
  | 'fail_before_commit';

/**
 * A D1Database whose first `times` batches fail as `fault` says; everything else is the real
 * database. Counts the batch calls so a test can tell whether a write was retried.
 */
export function faultyDatabase(
  db: D1Database,
  fault: BatchFault,
  times = 1,
): { db: D1Database; batchCalls: () => number } {
  let calls = 0;
  const proxy = new Proxy(db, {
    get(target, property) {
      if (property === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          calls++;
          if (calls <= times) {
            if (fault === 'lose_answer_after_commit') await target.batch(statements);
            throw new Error('D1_ERROR: Network connection lost.');
          }
          return target.batch(statements);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      // `bind` on an untyped function answers `any`; the proxy hands it on as the unknown it is.
      const bound: unknown = typeof value === 'function' ? value.bind(target) : value;
      return bound;
    },
  });
  return { db: proxy, batchCalls: () => calls };
}
