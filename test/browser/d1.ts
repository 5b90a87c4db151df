import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';

/**
 * Reads a portal's local D1 (`persist`: the v3 folder `wrangler dev --persist-to` keeps) as the
 * running `wrangler dev` has left it: the SQLite file of the `DB` binding (the only D1 of
 * wrangler.toml), opened read-only beside workerd. The file is in WAL mode, so the reader sees
 * every write the Worker has committed. A `wrangler d1 execute` per check would start a CLI and a
 * workerd each time (about 2 s of CPU) to read the same file.
 */
export function queryD1<Row>(persist: string, sql: string, ...params: SQLInputValue[]): Row[] {
  // Where miniflare keeps the local D1 databases of a persist folder, one SQLite file each.
  const D1_DIR = join(persist, 'd1', 'miniflare-D1DatabaseObject');
  const files = readdirSync(D1_DIR).filter((name) => name.endsWith('.sqlite') && name !== 'metadata.sqlite');
  if (files.length !== 1) throw new Error(`expected one D1 database in ${D1_DIR}, found ${files.join(', ')}`);
  const db = new DatabaseSync(join(D1_DIR, files[0] ?? ''), { readOnly: true });
  try {
    // Plain objects, as the D1 API gives them (node:sqlite's rows have no prototype).
    return db
      .prepare(sql)
      .all(...params)
      .map((row) => ({ ...row }) as Row);
  } finally {
    db.close();
  }
}
