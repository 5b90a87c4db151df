import type { D1Database } from '@cloudflare/workers-types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PUBLISH_VERSION_TTL_MS } from '../../functions/publishing/version.ts';
import { textOf } from './helpers/built.ts';
import { openTestDatabase } from './records-helpers.ts';

/**
 * The pages the Worker renders show the published state, through the edge cache keyed to the
 * publish version: an edit that is not yet published stays invisible, a publish shows it within
 * seconds, without any rebuild. Against the running test Worker and its D1 (build-once.ts).
 *
 * Until the official-change lifecycle lands, "publish" here is what it will do in one batch:
 * the live-table write and a new `publishes` row (the version); the edit before it is the same
 * live write without the version bump.
 */

const siteUrl = inject('siteUrl');
let db: D1Database;
let dispose: () => Promise<void>;
let deputy: { id: string; office_phone: string | null };

beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase());
  const row = await db
    .prepare("SELECT id, office_phone FROM deputies WHERE status = 'serving' ORDER BY id DESC LIMIT 1")
    .first<{ id: string; office_phone: string | null }>();
  if (!row) throw new Error('the test D1 has no serving deputy');
  deputy = row;
});

afterAll(async () => {
  await db
    .prepare('UPDATE deputies SET office_phone = ?1 WHERE id = ?2')
    .bind(deputy.office_phone, deputy.id)
    .run();
  await dispose();
});

async function visit(path: string): Promise<{ text: string; cache: string | null; version: string | null }> {
  const response = await fetch(new URL(path, siteUrl));
  expect(response.status, path).toBe(200);
  return {
    text: textOf(await response.text()),
    cache: response.headers.get('X-Edge-Cache'),
    version: response.headers.get('X-Publish-Version'),
  };
}

/** Visits until the page passes `check` (the version is re-read at most every TTL). */
async function visitUntil(
  path: string,
  check: (page: { text: string; cache: string | null }) => boolean,
  withinMs: number,
): Promise<{ text: string; cache: string | null }> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const page = await visit(path);
    if (check(page) || Date.now() > deadline) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('record pages rendered by the Worker, cached per publish version', () => {
  it('shows an edit only once it is published, within seconds and without a rebuild', async () => {
    const path = `/deputies/${deputy.id}/`;
    // A corrected office phone number: the example of an edit that must not wait for a rebuild.
    const before = deputy.office_phone ?? '';
    const edited = `0000-${String(Date.now() % 10_000_000).padStart(7, '0')}`;

    const first = await visit(path);
    expect(first.text).not.toContain(edited);
    // The second visit comes from the edge cache.
    const cached = await visitUntil(path, (p) => p.cache === 'hit', 5_000);
    expect(cached.cache).toBe('hit');

    // An edit that is not published: the public page does not change.
    await db.prepare('UPDATE deputies SET office_phone = ?1 WHERE id = ?2').bind(edited, deputy.id).run();
    await new Promise((r) => setTimeout(r, PUBLISH_VERSION_TTL_MS + 500));
    const unpublished = await visit(path);
    expect(unpublished.cache).toBe('hit');
    expect(unpublished.text).not.toContain(edited);
    if (before !== '') expect(unpublished.text).toContain(before);

    // The publish: a new version. The page shows the edit within the version's TTL (plus slack).
    const publishedAt = Date.now();
    await db
      .prepare("INSERT INTO publishes (requested_by, version, summary) VALUES ('test', ?1, 'site test')")
      .bind(`test-${publishedAt}`)
      .run();
    const published = await visitUntil(path, (p) => p.text.includes(edited), PUBLISH_VERSION_TTL_MS + 3_000);
    expect(published.text).toContain(edited);
    expect(Date.now() - publishedAt).toBeLessThan(PUBLISH_VERSION_TTL_MS + 3_000);
  });

  it('answers an unknown record with the 404 page, and ships no script on record pages', async () => {
    const missing = await fetch(new URL('/deputies/no-such-deputy/', siteUrl));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<html');
    const bad = await fetch(new URL('/reports/%E4%BA%BA/', siteUrl));
    expect(bad.status).toBe(404);
    await bad.arrayBuffer();
    const profile = await fetch(new URL(`/deputies/${deputy.id}/`, siteUrl));
    const html = await profile.text();
    expect(html).not.toMatch(/<script\b/);
    expect(profile.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
  });
});
