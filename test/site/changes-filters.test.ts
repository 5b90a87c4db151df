/**
 * The change log filtered without JavaScript: by kind of record (/changes/type/<type>/) and by
 * deputy (/changes/deputy/<id>/), each page listing exactly the entries of the database that
 * belong to it.
 */
import type { D1Database } from '@cloudflare/workers-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBuilt, readBuilt } from './helpers/built.ts';
import { openTestDatabase } from './records-helpers.ts';

let db: D1Database;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase());
});
afterAll(async () => dispose());

/** The change-log entry ids listed on a page. */
const listed = (html: string): number[] =>
  [...html.matchAll(/<tr id="change-(\d+)">/g)].map((m) => Number(m[1]));

describe('the change log by kind of record', () => {
  it('has a page per kind with entries, listing only that kind, linked from the log', async () => {
    const { results } = await db
      .prepare('SELECT entity_type, COUNT(*) AS n FROM change_log GROUP BY entity_type')
      .all<{ entity_type: string; n: number }>();
    expect(results.length).toBeGreaterThan(0);
    const index = readBuilt('/changes/');
    for (const { entity_type: type, n } of results) {
      const path = `/changes/type/${type}/`;
      expect(index).toContain(`href="${path}"`);
      const ids = listed(readBuilt(path));
      expect(ids.length).toBe(Math.min(n, 100));
      const { results: rows } = await db
        .prepare(
          `SELECT entity_type FROM change_log WHERE id IN (${ids.map((_, i) => `?${i + 1}`).join(',')})`,
        )
        .bind(...ids)
        .all<{ entity_type: string }>();
      expect(new Set(rows.map((r) => r.entity_type))).toEqual(new Set([type]));
    }
  });
});

describe('the change log by deputy', () => {
  it('lists the changes to the deputy’s own record and to the items they lead', async () => {
    const deputy = await db
      .prepare(
        `SELECT s.lead_deputy_id AS id FROM change_log c JOIN suggestions s ON s.id = c.entity_id
         WHERE c.entity_type = 'suggestion' GROUP BY s.lead_deputy_id ORDER BY COUNT(*) DESC LIMIT 1`,
      )
      .first<{ id: string }>();
    expect(deputy).not.toBeNull();
    const id = deputy?.id ?? '';
    const { results } = await db
      .prepare(
        `SELECT c.id FROM change_log c WHERE
           (c.entity_type = 'deputy' AND c.entity_id = ?1)
        OR (c.entity_type = 'suggestion' AND c.entity_id IN (SELECT id FROM suggestions WHERE lead_deputy_id = ?1))
        OR (c.entity_type = 'commitment' AND c.entity_id IN (
              SELECT k.id FROM commitments k JOIN suggestions s ON s.id = k.suggestion_id WHERE s.lead_deputy_id = ?1))
        OR (c.entity_type = 'duty_report' AND c.entity_id IN (SELECT id FROM duty_reports WHERE deputy_id = ?1))
         ORDER BY c.id DESC`,
      )
      .bind(id)
      .all<{ id: number }>();
    const path = `/changes/deputy/${id}/`;
    expect(hasBuilt(path)).toBe(true);
    expect(new Set(listed(readBuilt(path)))).toEqual(new Set(results.slice(0, 100).map((r) => r.id)));
    expect(readBuilt('/changes/deputy/')).toContain(`href="${path}"`);
  });
});
