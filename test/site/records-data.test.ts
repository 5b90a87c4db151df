import type { D1Database } from '@cloudflare/workers-types';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../functions/lib/csv.ts';
import { datasetFiles, SnapshotManifest } from '../../site/lib/records/snapshot-format.ts';
import {
  built,
  openTestDatabase,
  readBuilt,
  readBuiltJson,
  readDataset,
  type DatasetFile,
} from './records-helpers.ts';

let db: D1Database;
let dispose: () => Promise<void>;
let manifest: SnapshotManifest;

beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase());
  manifest = SnapshotManifest.parse(await readBuiltJson('data', 'manifest.json'));
});
afterAll(async () => dispose());

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function count(sql: string): Promise<number> {
  return (await db.prepare(sql).first<{ n: number }>())?.n ?? -1;
}

describe('open data files', () => {
  it('publishes every dataset as CSV and JSON with the same columns, rows and recorded hashes', async () => {
    expect(manifest.datasets.length).toBeGreaterThanOrEqual(16);
    for (const d of manifest.datasets) {
      const files = datasetFiles(d);
      expect(
        files.reduce((n, f) => n + f.rows, 0),
        d.id,
      ).toBe(d.rows);
      for (const f of files) {
        const csv = await readBuilt('data', `${f.file}.csv`);
        const jsonText = await readBuilt('data', `${f.file}.json`);
        const json = JSON.parse(jsonText) as DatasetFile;
        expect(csv.startsWith('\uFEFF'), `${f.file}.csv has a BOM`).toBe(true);
        expect(csv.endsWith('\r\n')).toBe(true);
        const [header, ...rows] = parseCsv(csv);
        expect(header).toEqual(json.fields.map((field) => field.label));
        expect(rows).toHaveLength(json.records.length);
        expect(json.records).toHaveLength(f.rows);
        expect(json.dataset).toBe(d.id);
        expect(json.version).toBe(manifest.version);
        expect(sha256(csv)).toBe(f.csvSha256);
        expect(sha256(jsonText)).toBe(f.jsonSha256);
        for (const row of rows) {
          expect(row).toHaveLength(header?.length ?? 0);
          // A cell that would start a spreadsheet formula must be a plain number.
          for (const cell of row)
            if (/^[=+\-@\t\r]/.test(cell)) expect(Number.isFinite(Number(cell)), cell).toBe(true);
        }
      }
      if (d.parts) {
        // A dataset in parts: its hashes are those of its parts' hashes, line by line.
        expect(d.csvSha256).toBe(sha256(d.parts.map((p) => p.csvSha256).join('\n')));
        expect(d.jsonSha256).toBe(sha256(d.parts.map((p) => p.jsonSha256).join('\n')));
        expect(existsSync(built('data', `${d.id}.csv`)), `${d.id}.csv is not also published whole`).toBe(
          false,
        );
      }
    }
  });

  it('splits the datasets that grow with the city: suggestions and replies per session, duty activities per year and level', async () => {
    const sessions = await db
      .prepare('SELECT COUNT(DISTINCT session_id) AS n FROM suggestions')
      .first<{ n: number }>();
    const bySession = manifest.datasets.find((d) => d.id === 'suggestions');
    expect(bySession?.parts).toHaveLength(sessions?.n ?? -1);
    const sample = bySession?.parts?.[0];
    if (!sample) throw new Error('no part of the suggestions');
    const json = await readBuiltJson<DatasetFile & { part: string }>('data', `${sample.file}.json`);
    const inSession = await count(
      `SELECT COUNT(*) AS n FROM suggestions WHERE session_id = '${json.part.replace(/'/g, "''")}'`,
    );
    expect(json.records).toHaveLength(inSession);
    expect(json.records.every((r) => r['session_id'] === json.part)).toBe(true);
    expect(manifest.datasets.find((d) => d.id === 'suggestion-replies')?.parts?.length).toBeGreaterThan(1);
    const activities = manifest.datasets.find((d) => d.id === 'duty-activities');
    expect(activities?.parts?.length).toBeGreaterThan(1);
    for (const part of activities?.parts ?? []) expect(part.file).toMatch(/^duty-activities-\d{4}-[a-z]+$/);
    // The dictionary lists every part's files.
    const html = await readBuilt('data', 'index.html');
    for (const d of manifest.datasets)
      for (const f of datasetFiles(d)) expect(html, f.file).toContain(`href="/data/${f.file}.csv"`);
  });

  it('has one row per record of the database, with Chinese text intact', async () => {
    const cases: Array<[string, string]> = [
      ['suggestions', 'SELECT COUNT(*) AS n FROM suggestions'],
      ['suggestion-assignments', 'SELECT COUNT(*) AS n FROM suggestion_assignments'],
      ['suggestion-replies', 'SELECT COUNT(*) AS n FROM suggestion_replies'],
      ['suggestion-ratings', 'SELECT COUNT(*) AS n FROM suggestion_ratings'],
      ['commitments', 'SELECT COUNT(*) AS n FROM commitments'],
      ['handling-units', 'SELECT COUNT(*) AS n FROM handling_units'],
      ['project-candidates', 'SELECT COUNT(*) AS n FROM project_candidates'],
      ['project-milestones', 'SELECT COUNT(*) AS n FROM project_milestones'],
      ['changes', 'SELECT COUNT(*) AS n FROM change_log'],
    ];
    for (const [dataset, sql] of cases) {
      const { rows } = await readDataset(dataset);
      expect(rows, dataset).toHaveLength(await count(sql));
    }
    const sample = await db
      .prepare(
        `SELECT s.id, s.title, d.name AS lead, u.name AS unit FROM suggestions s
         JOIN deputies d ON d.id = s.lead_deputy_id
         JOIN suggestion_assignments a ON a.suggestion_id = s.id AND a.role = 'lead'
         JOIN handling_units u ON u.id = a.handling_unit_id
         ORDER BY s.id LIMIT 1`,
      )
      .first<{ id: string; title: string; lead: string; unit: string }>();
    expect(sample).not.toBeNull();
    const { header, rows } = await readDataset('suggestions');
    const line = rows.find((r) => r[0] === sample?.id);
    const cell = (label: string) => line?.[header.indexOf(label)];
    expect(cell('标题')).toBe(sample?.title);
    expect(cell('领衔代表')).toBe(sample?.lead);
    expect(cell('主办单位')).toBe(sample?.unit);
    expect(sample?.title).toMatch(/[\u4e00-\u9fff]/);
  });

  it('documents every dataset and field on the data dictionary page', async () => {
    const html = await readBuilt('data', 'index.html');
    for (const d of manifest.datasets) {
      expect(html).toContain(`id="${d.id}"`);
      const { fields } = await readDataset(d.id);
      for (const f of fields) expect(html).toContain(`<code>${f.key}</code>`);
    }
  });
});

