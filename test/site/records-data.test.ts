import type { D1Database } from '@cloudflare/workers-types';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../functions/lib/csv.ts';
import { SnapshotManifest } from '../../site/lib/records/snapshot-format.ts';
import { built, openTestDatabase, readBuilt, readBuiltJson, type DatasetFile } from './records-helpers.ts';

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
      const csv = await readBuilt('data', `${d.id}.csv`);
      const jsonText = await readBuilt('data', `${d.id}.json`);
      const json = JSON.parse(jsonText) as DatasetFile;
      expect(csv.startsWith('\uFEFF'), `${d.id}.csv has a BOM`).toBe(true);
      expect(csv.endsWith('\r\n')).toBe(true);
      const [header, ...rows] = parseCsv(csv);
      expect(header).toEqual(json.fields.map((f) => f.label));
      expect(rows).toHaveLength(json.records.length);
      expect(json.records).toHaveLength(d.rows);
      expect(json.version).toBe(manifest.version);
      expect(sha256(csv)).toBe(d.csvSha256);
      expect(sha256(jsonText)).toBe(d.jsonSha256);
      for (const row of rows) {
        expect(row).toHaveLength(header?.length ?? 0);
        // A cell that would start a spreadsheet formula must be a plain number.
        for (const cell of row)
          if (/^[=+\-@\t\r]/.test(cell)) expect(Number.isFinite(Number(cell)), cell).toBe(true);
      }
    }
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
      const [, ...rows] = parseCsv(await readBuilt('data', `${dataset}.csv`));
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
    const [header, ...rows] = parseCsv(await readBuilt('data', 'suggestions.csv'));
    const line = rows.find((r) => r[0] === sample?.id);
    const cell = (label: string) => line?.[header?.indexOf(label) ?? -1];
    expect(cell('标题')).toBe(sample?.title);
    expect(cell('领衔代表')).toBe(sample?.lead);
    expect(cell('主办单位')).toBe(sample?.unit);
    expect(sample?.title).toMatch(/[\u4e00-\u9fff]/);
  });

  it('documents every dataset and field on the data dictionary page', async () => {
    const html = await readBuilt('data', 'index.html');
    for (const d of manifest.datasets) {
      expect(html).toContain(`id="${d.id}"`);
      const json = await readBuiltJson<DatasetFile>('data', `${d.id}.json`);
      for (const f of json.fields) expect(html).toContain(`<code>${f.key}</code>`);
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
