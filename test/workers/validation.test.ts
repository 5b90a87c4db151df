import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ORIGIN,
  postJson,
  seedStaffWorld,
  type Session,
  signIn,
  type StaffWorld,
  worker,
} from './staff-fixtures.ts';

/**
 * One validation wrapper answers bad input everywhere: the public API, the staff API and the
 * elder-mode link give the same code and envelope, in JSON or as a page as the request asks.
 */

let w: StaffWorld;
let editor: Session;

beforeAll(async () => {
  w = await seedStaffWorld('val');
  editor = await signIn(worker, w.staff.editor);
});

interface Envelope {
  error: { code: string; message: string; fields?: Record<string, string> };
}

describe('bad input', () => {
  it('is validation_failed with zh-CN field messages on the public API', async () => {
    const response = await exports.default.fetch(
      new Request(`${ORIGIN}/api/opinions/status`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
        body: JSON.stringify({ trackingCode: '' }),
      }),
    );
    expect(response.status).toBe(400);
    const body = await response.json<Envelope>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.fields?.trackingCode).toMatch(/[\u4e00-\u9fff]/);
  });

  it('is the same code and message on the staff API', async () => {
    const response = await postJson(worker, editor, '/api/staff/rounds', {
      year: 1999,
      title: '',
      mode: 'open',
      maxChoices: 9,
    });
    expect(response.status).toBe(400);
    const body = await response.json<Envelope>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toBe('提交的内容有误，请按提示修改后再试。');
    expect(Object.keys(body.error.fields ?? {}).sort()).toEqual(['maxChoices', 'title', 'year']);
    for (const message of Object.values(body.error.fields ?? {})) expect(message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('is the same envelope for a broken elder-mode link', async () => {
    for (const query of ['on=2&back=/', 'on=1&back=https://evil.example/']) {
      const response = await exports.default.fetch(`${ORIGIN}/prefs/elder?${query}`);
      expect(response.status).toBe(400);
      expect((await response.json<Envelope>()).error.code).toBe('validation_failed');
    }
  });
});
