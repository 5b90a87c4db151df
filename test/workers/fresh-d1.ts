import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

/**
 * Setup file of the `workers-fresh` project: gives each test file an empty, freshly migrated D1
 * and an empty R2 inside the vitest worker's one workerd, instead of a workerd of its own (a
 * runtime start and every module transformed again per file, over a second of CPU each). The files
 * of that project count rows of the whole database, seed fixed ids or add fault triggers, so each
 * must start from the migrations alone, as on a new database.
 *
 * Everything the migrations made is dropped (D1's own `_cf_` tables aside) and the migrations are
 * applied again. Triggers and views go first, then the FTS5 tables (which drop their shadow
 * tables), then the remaining tables; the implicit deletes of DROP TABLE fire no triggers, and the
 * foreign keys are checked at the end of the batch, when no table is left.
 */
async function names(sql: string): Promise<string[]> {
  const { results } = await env.DB.prepare(sql).all<{ name: string }>();
  return results.map((row) => row.name);
}

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const OWN = "name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'";

const triggersAndViews = await env.DB.prepare(
  `SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') AND ${OWN}`,
).all<{ type: 'trigger' | 'view'; name: string }>();
const virtualTables = await names(
  `SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' AND ${OWN}`,
);
const drops = [
  ...triggersAndViews.results.map(({ type, name }) => `DROP ${type.toUpperCase()} IF EXISTS ${quoted(name)}`),
  ...virtualTables.map((name) => `DROP TABLE IF EXISTS ${quoted(name)}`),
];
if (drops.length > 0) await env.DB.batch(drops.map((sql) => env.DB.prepare(sql)));
const tables = await names(`SELECT name FROM sqlite_master WHERE type = 'table' AND ${OWN}`);
if (tables.length > 0) {
  await env.DB.batch([
    env.DB.prepare('PRAGMA defer_foreign_keys = ON'),
    ...tables.map((name) => env.DB.prepare(`DROP TABLE ${quoted(name)}`)),
  ]);
}
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Files whose objects another file's checks would list.
for (let listed = await env.FILES.list(); listed.objects.length > 0; listed = await env.FILES.list()) {
  await env.FILES.delete(listed.objects.map((object) => object.key));
}
