import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('GET /api/health', () => {
  it('answers ok after reading the migrated database', async () => {
    const response = await exports.default.fetch('http://portal.test/api/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const body = await response.json<{ ok: boolean; database: { migrationsApplied: number } }>();
    expect(body.ok).toBe(true);
    expect(body.database.migrationsApplied).toBeGreaterThanOrEqual(7);
  });

  it('answers 503 in the error envelope when the database is unusable', async () => {
    await env.DB.exec('ALTER TABLE deputies RENAME TO deputies_away');
    try {
      const response = await exports.default.fetch('http://portal.test/api/health');
      expect(response.status).toBe(503);
      expect(response.headers.get('Retry-After')).toBe('5');
      const text = await response.text();
      expect(text).not.toMatch(/SQLITE|no such table|D1_/i);
      expect(JSON.parse(text)).toMatchObject({ ok: false, error: { code: 'database_unavailable' } });
    } finally {
      await env.DB.exec('ALTER TABLE deputies_away RENAME TO deputies');
    }
  });

  it('answers unknown API paths with the JSON 404 envelope', async () => {
    const response = await exports.default.fetch('http://portal.test/api/no-such-thing');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: '未找到请求的内容。' } });
  });
});
