import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  currentPublishVersion,
  PUBLISH_VERSION_TTL_MS,
  readPublishVersion,
} from '../../functions/publishing/version.ts';
import { rebuildSearchIndex } from '../../functions/search/actions.ts';
import type { SearchResults } from '../../functions/search/schema.ts';
import { seedAddressees } from './participation-fixtures.ts';

/** The search index and /api/search against the real migrations (FTS5 in workerd's D1). */

async function search(query: string): Promise<{ status: number; body: SearchResults }> {
  const response = await exports.default.fetch(`http://portal.test/api/search?${query}`);
  return { status: response.status, body: await response.json<SearchResults>() };
}

beforeAll(async () => {
  await seedAddressees('srch');
  await env.DB.prepare(
    `INSERT INTO handling_units (id, name, kind) VALUES ('srchu1', '市交通运输局', 'government_department'),
       ('srchu2', '市交通运输局公路事业发展中心', 'government_department')`,
  ).run();
  const indexed = await rebuildSearchIndex(env.DB, [
    {
      kind: 'news',
      record_id: 'srch-news',
      url: '/news/srch-news/',
      title: '老旧小区加装电梯工作推进会召开',
      summary: '加装电梯',
      year: 2026,
      body: '会议部署了2026年加装电梯和养老服务工作。',
      codes: null,
    },
  ]);
  expect(indexed).toBeGreaterThanOrEqual(7);
});

describe('GET /api/search', () => {
  it('finds a deputy by name, a unit by a word inside its name, and news by a topic', async () => {
    const deputy = await search(`q=${encodeURIComponent('林晓雯')}`);
    expect(deputy.status).toBe(200);
    expect(deputy.body.hits[0]).toMatchObject({
      kind: 'deputy',
      url: '/deputies/srchdep1/',
      title: '林晓雯',
    });
    const news = await search(`q=${encodeURIComponent('加装电梯')}`);
    expect(news.body.hits.map((h) => h.url)).toContain('/news/srch-news/');
    // Bigrams match substrings only: 装电 alone is inside 加装电梯, 梯加 is not.
    expect((await search(`q=${encodeURIComponent('梯加')}`)).body.total).toBe(0);
    // One character finds it anywhere, the end of a name included (运输局 → 局).
    const units = await search(`q=${encodeURIComponent('局')}&kind=unit`);
    expect(units.body.hits.map((h) => h.url)).toContain('/units/srchu1/');
  });

  it('puts the title equal to the query first, then titles that contain it', async () => {
    const { body } = await search(`q=${encodeURIComponent('市交通运输局')}`);
    expect(body.hits.map((h) => h.url).slice(0, 2)).toEqual(['/units/srchu1/', '/units/srchu2/']);
  });

  it('filters by kind and year and reports the counts of each', async () => {
    const all = await search(`q=${encodeURIComponent('加装电梯')}&year=2026`);
    expect(all.body.hits.every((h) => h.year === 2026)).toBe(true);
    const units = await search(`q=${encodeURIComponent('交通')}&kind=unit`);
    expect(units.body.total).toBe(2);
    expect(units.body.kinds).toContainEqual({ kind: 'unit', count: 2 });
  });

  it('refuses bad parameters with the 400 envelope and answers an empty query with nothing', async () => {
    for (const bad of ['q=a&kind=secret', 'q=a&year=20x6', `q=${'很'.repeat(51)}`, 'q=a&page=0']) {
      const response = await exports.default.fetch(`http://portal.test/api/search?${bad}`);
      expect(response.status, bad).toBe(400);
      expect(await response.json(), bad).toMatchObject({ error: { code: 'validation_failed' } });
    }
    expect((await search('q=')).body).toMatchObject({ total: 0, hits: [] });
    expect((await search(`q=${encodeURIComponent('"*) OR (')}`)).status).toBe(200);
  });
});

describe('rebuilding the index', () => {
  const news = (i: number, title = `第${String(i)}期社区议事简报`) => ({
    kind: 'news',
    record_id: `srch-bulk-${String(i)}`,
    url: `/news/srch-bulk-${String(i)}/`,
    title,
    summary: '',
    year: 2026,
    body: '议事简报',
    codes: null,
  });
  const total = async (q: string) => (await search(`q=${encodeURIComponent(q)}`)).body.total;

  it('never shows a part: a rebuild that fails half-way leaves the whole previous index', async () => {
    const before = await total('林晓雯');
    expect(before).toBe(1);
    // Enough documents for several batches; the last one breaks a CHECK (a title over 200
    // characters), so the rebuild fails after its first batches were written.
    const bulk = Array.from({ length: 3000 }, (_, i) => news(i));
    await expect(rebuildSearchIndex(env.DB, [...bulk, news(3000, '长'.repeat(201))])).rejects.toThrow();
    expect(await total('林晓雯')).toBe(before);
    expect(await total('加装电梯')).toBeGreaterThan(0);
    expect(await total('议事简报')).toBe(0);
  });

  it('searches during a rebuild see the old index or the new one, never a part of it', async () => {
    const bulk = Array.from({ length: 3000 }, (_, i) => news(i));
    const seen: number[] = [];
    const rebuild = { done: false };
    const rebuilding = rebuildSearchIndex(env.DB, bulk).finally(() => {
      rebuild.done = true;
    });
    while (!rebuild.done) seen.push(await total('林晓雯'));
    await rebuilding;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((n) => n === 1)).toBe(true);
    expect(await total('议事简报')).toBe(3000);
    // The news of the earlier rebuild are gone with it: the index is the new one, whole.
    expect(await total('加装电梯')).toBe(0);
  });
});

describe('publish version', () => {
  it('is the latest publish, re-read by an isolate at most once per TTL', async () => {
    const before = await readPublishVersion(env.DB);
    const now = Date.now();
    expect(await currentPublishVersion(env.DB, now)).toBe(before);
    await env.DB.prepare("INSERT INTO publishes (requested_by, version) VALUES ('test', 'v-srch')").run();
    const after = await readPublishVersion(env.DB);
    expect(after).toBeGreaterThan(before);
    // Within the TTL the isolate's copy stands; after it, the new version is read.
    expect(await currentPublishVersion(env.DB, now + 1)).toBe(before);
    expect(await currentPublishVersion(env.DB, now + PUBLISH_VERSION_TTL_MS + 1)).toBe(after);
  });
});
