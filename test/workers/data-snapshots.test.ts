import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { readSnapshotHistory, saveSnapshot } from '../../site/lib/records/snapshot-store.ts';
import { ORIGIN, worker } from './staff-fixtures.ts';

const SHA = 'a'.repeat(64);

function snapshot(version: string, builtAt: string, csv: string) {
  const manifest = { version, builtAt, records: { deputies: { d1: 'h1' } } };
  return {
    version,
    builtAt,
    publishVersion: null,
    contentSha256: SHA,
    summaryJson: JSON.stringify({ version, builtAt }),
    objects: [
      { name: 'manifest.json', body: JSON.stringify(manifest) },
      { name: 'deputies.csv', body: csv },
      { name: 'deputies.json', body: '{"records":[]}' },
    ],
  };
}

describe('open-data history in D1 and R2', () => {
  it('keeps every published version, and serves an earlier version’s files after a newer one', async () => {
    expect(
      await saveSnapshot(
        env.DB,
        env.FILES,
        snapshot('20300101-11111111', '2030-01-01T00:00:00Z', 'id\nd1\n'),
      ),
    ).toBe(true);
    expect(
      await saveSnapshot(
        env.DB,
        env.FILES,
        snapshot('20300201-22222222', '2030-02-01T00:00:00Z', 'id\nd1\nd2\n'),
      ),
    ).toBe(true);
    // Content-addressed: storing a version again changes nothing.
    expect(
      await saveSnapshot(env.DB, env.FILES, snapshot('20300201-22222222', '2030-02-01T00:00:00Z', 'other')),
    ).toBe(false);

    const history = await readSnapshotHistory(env.DB, env.FILES);
    expect(history.versions).toEqual(['20300201-22222222', '20300101-11111111']);
    expect(JSON.parse(history.newestFull ?? '{}')).toMatchObject({
      version: '20300201-22222222',
      records: { deputies: { d1: 'h1' } },
    });

    const older = await worker(new Request(`${ORIGIN}/files/data/20300101-11111111/deputies.csv`));
    expect(older.status).toBe(200);
    expect(older.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(await older.text()).toBe('id\nd1\n');
    expect(
      await (await worker(new Request(`${ORIGIN}/files/data/20300201-22222222/deputies.csv`))).text(),
    ).toBe('id\nd1\nd2\n');
  });

  it('refuses unknown versions and file names, and never rewrites a stored version', async () => {
    expect((await worker(new Request(`${ORIGIN}/files/data/20300101-11111111/nope.csv`))).status).toBe(404);
    expect((await worker(new Request(`${ORIGIN}/files/data/2030-01-01/deputies.csv`))).status).toBe(400);
    expect((await worker(new Request(`${ORIGIN}/files/data/20300101-11111111/..%2Fsecret.csv`))).status).toBe(
      400,
    );
    await expect(
      env.DB.prepare(
        "UPDATE data_snapshots SET summary_json = '{}' WHERE version = '20300101-11111111'",
      ).run(),
    ).rejects.toThrow(/append-only/);
  });
});
