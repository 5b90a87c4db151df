/**
 * Keeps the manifest of a published build as the baseline of the next publish's changelog.
 *
 *   node site/lib/records/archive-snapshot.ts [--dist dist] [--to content/data-snapshots]
 *
 * Run it after a build has been deployed (the publish step), then commit the archive folder.
 * The newest manifest keeps its per-record hashes (the next build diffs against them); older
 * ones keep only their summary and changes, so the folder grows by a few KB per publish.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SnapshotManifest } from './snapshot-format.ts';

export async function archiveSnapshot(distDir: string, archiveDir: string): Promise<string> {
  const manifest = SnapshotManifest.parse(
    JSON.parse(await readFile(join(distDir, 'data', 'manifest.json'), 'utf8')),
  );
  await mkdir(archiveDir, { recursive: true });
  for (const name of await readdir(archiveDir)) {
    if (!name.endsWith('.json') || name === `${manifest.version}.json`) continue;
    const path = join(archiveDir, name);
    const older = SnapshotManifest.parse(JSON.parse(await readFile(path, 'utf8')));
    if (older.records !== undefined && older.builtAt < manifest.builtAt) {
      const summary: SnapshotManifest = { ...older };
      delete summary.records;
      await writeFile(path, `${JSON.stringify(summary, null, 1)}\n`);
    }
  }
  const target = join(archiveDir, `${manifest.version}.json`);
  await writeFile(target, `${JSON.stringify(manifest, null, 1)}\n`);
  return target;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      dist: { type: 'string', default: 'dist' },
      to: { type: 'string', default: 'content/data-snapshots' },
    },
  });
  const target = await archiveSnapshot(values.dist, values.to);
  console.log(`已保存数据快照清单：${target}`);
}
