/**
 * After a publish build: keeps its open-data manifest and dataset files in R2 and lists the version
 * in D1 (snapshot-store.ts), in the same environment the build read (local, or production with
 * PORTAL_D1=remote). The next build's changelog compares against it, and /data/ offers its files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getBuildDatabase, getBuildFiles, releaseBuildDatabase } from '../../loaders/build-database.ts';
import { datasetFiles, SnapshotManifest } from './snapshot-format.ts';
import { saveSnapshot, type SnapshotObject } from './snapshot-store.ts';

export async function storeSnapshot(distDir: string): Promise<{ version: string; stored: boolean }> {
  const dataDir = join(distDir, 'data');
  const manifestText = await readFile(join(dataDir, 'manifest.json'), 'utf8');
  const manifest = SnapshotManifest.parse(JSON.parse(manifestText));
  const objects: SnapshotObject[] = [{ name: 'manifest.json', body: manifestText }];
  for (const dataset of manifest.datasets) {
    for (const { file } of datasetFiles(dataset)) {
      for (const ext of ['csv', 'json']) {
        objects.push({
          name: `${file}.${ext}`,
          body: await readFile(join(dataDir, `${file}.${ext}`), 'utf8'),
        });
      }
    }
  }
  const summary: SnapshotManifest = { ...manifest };
  delete summary.records;
  try {
    const stored = await saveSnapshot(await getBuildDatabase(), await getBuildFiles(), {
      version: manifest.version,
      builtAt: manifest.builtAt,
      publishVersion: manifest.publishVersion,
      contentSha256: manifest.contentSha256,
      summaryJson: JSON.stringify(summary),
      objects,
    });
    return { version: manifest.version, stored };
  } finally {
    await releaseBuildDatabase();
  }
}
