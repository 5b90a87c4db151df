import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveSnapshot } from '../../site/lib/records/archive-snapshot.ts';
import {
  SnapshotManifest,
  diffRecords,
  previousManifest,
  snapshotVersion,
} from '../../site/lib/records/snapshot-format.ts';

const HASH = 'ab'.repeat(32);

function manifest(
  version: string,
  builtAt: string,
  records?: Record<string, Record<string, string>>,
): SnapshotManifest {
  return SnapshotManifest.parse({
    format: 1,
    version,
    builtAt,
    asOf: builtAt.slice(0, 10),
    contentSha256: HASH,
    datasets: [
      { id: 'suggestions', title: '议案和建议', kind: 'record', rows: 2, csvSha256: HASH, jsonSha256: HASH },
    ],
    ...(records ? { records } : {}),
    changeLogMaxId: 3,
    changes: { previousVersion: null, previousBuiltAt: null, datasets: [], newChangeLogEntries: 0 },
  });
}

describe('snapshotVersion', () => {
  it('joins the Beijing build date and the content hash', () => {
    expect(snapshotVersion('2026-05-02T17:30:00Z', '1a2b3c4d5e6f')).toBe('20260503-1a2b3c4d');
  });
});

describe('diffRecords', () => {
  it('lists added, changed and removed records per dataset, ids in natural order', () => {
    const before = { suggestions: { s1: 'aaa', s2: 'bbb', s3: 'ccc' }, commitments: { c1: 'x' } };
    const now = {
      suggestions: { s1: 'aaa', s2: 'BBB', s10: 'ddd', s9: 'eee' },
      commitments: { c1: 'x' },
      units: { u1: 'y' },
    };
    expect(diffRecords(before, now)).toEqual([
      { id: 'suggestions', added: ['s9', 's10'], changed: ['s2'], removed: ['s3'] },
      { id: 'commitments', added: [], changed: [], removed: [] },
      { id: 'units', added: ['u1'], changed: [], removed: [] },
    ]);
  });
  it('treats everything as added when there is no earlier snapshot', () => {
    expect(diffRecords(undefined, { suggestions: { s1: 'a' } })).toEqual([
      { id: 'suggestions', added: ['s1'], changed: [], removed: [] },
    ]);
  });
});

describe('previousManifest', () => {
  it('takes the newest archived manifest with records that is not the current version', () => {
    const archived = [
      manifest('20260101-aaaaaaaa', '2026-01-01T00:00:00Z', { suggestions: {} }),
      manifest('20260201-bbbbbbbb', '2026-02-01T00:00:00Z', { suggestions: {} }),
      manifest('20260301-cccccccc', '2026-03-01T00:00:00Z'),
      manifest('20260401-dddddddd', '2026-04-01T00:00:00Z', { suggestions: {} }),
    ];
    expect(previousManifest(archived, '20260401-dddddddd')?.version).toBe('20260201-bbbbbbbb');
    expect(previousManifest([], '20260401-dddddddd')).toBeNull();
  });
});

describe('archiveSnapshot', () => {
  it('keeps the new manifest whole and older ones without per-record hashes', async () => {
    const root = await mkdtemp(join(tmpdir(), 'records-snapshot-'));
    const dist = join(root, 'dist');
    const archive = join(root, 'archive');
    await mkdir(join(dist, 'data'), { recursive: true });
    await mkdir(archive);
    const older = manifest('20260101-aaaaaaaa', '2026-01-01T00:00:00Z', { suggestions: { s1: 'a' } });
    await writeFile(join(archive, `${older.version}.json`), JSON.stringify(older));
    const current = manifest('20260201-bbbbbbbb', '2026-02-01T00:00:00Z', { suggestions: { s1: 'b' } });
    await writeFile(join(dist, 'data', 'manifest.json'), JSON.stringify(current));

    const target = await archiveSnapshot(dist, archive);

    expect(target).toBe(join(archive, '20260201-bbbbbbbb.json'));
    expect((await readdir(archive)).sort()).toEqual(['20260101-aaaaaaaa.json', '20260201-bbbbbbbb.json']);
    const kept = SnapshotManifest.parse(JSON.parse(await readFile(target, 'utf8')));
    expect(kept.records).toEqual({ suggestions: { s1: 'b' } });
    const trimmed = SnapshotManifest.parse(
      JSON.parse(await readFile(join(archive, '20260101-aaaaaaaa.json'), 'utf8')),
    );
    expect(trimmed.records).toBeUndefined();
    expect(trimmed.version).toBe('20260101-aaaaaaaa');
  });

  it('refuses a manifest that is not one', async () => {
    const root = await mkdtemp(join(tmpdir(), 'records-snapshot-'));
    await mkdir(join(root, 'data'));
    await writeFile(join(root, 'data', 'manifest.json'), '{"format":2}');
    await expect(archiveSnapshot(root, join(root, 'archive'))).rejects.toThrow();
  });
});
