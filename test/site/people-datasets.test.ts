/**
 * Data for the press: deputies (public fields only), stations, reception days, duty activities
 * and duty reports as open datasets, CSV with a BOM and JSON, each documented in the dictionary,
 * one row per record of the database the build read.
 */
import type { D1Database } from '@cloudflare/workers-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../functions/lib/csv.ts';
import {
  openTestDatabase,
  readBuilt,
  readBuiltJson,
  readDataset,
  type DatasetFile,
} from './records-helpers.ts';

let db: D1Database;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase());
});
afterAll(async () => dispose());

const CASES: Array<[string, string]> = [
  ['deputies', 'SELECT COUNT(*) AS n FROM deputies'],
  ['stations', 'SELECT COUNT(*) AS n FROM stations'],
  ['reception-days', 'SELECT COUNT(*) AS n FROM reception_days'],
  ['duty-activities', 'SELECT COUNT(*) AS n FROM duty_activities'],
  ['duty-reports', 'SELECT COUNT(*) AS n FROM duty_reports'],
];

describe.each(CASES)('the %s dataset', (id, sql) => {
  it('is CSV with a BOM and JSON, with the same fields and one row per database record', async () => {
    // One file, or (duty activities) one per part; put back together.
    const dataset = await readDataset(id);
    for (const f of dataset.files) expect(f.csv.startsWith('\uFEFF'), f.file).toBe(true);
    expect(dataset.header).toEqual(dataset.fields.map((f) => f.label));
    const n = (await db.prepare(sql).first<{ n: number }>())?.n ?? -1;
    expect(n).toBeGreaterThan(0);
    expect(dataset.rows).toHaveLength(n);
    expect(dataset.records).toHaveLength(n);
  });

  it('is documented field by field in the data dictionary', async () => {
    const html = await readBuilt('data', 'index.html');
    expect(html).toContain(`id="${id}"`);
    const dataset = await readDataset(id);
    for (const { file, json } of dataset.files) {
      expect(html).toContain(`href="/data/${file}.csv"`);
      expect(json.dictionary).toBe(`/data/#${id}`);
    }
    for (const f of dataset.fields) expect(html, `${id}.${f.key}`).toContain(`<code>${f.key}</code>`);
  });
});

describe('the deputies dataset', () => {
  it('carries public fields only: no contact details, no photo path', async () => {
    const json = await readBuiltJson<DatasetFile>('data', 'deputies.json');
    const keys = json.fields.map((f) => f.key);
    for (const banned of ['office_phone', 'office_email', 'phone', 'email', 'photo_path']) {
      expect(keys).not.toContain(banned);
    }
    const { results } = await db
      .prepare(
        'SELECT office_phone, office_email FROM deputies WHERE office_phone IS NOT NULL OR office_email IS NOT NULL',
      )
      .all<{ office_phone: string | null; office_email: string | null }>();
    const csv = await readBuilt('data', 'deputies.csv');
    for (const row of results) {
      if (row.office_phone) expect(csv).not.toContain(row.office_phone);
      if (row.office_email) expect(csv).not.toContain(row.office_email);
    }
  });

  it('matches the database for a sample deputy, Chinese labels in CSV and codes in JSON', async () => {
    const sample = await db
      .prepare(
        `SELECT d.id, d.name, c.level, eu.name AS unit FROM deputies d
         JOIN terms t ON t.id = d.term_id JOIN congresses c ON c.id = t.congress_id
         JOIN electoral_units eu ON eu.id = d.electoral_unit_id ORDER BY d.id LIMIT 1`,
      )
      .first<{ id: string; name: string; level: string; unit: string }>();
    const json = await readBuiltJson<DatasetFile>('data', 'deputies.json');
    const record = json.records.find((r) => r['id'] === sample?.id);
    expect(record?.['name']).toBe(sample?.name);
    expect(record?.['level']).toBe(sample?.level);
    expect(record?.['electoral_unit']).toBe(sample?.unit);
    const [header, ...rows] = parseCsv(await readBuilt('data', 'deputies.csv'));
    const line = rows.find((r) => r[0] === sample?.id);
    expect(line?.[header?.indexOf('层级') ?? -1]).toMatch(/人大代表$/);
  });
});
