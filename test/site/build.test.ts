import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { D1Database } from '@cloudflare/workers-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_DIR } from './build-paths.ts';
import { openTestDatabase } from './helpers/test-database.ts';

// The site is built once (build-once.ts) from the seeded test D1; these checks compare the
// output with that same database.
let db: D1Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase());
});
afterAll(async () => dispose());

describe('the site built from the seeded D1', () => {
  it('has a zh-CN home page that says the data is demo data', async () => {
    const html = await readFile(join(BUILD_DIR, 'index.html'), 'utf8');
    expect(html).toMatch(/<html[^>]*lang="zh-CN"/);
    expect(html).toContain('演示数据');
  });

  it('publishes one profile page per deputy in the database', async () => {
    const row = await db.prepare('SELECT COUNT(*) AS n FROM deputies').first<{ n: number }>();
    const pages = (await readdir(join(BUILD_DIR, 'deputies'), { withFileTypes: true })).filter(
      (entry) => entry.isDirectory() && /^[a-z0-9-]+$/.test(entry.name),
    );
    const profileDirs = [];
    for (const entry of pages) {
      const files: string[] = await readdir(join(BUILD_DIR, 'deputies', entry.name)).catch(() => []);
      if (files.includes('index.html')) profileDirs.push(entry.name);
    }
    const ids = await db.prepare('SELECT id FROM deputies').all<{ id: string }>();
    const built = new Set(profileDirs);
    expect(row?.n).toBeGreaterThan(20);
    for (const { id } of ids.results) expect(built.has(id), `page for deputy ${id}`).toBe(true);
  });

  it('shows a deputy name from D1 on that deputy’s page', async () => {
    const deputy = await db
      .prepare('SELECT id, name FROM deputies ORDER BY id LIMIT 1')
      .first<{ id: string; name: string }>();
    if (!deputy) throw new Error('the seeded database has no deputies');
    const html = await readFile(join(BUILD_DIR, 'deputies', deputy.id, 'index.html'), 'utf8');
    expect(html).toContain(deputy.name);
  });
});
