export interface DatabaseHealth {
  migrationsApplied: number;
  deputies: number;
}

/** One cheap read that proves the database answers and is migrated. */
export async function readDatabaseHealth(db: D1Database): Promise<DatabaseHealth> {
  const row = await db
    .prepare(
      `SELECT
         (SELECT COUNT(*) FROM d1_migrations) AS migrations_applied,
         (SELECT COUNT(*) FROM deputies) AS deputies`,
    )
    .first<{ migrations_applied: number; deputies: number }>();
  return { migrationsApplied: row?.migrations_applied ?? 0, deputies: row?.deputies ?? 0 };
}
