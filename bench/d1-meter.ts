/**
 * A meter around the real local D1 (no fake database): it adds up the rows read and written that
 * D1 reports in each result's `meta`. The benchmark's metered Worker and the cost tests use it.
 */

export interface Usage {
  rowsRead: number;
  rowsWritten: number;
  queries: number;
  batches: number;
  /** Wall time spent waiting for D1 (calls that overlap count once each). */
  d1Ms: number;
}

const REAL = new WeakMap<object, D1PreparedStatement>();

function record(usage: Usage, results: D1Result[] | D1Result): void {
  for (const result of Array.isArray(results) ? results : [results]) {
    usage.rowsRead += result.meta.rows_read;
    usage.rowsWritten += result.meta.rows_written;
  }
}

function meterStatement(statement: D1PreparedStatement, usage: Usage): D1PreparedStatement {
  const proxy = new Proxy(statement, {
    get(target, property) {
      if (property === 'bind') {
        return (...values: unknown[]) => meterStatement(target.bind(...values), usage);
      }
      if (property === 'all' || property === 'run') {
        return async () => {
          usage.queries++;
          const started = performance.now();
          const result = await target[property]();
          usage.d1Ms += performance.now() - started;
          record(usage, result);
          return result;
        };
      }
      // first() gives no meta: it is answered from all(), which reads the same rows.
      if (property === 'first') {
        return async (column?: string) => {
          usage.queries++;
          const started = performance.now();
          const result = await target.all();
          usage.d1Ms += performance.now() - started;
          record(usage, result);
          const row = result.results[0];
          if (row === undefined) return null;
          return column === undefined ? row : (row[column] ?? null);
        };
      }
      if (property === 'raw') throw new Error('metered statements do not support raw()');
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      // Bound to the real object: its methods rely on their own internal fields.
      const bound: unknown = value.bind(target);
      return bound;
    },
  });
  REAL.set(proxy, statement);
  return proxy;
}

function unwrap(statements: D1PreparedStatement[]): D1PreparedStatement[] {
  return statements.map((s) => REAL.get(s) ?? s);
}

/** A D1Database that counts what every query and batch read and wrote. */
export function meteredDatabase(db: D1Database): { db: D1Database; usage: Usage; reset: () => void } {
  const usage: Usage = { rowsRead: 0, rowsWritten: 0, queries: 0, batches: 0, d1Ms: 0 };
  const proxy = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return (sql: string) => meterStatement(target.prepare(sql), usage);
      if (property === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          usage.batches++;
          const started = performance.now();
          const results = await target.batch(unwrap(statements));
          usage.d1Ms += performance.now() - started;
          record(usage, results);
          return results;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      // Bound to the real object: its methods rely on their own internal fields.
      const bound: unknown = value.bind(target);
      return bound;
    },
  });
  return {
    db: proxy,
    usage,
    reset: () => Object.assign(usage, { rowsRead: 0, rowsWritten: 0, queries: 0, batches: 0, d1Ms: 0 }),
  };
}