describe('snapshots', () => {
  it('names the version after the build date and content hash, with a changelog page', async () => {
    expect(manifest.version).toMatch(/^\d{8}-[0-9a-f]{8}$/);
    expect(manifest.version.endsWith(manifest.contentSha256.slice(0, 8))).toBe(true);
    const page = await readBuilt('data', 'snapshots', manifest.version, 'index.html');
    expect(page).toContain(manifest.version);
    const copy = SnapshotManifest.parse(
      await readBuiltJson('data', 'snapshots', manifest.version, 'manifest.json'),
    );
    expect(copy).toEqual(manifest);
    // Per-record hashes cover the official records, e.g. every suggestion by its stable id.
    expect(Object.keys(manifest.records?.['suggestions'] ?? {})).toHaveLength(
      await count('SELECT COUNT(*) AS n FROM suggestions'),
    );
  });
});

describe('feeds and the change log', () => {
  it('publishes an Atom feed of the newest replies, linking to their pages', async () => {
    const xml = await readBuilt('suggestions', 'replies.xml');
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/,
    );
    const entries = xml.match(/<entry>/g) ?? [];
    expect(entries).toHaveLength(Math.min(50, await count('SELECT COUNT(*) AS n FROM suggestion_replies')));
    const newest = await db
      .prepare('SELECT suggestion_id, id FROM suggestion_replies ORDER BY replied_on DESC, id DESC LIMIT 1')
      .first<{ suggestion_id: string; id: number }>();
    expect(xml).toContain(`/suggestions/${newest?.suggestion_id}/#reply-${newest?.id}</id>`);
    for (const m of xml.matchAll(
      /<link rel="alternate" type="text\/html" href="https?:\/\/[^/]+(\/[^"#]*)/g,
    )) {
      expect(existsSync(built(`${m[1]}index.html`)), m[1]).toBe(true);
    }
  });

  it('lists the public change log with every entry of the change_log table', async () => {
    const entries = await count('SELECT COUNT(*) AS n FROM change_log');
    const html = await readBuilt('changes', 'index.html');
    expect(html).toContain(`共 ${entries.toLocaleString('zh-CN')} 条`);
    const feed = await readBuilt('changes', 'feed.xml');
    expect(feed.match(/<entry>/g) ?? []).toHaveLength(Math.min(50, entries));
    const latest = await db
      .prepare('SELECT id, entity_type, entity_id FROM change_log ORDER BY at DESC, id DESC LIMIT 1')
      .first<{ id: number; entity_type: string; entity_id: string }>();
    if (latest) expect(html).toContain(`id="change-${latest.id}"`);
  });
});
