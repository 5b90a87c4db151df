import { env, exports } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedRound } from './participation-fixtures.ts';
import {
  ORIGIN,
  seedOpinion,
  seedStaffWorld,
  type Session,
  signIn,
  type StaffWorld,
  worker,
} from './staff-fixtures.ts';

/**
 * Hostile input against every route of the Hono app that takes input (functions/app.ts and the
 * routers it mounts): wrong media types, broken JSON, oversized bodies, wrong types, arrays for
 * strings, odd numbers, impossible dates, overlong and invisible text, odd path parameters,
 * repeated query parameters, other methods. One request per case. Every answer: below 500, the
 * expected 4xx, a zh-CN message, HTML for a browser's request and the JSON envelope for the API,
 * no internal detail and no contact detail, and no row written where a write was refused.
 */

const CONTACT = { name: '敌测联系人', contact: '13987654321', kind: 'phone' as const };
const CJK = /[\u4e00-\u9fff]/;
/** Internal detail: SQL, D1 or SQLite text, a stack frame (narrower than the word "select" of a form). */
const LEAK =
  /SQLITE|D1_ERROR|constraint failed|no such (table|column)|INSERT INTO|SELECT [^<>]* FROM|\bat \S+\.ts:\d+|\b[A-Z][a-z]+Error:/;
const JSON_TYPE = { 'Content-Type': 'application/json' };
const FORM_TYPE = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' };
const HTML = { Accept: 'text/html,application/xhtml+xml' };
/** A tracking code, voting code and receipt of the right shape that nobody holds. */
const UNKNOWN_CODE = 'ABCD-EFGH-JKMN-PQRS';
const CODE_ROUND = 2081;
const OPEN_ROUND = 2082;
const NEW_ROUND = 2083;

let w: StaffWorld;
let admin: Session;
let opinionId = 0;
let trackingCode = '';
let repliedCode = '';
let client = 0;
const logged: string[] = [];

beforeAll(async () => {
  w = await seedStaffWorld('hostile');
  admin = await signIn(worker, w.staff.admin);
  const seeded = await seedOpinion(w, { to: { station: w.stations.a }, contact: CONTACT });
  opinionId = seeded.id;
  trackingCode = seeded.trackingCode;
  const replied = await seedOpinion(w, { to: { station: w.stations.a }, status: 'replied', contact: null });
  repliedCode = replied.trackingCode;
  await env.DB.prepare(
    `UPDATE opinions SET public_reply = '已安排维修。', public_reply_at = '2026-03-01T00:00:00Z' WHERE id = ?1`,
  )
    .bind(replied.id)
    .run();
  await seedRound({ year: CODE_ROUND, mode: 'code' });
  await seedRound({ year: OPEN_ROUND, mode: 'open' });
  // Whatever the Worker logs while the cases run is checked for contact details at the end.
  for (const level of ['log', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
  }
});

afterAll(() => {
  vi.restoreAllMocks();
});

/** A ZIP archive of one entry, stored as given (for a broken deflate stream). */
function oneEntryZip(name: string, method: number, data: Uint8Array, size: number): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const local = new DataView(new ArrayBuffer(30));
  local.setUint32(0, 0x04034b50, true);
  local.setUint16(4, 20, true);
  local.setUint16(8, method, true);
  local.setUint32(18, data.length, true);
  local.setUint32(22, size, true);
  local.setUint16(26, nameBytes.length, true);
  const central = new DataView(new ArrayBuffer(46));
  central.setUint32(0, 0x02014b50, true);
  central.setUint16(4, 20, true);
  central.setUint16(6, 20, true);
  central.setUint16(10, method, true);
  central.setUint32(20, data.length, true);
  central.setUint32(24, size, true);
  central.setUint16(28, nameBytes.length, true);
  const centralOffset = 30 + nameBytes.length + data.length;
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, 1, true);
  end.setUint16(10, 1, true);
  end.setUint32(12, 46 + nameBytes.length, true);
  end.setUint32(16, centralOffset, true);
  const parts = [new Uint8Array(local.buffer), nameBytes, data, new Uint8Array(central.buffer), nameBytes];
  const out = new Uint8Array(centralOffset + 46 + nameBytes.length + 22);
  let at = 0;
  for (const part of [...parts, new Uint8Array(end.buffer)]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Files the console's upload forms send. */
const UPLOADS: Record<string, Uint8Array> = {
  garbage: new Uint8Array([1, 2, 3, 0, 255, 254, 80, 75]),
  emptyZip: new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]),
  // A deflate block of the reserved type: the inflater itself fails.
  badDeflate: oneEntryZip('xl/workbook.xml', 8, new Uint8Array([0xff, 0xff, 0xff, 0xff]), 100),
  // A deflate stream cut short.
  cutDeflate: oneEntryZip('xl/workbook.xml', 8, new Uint8Array([0x0a, 0xc9, 0xc8]), 100),
  notUtf8: new Uint8Array([0x61, 0x2c, 0xff, 0xfe, 0x0a]),
  headerOnly: new TextEncoder().encode('\ufeff代表编号,日期\n'),
  brokenQuotes: new TextEncoder().encode('"a,"b""\n"""\n\u0000,\u202e\n'),
};

/** A multipart form: an upload, or a plain form the browser sent as multipart/form-data. */
type Body = string | Uint8Array | { file: string; upload: keyof typeof UPLOADS } | { multipart: true };

interface Case {
  name: string;
  method?: string;
  /**
   * OPID stands for the seeded opinion's id; in a body TRACKING for its tracking code, REPLIED for
   * the code of an opinion with a published reply.
   */
  path: string;
  headers?: Record<string, string>;
  body?: Body;
  /** Sent as the signed-in administrator (session cookie, CSRF token in the form or header). */
  staff?: boolean;
  status: number;
  /** The answer's form: the error envelope, an HTML page, or an empty body (HEAD). */
  as: 'json' | 'html' | 'empty';
  /** The envelope's code. */
  code?: string;
  /** A field the envelope names with its own zh-CN message. */
  field?: string;
  /** Words the page must show (a field's label or its message). */
  says?: string;
  /** The Allow header of a 405. */
  allow?: string;
  /** A count (SELECT COUNT(*) AS n …; OPID as above) that a refused write must leave as it was. */
  rows?: string;
}

const long = (n: number, ch = 'x') => ch.repeat(n);
const json = (value: unknown) => JSON.stringify(value);
const OPINIONS = 'SELECT COUNT(*) AS n FROM opinions';
const CONTACTS = 'SELECT COUNT(*) AS n FROM opinion_contacts';
const EVENTS = 'SELECT COUNT(*) AS n FROM opinion_events WHERE opinion_id = OPID';
const BALLOTS = 'SELECT COUNT(*) AS n FROM ballots';
const CHANGES = 'SELECT COUNT(*) AS n FROM official_changes';
const ROUNDS = 'SELECT COUNT(*) AS n FROM project_rounds';
const STAFF = 'SELECT COUNT(*) AS n FROM staff_users';
const IMPORTS = 'SELECT COUNT(*) AS n FROM staff_import_files';
const FEEDBACK = 'SELECT COUNT(*) AS n FROM opinions WHERE feedback_resolved IS NOT NULL';
const PUBLISHES = 'SELECT COUNT(*) AS n FROM publishes';
const AUDIT = 'SELECT COUNT(*) AS n FROM audit_log';

const opinion = (overrides: Record<string, unknown>) =>
  json({
    target: { type: 'topic' },
    title: '路灯不亮',
    content: '小区门口路灯坏了很久。',
    consent: true,
    ...overrides,
  });

const publicCases: Case[] = [
  // /api/health
  { name: 'health: HEAD', method: 'HEAD', path: '/api/health', status: 200, as: 'empty' },
  {
    name: 'health: OPTIONS',
    method: 'OPTIONS',
    path: '/api/health',
    status: 405,
    as: 'json',
    code: 'method_not_allowed',
    allow: 'GET, HEAD',
  },
  {
    name: 'health: POST',
    method: 'POST',
    path: '/api/health',
    headers: JSON_TYPE,
    body: '{}',
    status: 405,
    as: 'json',
    code: 'method_not_allowed',
    allow: 'GET, HEAD',
  },

  { name: 'api: unknown path', path: '/api/nothing-here', status: 404, as: 'json', code: 'not_found' },
  {
    name: 'api: unknown path, OPTIONS',
    method: 'OPTIONS',
    path: '/api/nothing-here/..%2F',
    status: 404,
    as: 'json',
    code: 'not_found',
  },

  // POST /api/opinions
  {
    name: 'opinion: text/plain',
    method: 'POST',
    path: '/api/opinions',
    headers: { 'Content-Type': 'text/plain' },
    body: 'title=x',
    status: 415,
    as: 'json',
    code: 'unsupported_media_type',
    rows: OPINIONS,
  },
  {
    name: 'opinion: no content type',
    method: 'POST',
    path: '/api/opinions',
    body: opinion({}),
    status: 415,
    as: 'json',
    code: 'unsupported_media_type',
    rows: OPINIONS,
  },
  {
    name: 'opinion: a browser multipart form',
    method: 'POST',
    path: '/api/opinions',
    headers: HTML,
    body: { multipart: true },
    status: 415,
    as: 'html',
    rows: OPINIONS,
  },
  {
    name: 'opinion: a browser text/plain form',
    method: 'POST',
    path: '/api/opinions',
    headers: { ...HTML, 'Content-Type': 'text/plain' },
    body: 'title=x',
    status: 415,
    as: 'html',
    rows: OPINIONS,
  },
  {
    name: 'opinion: malformed JSON',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: '{"title":',
    status: 400,
    as: 'json',
    code: 'invalid_json',
    rows: OPINIONS,
  },
  {
    name: 'opinion: a JSON array',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: '[]',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    rows: OPINIONS,
  },
  {
    name: 'opinion: JSON null',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: 'null',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    rows: OPINIONS,
  },
  {
    name: 'opinion: a huge JSON number',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: '1e999',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    rows: OPINIONS,
  },
  {
    name: 'opinion: JSON nested 30,000 deep',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: `${long(30_000, '[')}${long(30_000, ']')}`,
    status: 400,
    as: 'json',
    code: 'validation_failed',
    rows: OPINIONS,
  },
  {
    name: 'opinion: a title nested 10,000 deep',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: opinion({ title: JSON.parse(`${long(10_000, '{"a":')}1${long(10_000, '}')}`) as unknown }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'title',
    rows: OPINIONS,
  },
  {
    name: 'opinion form: 5,000 fields',
    method: 'POST',
    path: '/api/opinions',
    headers: FORM_TYPE,
    body: Array.from({ length: 5_000 }, (_, i) => `f${i % 50}=${i}`).join('&'),
    status: 400,
    as: 'html',
    rows: OPINIONS,
  },
  {
    name: 'opinion: body too large',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: opinion({ content: long(70_000) }),
    status: 413,
    as: 'json',
    code: 'payload_too_large',
    rows: OPINIONS,
  },
  {
    name: 'opinion: not UTF-8',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: new Uint8Array([0x7b, 0xff, 0x7d]),
    status: 400,
    as: 'json',
    code: 'invalid_encoding',
    rows: OPINIONS,
  },
  {
    name: 'opinion: wrong types everywhere',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: json({
      target: ['topic'],
      title: 5,
      content: {},
      consent: 'true',
      allowPublication: 'yes',
      category: 7,
      name: [1],
      contact: 123,
    }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'title',
    rows: OPINIONS,
  },
  {
    name: 'opinion: target as a string',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: opinion({ target: 'topic' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'target',
    rows: OPINIONS,
  },
  {
    name: 'opinion: a 5,000-character deputy id',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: opinion({ target: { type: 'deputy', id: long(5000, 'a') } }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'target.id',
    rows: OPINIONS,
  },
  {
    name: 'opinion: unknown deputy',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: opinion({ target: { type: 'deputy', id: 'hostile-nobody' } }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'target.id',
    rows: OPINIONS,
  },
  {
    name: 'opinion: unknown category',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: opinion({ category: 'hostile_none' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'category',
    rows: OPINIONS,
  },
  {
    name: 'opinion: NUL and a bidi override',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: opinion({ title: '路\u0000灯', content: '路灯\u202e坏了很久' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'title',
    rows: OPINIONS,
  },
  {
    name: 'opinion: zero-width only',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: opinion({ title: '\u200b\u200b\u200b' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'title',
    rows: OPINIONS,
  },
  {
    name: 'opinion: lone surrogates',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: '{"target":{"type":"topic"},"title":"\\ud800\\ud800","content":"\\udfff\\udfff\\udfff\\udfff\\udfff","consent":true}',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'title',
    rows: OPINIONS,
  },
  {
    name: 'opinion: overlong fields',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: opinion({ title: long(5000), content: long(6000), name: long(5000) }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'content',
    rows: OPINIONS,
  },
  {
    name: 'opinion: emoji title with a wrong contact',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: opinion({ title: '👩‍👩‍👧 路灯', contact: 'not a contact 123' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'contact',
    rows: CONTACTS,
  },
  {
    name: 'opinion: consent as a string',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: opinion({ consent: 'true' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'consent',
    rows: OPINIONS,
  },
  {
    name: 'opinion: duplicated JSON keys, last one bad',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: '{"target":{"type":"topic"},"title":"路灯不亮","title":"","content":"小区门口路灯坏了很久。","consent":true}',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'title',
    rows: OPINIONS,
  },
  {
    name: 'opinion: an overlong Idempotency-Key',
    method: 'POST',
    path: '/api/opinions',
    headers: { ...JSON_TYPE, 'Idempotency-Key': long(500) },
    body: opinion({}),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'idempotency-key',
    rows: OPINIONS,
  },
  {
    name: 'opinion form: empty',
    method: 'POST',
    path: '/api/opinions',
    headers: FORM_TYPE,
    body: '_page=/opinions/new/',
    status: 400,
    as: 'html',
    says: '标题',
    rows: OPINIONS,
  },
  {
    name: 'opinion form: duplicated fields and NUL',
    method: 'POST',
    path: '/api/opinions',
    headers: FORM_TYPE,
    body: 'title=a&title=b&target.type=topic&target.type=deputy&content=%00&consent=on&_page=/opinions/new/',
    status: 400,
    as: 'html',
    rows: OPINIONS,
  },
  {
    name: 'opinion form: broken percent-encoding',
    method: 'POST',
    path: '/api/opinions',
    headers: FORM_TYPE,
    body: 'title=%FF%FE&content=%E4%B8&_page=/opinions/new/',
    status: 400,
    as: 'html',
    rows: OPINIONS,
  },
  {
    name: 'opinion form: not UTF-8',
    method: 'POST',
    path: '/api/opinions',
    headers: FORM_TYPE,
    body: new Uint8Array([0x74, 0x3d, 0xff]),
    status: 400,
    as: 'html',
    rows: OPINIONS,
  },
  {
    name: 'opinion form: too large',
    method: 'POST',
    path: '/api/opinions',
    headers: FORM_TYPE,
    body: `content=${long(70_000)}`,
    status: 413,
    as: 'html',
    rows: OPINIONS,
  },
  {
    name: 'opinion form: _page elsewhere',
    method: 'POST',
    path: '/api/opinions',
    headers: FORM_TYPE,
    body: '_page=https://evil.example/&title=a',
    status: 400,
    as: 'html',
    rows: OPINIONS,
  },
  {
    name: 'opinions: GET',
    path: '/api/opinions',
    status: 405,
    as: 'json',
    code: 'method_not_allowed',
    allow: 'POST',
  },
  {
    name: 'opinions: PUT',
    method: 'PUT',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: opinion({}),
    status: 405,
    as: 'json',
    code: 'method_not_allowed',
    allow: 'POST',
    rows: OPINIONS,
  },
  {
    name: 'opinions: DELETE',
    method: 'DELETE',
    path: '/api/opinions',
    status: 405,
    as: 'json',
    code: 'method_not_allowed',
    allow: 'POST',
  },

  // Not hostile: emoji (with joiners) and a rare CJK character are text, and the opinion is taken.
  {
    name: 'opinion: emoji and 𠀀 are text',
    method: 'POST',
    path: '/api/opinions',
    headers: JSON_TYPE,
    body: opinion({ title: '👩‍👩‍👧 路灯 𠀀', content: '小区门口路灯坏了很久 🌃。', unknownField: [1, 2] }),
    status: 201,
    as: 'json',
  },

  // Tracking codes: status, receipt, feedback
  {
    name: 'status: a number',
    method: 'POST',
    path: '/api/opinions/status',
    headers: JSON_TYPE,
    body: json({ trackingCode: 12345 }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'trackingCode',
  },
  {
    name: 'status: an array',
    method: 'POST',
    path: '/api/opinions/status',
    headers: JSON_TYPE,
    body: json({ trackingCode: ['a', 'b'] }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'trackingCode',
  },
  {
    name: 'status: 3,000 characters',
    method: 'POST',
    path: '/api/opinions/status',
    headers: JSON_TYPE,
    body: json({ trackingCode: long(3000, 'A') }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'trackingCode',
  },
  {
    name: 'status: nobody holds it',
    method: 'POST',
    path: '/api/opinions/status',
    headers: JSON_TYPE,
    body: json({ trackingCode: UNKNOWN_CODE }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'trackingCode',
  },
  // The sender's own view: the opinion, never the contact details given with it.
  {
    name: 'status: the sender’s code',
    method: 'POST',
    path: '/api/opinions/status',
    headers: JSON_TYPE,
    body: json({ trackingCode: 'TRACKING', extra: ['ignored'] }),
    status: 200,
    as: 'json',
  },
  {
    name: 'receipt form: the sender’s code',
    method: 'POST',
    path: '/api/opinions/receipt',
    headers: FORM_TYPE,
    body: 'trackingCode=TRACKING&trackingCode=x',
    status: 200,
    as: 'html',
  },
  {
    name: 'status form: unknown code',
    method: 'POST',
    path: '/api/opinions/status',
    headers: FORM_TYPE,
    body: `trackingCode=${UNKNOWN_CODE}&_page=/opinions/status/`,
    status: 400,
    as: 'html',
    says: '查询码',
  },
  {
    name: 'status form: NUL, repeated',
    method: 'POST',
    path: '/api/opinions/status',
    headers: FORM_TYPE,
    body: 'trackingCode=%00&trackingCode=x',
    status: 400,
    as: 'html',
  },
  {
    name: 'receipt: null',
    method: 'POST',
    path: '/api/opinions/receipt',
    headers: JSON_TYPE,
    body: '{"trackingCode":null}',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'trackingCode',
  },
  {
    name: 'feedback: too large',
    method: 'POST',
    path: '/api/opinions/feedback',
    headers: JSON_TYPE,
    body: json({ trackingCode: UNKNOWN_CODE, resolved: 'maybe', comment: long(5000) }),
    status: 413,
    as: 'json',
    code: 'payload_too_large',
  },
  {
    name: 'feedback: unknown code',
    method: 'POST',
    path: '/api/opinions/feedback',
    headers: JSON_TYPE,
    body: json({ trackingCode: UNKNOWN_CODE, resolved: 'yes' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'trackingCode',
  },
  {
    name: 'feedback form: unknown answer',
    method: 'POST',
    path: '/api/opinions/feedback',
    headers: FORM_TYPE,
    body: `trackingCode=${UNKNOWN_CODE}&resolved=maybe`,
    status: 400,
    as: 'html',
  },

  {
    name: 'feedback form: the sender’s code, an unknown answer, a NUL comment',
    method: 'POST',
    path: '/api/opinions/feedback',
    headers: FORM_TYPE,
    body: 'trackingCode=TRACKING&resolved=maybe&resolved=yes&comment=%00',
    status: 400,
    as: 'html',
    says: '补充说明含有不允许的控制字符',
    rows: EVENTS,
  },

  {
    name: 'feedback form: a replied opinion, an unknown answer, a NUL comment',
    method: 'POST',
    path: '/api/opinions/feedback',
    headers: FORM_TYPE,
    body: 'trackingCode=REPLIED&resolved=maybe&comment=%E7%9C%8B%E5%88%B0%00',
    status: 400,
    as: 'html',
    says: '补充说明含有不允许的控制字符',
    rows: FEEDBACK,
  },
  {
    name: 'feedback: a replied opinion, resolved as an array',
    method: 'POST',
    path: '/api/opinions/feedback',
    headers: JSON_TYPE,
    body: json({ trackingCode: 'REPLIED', resolved: ['yes'] }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'resolved',
    rows: FEEDBACK,
  },

  // /api/rounds/:year and its ballots, /api/ballots/verify
  {
    name: 'round: letters',
    path: '/api/rounds/abcd',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'year',
  },
  {
    name: 'round: five digits',
    path: '/api/rounds/99999',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'year',
  },
  {
    name: 'round: %00',
    path: '/api/rounds/2026%00',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'year',
  },
  {
    name: 'round: ..',
    path: '/api/rounds/..%2F..%2Fhealth',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'year',
  },
  {
    name: 'round: 3,000 digits',
    path: `/api/rounds/${long(3000, '9')}`,
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'year',
  },
  {
    name: 'round: fractional',
    path: '/api/rounds/2026.5',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'year',
  },
  {
    name: 'round: negative',
    path: '/api/rounds/-2026',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'year',
  },
  { name: 'round: unknown year', path: '/api/rounds/2099', status: 404, as: 'json', code: 'not_found' },
  {
    name: 'round: HEAD of an unknown year',
    method: 'HEAD',
    path: '/api/rounds/2099',
    status: 404,
    as: 'empty',
  },
  {
    name: 'round: OPTIONS',
    method: 'OPTIONS',
    path: `/api/rounds/${OPEN_ROUND}`,
    status: 405,
    as: 'json',
    code: 'method_not_allowed',
    allow: 'GET, HEAD',
  },
  {
    name: 'ballot: unknown round',
    method: 'POST',
    path: '/api/rounds/2099/ballots',
    headers: JSON_TYPE,
    body: json({ choices: ['a'] }),
    status: 404,
    as: 'json',
    code: 'not_found',
    rows: BALLOTS,
  },
  {
    name: 'ballot: a year with a letter',
    method: 'POST',
    path: '/api/rounds/20x6/ballots',
    headers: JSON_TYPE,
    body: json({ choices: ['a'] }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'year',
    rows: BALLOTS,
  },
  {
    name: 'ballot: choices a string, code an array',
    method: 'POST',
    path: `/api/rounds/${CODE_ROUND}/ballots`,
    headers: JSON_TYPE,
    body: json({ choices: 'a', votingCode: ['x'] }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'choices',
    rows: BALLOTS,
  },
  {
    name: 'ballot: 500 choices',
    method: 'POST',
    path: `/api/rounds/${CODE_ROUND}/ballots`,
    headers: JSON_TYPE,
    body: json({ choices: Array.from({ length: 500 }, (_, i) => `c${i}`) }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'choices',
    rows: BALLOTS,
  },
  {
    name: 'ballot: the same choice twice',
    method: 'POST',
    path: `/api/rounds/${CODE_ROUND}/ballots`,
    headers: JSON_TYPE,
    body: json({ choices: ['r2081c1', 'r2081c1'], votingCode: UNKNOWN_CODE }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'choices',
    rows: BALLOTS,
  },
  {
    name: 'ballot: no code in a code round',
    method: 'POST',
    path: `/api/rounds/${CODE_ROUND}/ballots`,
    headers: JSON_TYPE,
    body: json({ choices: ['r2081c1'] }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'votingCode',
    rows: BALLOTS,
  },
  {
    name: 'ballot: a code nobody was given',
    method: 'POST',
    path: `/api/rounds/${CODE_ROUND}/ballots`,
    headers: JSON_TYPE,
    body: json({ choices: ['r2081c1'], votingCode: UNKNOWN_CODE }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'votingCode',
    rows: BALLOTS,
  },
  {
    name: 'ballot: an unknown step',
    method: 'POST',
    path: `/api/rounds/${CODE_ROUND}/ballots`,
    headers: JSON_TYPE,
    body: json({ choices: ['r2081c1'], votingCode: 'x', step: 'explode' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'step',
    rows: BALLOTS,
  },
  {
    name: 'ballot: unknown candidate in an open round',
    method: 'POST',
    path: `/api/rounds/${OPEN_ROUND}/ballots`,
    headers: JSON_TYPE,
    body: json({ choices: ['nope'] }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'choices',
    rows: BALLOTS,
  },
  {
    name: 'ballot: a broken browser cookie',
    method: 'POST',
    path: `/api/rounds/${OPEN_ROUND}/ballots`,
    headers: { ...JSON_TYPE, Cookie: `ballot_browser=${long(50, '%')}` },
    body: json({ choices: ['r2082c1', 'r2082c9'] }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'choices',
    rows: BALLOTS,
  },
  {
    name: 'ballot form: a wrong code, cast',
    method: 'POST',
    path: `/api/rounds/${CODE_ROUND}/ballots`,
    headers: FORM_TYPE,
    body: `choices=r2081c1&votingCode=${UNKNOWN_CODE}&step=cast&_page=/vote/${CODE_ROUND}/`,
    status: 400,
    as: 'html',
    says: '投票码',
    rows: BALLOTS,
  },
  {
    name: 'ballot form: unknown round',
    method: 'POST',
    path: '/api/rounds/2099/ballots',
    headers: FORM_TYPE,
    body: 'choices=a&choices=a&step=cast',
    status: 400,
    as: 'html',
    rows: BALLOTS,
  },
  {
    name: 'ballot form: a year of letters',
    method: 'POST',
    path: '/api/rounds/abcd/ballots',
    headers: FORM_TYPE,
    body: 'choices=a',
    status: 400,
    as: 'html',
    rows: BALLOTS,
  },
  {
    name: 'verify: an object',
    method: 'POST',
    path: '/api/ballots/verify',
    headers: JSON_TYPE,
    body: json({ receipt: { a: 1 } }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'receipt',
  },
  {
    name: 'verify form: a bidi override',
    method: 'POST',
    path: '/api/ballots/verify',
    headers: FORM_TYPE,
    body: 'receipt=%E2%80%AE',
    status: 400,
    as: 'html',
    says: '回执码',
  },

  // /api/search
  {
    name: 'search: q repeated',
    path: '/api/search?q=a&q=b',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'q',
  },
  {
    name: 'search: page -1',
    path: '/api/search?q=a&page=-1',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'page',
  },
  {
    name: 'search: page NaN',
    path: '/api/search?q=a&page=NaN',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'page',
  },
  {
    name: 'search: page Infinity',
    path: '/api/search?q=a&page=Infinity',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'page',
  },
  {
    name: 'search: page 1e309',
    path: '/api/search?q=a&page=1e309',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'page',
  },
  {
    name: 'search: page 1.5',
    path: '/api/search?q=a&page=1.5',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'page',
  },
  {
    name: 'search: year 2026-02-30',
    path: '/api/search?q=a&year=2026-02-30',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'year',
  },
  {
    name: 'search: kind ../../x',
    path: '/api/search?q=a&kind=../../x',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'kind',
  },
  {
    name: 'search: kind repeated',
    path: '/api/search?q=a&kind=deputy&kind=station',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'kind',
  },
  {
    name: 'search: q of 3,000 characters',
    path: `/api/search?q=${long(3000, '人')}`,
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'q',
  },
  {
    name: 'search: q with NUL and a bidi override',
    path: '/api/search?q=%00%E2%80%AE',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'q',
  },
  {
    name: 'search: q zero-width only',
    path: '/api/search?q=%E2%80%8B%E2%80%8B',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'q',
  },
  {
    name: 'search: FTS5 syntax is only text',
    path: `/api/search?q=${encodeURIComponent('"a" OR b* NEAR(c) -d ^e :f {g}')}`,
    status: 200,
    as: 'json',
  },
  {
    name: 'search: emoji with joiners',
    path: `/api/search?q=${encodeURIComponent('👩‍👩‍👧 加装')}`,
    status: 200,
    as: 'json',
  },
  {
    name: 'search: POST',
    method: 'POST',
    path: '/api/search',
    headers: JSON_TYPE,
    body: '{}',
    status: 405,
    as: 'json',
    code: 'method_not_allowed',
    allow: 'GET, HEAD',
  },

  // /prefs, /files (links people open in a browser tab)
  {
    name: 'elder mode: javascript: back',
    path: '/prefs/elder?on=1&back=javascript:alert(1)',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'back',
  },
  {
    name: 'elder mode: CRLF in back',
    path: '/prefs/elder?on=1&back=/%0d%0aSet-Cookie:x=1',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'back',
  },
  {
    name: 'elder mode: back of 20,000 characters',
    path: `/prefs/elder?on=1&back=/${long(20_000, 'a')}`,
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'back',
  },
  {
    name: 'elder mode: on repeated',
    path: '/prefs/elder?on=1&on=0&back=/',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'on',
  },
  {
    name: 'elder mode: \\\\evil',
    path: '/prefs/elder?on=1&back=%5C%5Cevil.example',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'back',
  },
  {
    name: 'elder mode: a broken link opened in a tab',
    path: '/prefs/elder?on=2&back=/',
    headers: HTML,
    status: 400,
    as: 'html',
    says: '参数 on',
  },
  {
    name: 'files: .. in a version',
    path: '/files/data/..%2F..%2Fx/manifest.json',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'version',
  },
  {
    name: 'files: %00 in a file name',
    path: '/files/data/20260101-abcdef01/manifest.json%00',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'file',
  },
  {
    name: 'files: unknown version',
    path: '/files/data/20260101-abcdef01/manifest.json',
    status: 404,
    as: 'json',
    code: 'not_found',
  },
  {
    name: 'files: unknown version in a tab',
    path: '/files/data/20260101-abcdef01/manifest.json',
    headers: HTML,
    status: 404,
    as: 'html',
  },
  {
    name: 'files: a report id of 3,000 characters',
    path: `/files/reports/${long(3000, 'a')}`,
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'id',
  },
  {
    name: 'files: unknown report',
    path: '/files/reports/hostile-no-report',
    status: 404,
    as: 'json',
    code: 'not_found',
  },
];

const staffCases: Case[] = [
  // /staff/opinions and /api/staff/opinions
  { name: 'console opinion: id abc', path: '/staff/opinions/abc', status: 400, as: 'html' },
  { name: 'console opinion: id -1', path: '/staff/opinions/-1', status: 400, as: 'html' },
  { name: 'console opinion: id 1.5', path: '/staff/opinions/1.5', status: 400, as: 'html' },
  { name: 'console opinion: id 1e309', path: '/staff/opinions/1e309', status: 400, as: 'html' },
  { name: 'console opinion: id %00', path: '/staff/opinions/1%00', status: 400, as: 'html' },
  { name: 'console opinion: unknown id', path: '/staff/opinions/9999999999', status: 404, as: 'html' },
  {
    name: 'console inbox: bad and repeated query',
    path: '/staff/opinions?page=-1&status=bogus&page=2&overdue=maybe&category=%00',
    status: 400,
    as: 'html',
  },
  {
    name: 'api opinion: unknown id',
    path: '/api/staff/opinions/9999999999',
    status: 404,
    as: 'json',
    code: 'not_found',
  },
  {
    name: 'api opinion: id Infinity',
    path: '/api/staff/opinions/Infinity',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'id',
  },
  {
    name: 'api inbox: page NaN, unknown target',
    path: '/api/staff/opinions?page=NaN&target=x',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'page',
  },
  {
    name: 'api triage: malformed JSON',
    method: 'POST',
    path: '/api/staff/opinions/OPID/triage',
    headers: JSON_TYPE,
    body: '{',
    status: 400,
    as: 'json',
    code: 'invalid_json',
    rows: EVENTS,
  },
  {
    name: 'api triage: text/plain',
    method: 'POST',
    path: '/api/staff/opinions/OPID/triage',
    headers: { 'Content-Type': 'text/plain' },
    body: json({ categoryId: 'hostile_roads', layer: 'city' }),
    status: 415,
    as: 'json',
    code: 'unsupported_media_type',
    rows: EVENTS,
  },
  {
    name: 'api triage: an array, a number, 2026-02-30',
    method: 'POST',
    path: '/api/staff/opinions/OPID/triage',
    headers: JSON_TYPE,
    body: json({ categoryId: ['a'], layer: 5, dueOn: '2026-02-30' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'dueOn',
    rows: EVENTS,
  },
  {
    name: 'api reply: revision 1e308',
    method: 'POST',
    path: '/api/staff/opinions/OPID/reply',
    headers: JSON_TYPE,
    body: json({ revision: 1e308, showPublicly: 'x' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'revision',
    rows: EVENTS,
  },
  {
    name: 'api note: NUL',
    method: 'POST',
    path: '/api/staff/opinions/OPID/notes',
    headers: JSON_TYPE,
    body: json({ note: 'a\u0000b' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'note',
    rows: EVENTS,
  },
  {
    name: 'api note: 2,000 characters',
    method: 'POST',
    path: '/api/staff/opinions/OPID/notes',
    headers: JSON_TYPE,
    body: json({ note: long(2000) }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'note',
    rows: EVENTS,
  },
  {
    name: 'api reply draft: a bidi override',
    method: 'POST',
    path: '/api/staff/opinions/OPID/reply-draft',
    headers: JSON_TYPE,
    body: json({ body: '答复\u202e内容' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'body',
    rows: EVENTS,
  },
  {
    name: 'api reject: a zero-width reason',
    method: 'POST',
    path: '/api/staff/opinions/OPID/reject',
    headers: JSON_TYPE,
    body: json({ reason: '\u200b\u200b' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'reason',
    rows: EVENTS,
  },
  {
    name: 'api forward: a bell in the note',
    method: 'POST',
    path: '/api/staff/opinions/OPID/forward',
    headers: JSON_TYPE,
    body: json({ targetKind: 'unit', targetId: 'hostile-unit', note: '\u0007' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'note',
    rows: EVENTS,
  },
  {
    name: 'api contact: unknown opinion',
    method: 'POST',
    path: '/api/staff/opinions/9999999999/contact',
    headers: JSON_TYPE,
    body: '{}',
    status: 404,
    as: 'json',
    code: 'not_found',
    rows: AUDIT,
  },
  {
    name: 'console note: 2,000 characters',
    method: 'POST',
    path: '/staff/opinions/OPID/notes',
    headers: FORM_TYPE,
    body: `note=${long(2000)}`,
    status: 400,
    as: 'html',
    rows: EVENTS,
  },
  {
    name: 'console note: multipart, 2,000 characters',
    method: 'POST',
    path: '/staff/opinions/OPID/notes',
    body: { multipart: true },
    status: 400,
    as: 'html',
    rows: EVENTS,
  },
  {
    name: 'console close: NUL reason',
    method: 'POST',
    path: '/staff/opinions/OPID/close',
    headers: FORM_TYPE,
    body: 'reason=%00',
    status: 400,
    as: 'html',
    rows: EVENTS,
  },
  {
    name: 'console triage: 2026-02-30',
    method: 'POST',
    path: '/staff/opinions/OPID/triage',
    headers: FORM_TYPE,
    body: 'categoryId=hostile_roads&layer=city&dueOn=2026-02-30',
    status: 400,
    as: 'html',
    rows: EVENTS,
  },
  {
    name: 'console note: JSON body',
    method: 'POST',
    path: '/staff/opinions/OPID/notes',
    headers: JSON_TYPE,
    body: json({ note: 'x' }),
    status: 403,
    as: 'html',
    rows: EVENTS,
  },
  {
    name: 'console note: broken multipart',
    method: 'POST',
    path: '/staff/opinions/OPID/notes',
    headers: { 'Content-Type': 'multipart/form-data; boundary=zzz' },
    body: '--zzz\r\nbroken',
    status: 400,
    says: '表单内容不完整或格式有误',
    as: 'html',
    rows: EVENTS,
  },
  {
    name: 'console opinion: PUT',
    method: 'PUT',
    path: '/staff/opinions/OPID',
    headers: FORM_TYPE,
    body: '',
    status: 405,
    as: 'html',
    says: '这个地址不接受 PUT 请求',
    allow: 'GET, HEAD',
  },
  {
    name: 'api opinion: DELETE',
    method: 'DELETE',
    path: '/api/staff/opinions/OPID',
    status: 405,
    as: 'json',
    code: 'method_not_allowed',
    allow: 'GET, HEAD',
  },
  {
    name: 'api session: OPTIONS',
    method: 'OPTIONS',
    path: '/api/staff/session',
    status: 405,
    as: 'json',
    code: 'method_not_allowed',
    allow: 'GET, HEAD',
  },

  // The console shows contact details masked; revealing them is its own logged action.
  { name: 'api opinion: contact masked', path: '/api/staff/opinions/OPID', status: 200, as: 'json' },
  { name: 'console opinion: contact masked', path: '/staff/opinions/OPID', status: 200, as: 'html' },
  {
    name: 'api: unknown staff path',
    path: '/api/staff/nothing-here',
    status: 404,
    as: 'json',
    code: 'not_found',
  },
  {
    name: 'api: GET of a POST-only staff route',
    path: '/api/staff/opinions/OPID/notes',
    status: 405,
    as: 'json',
    code: 'method_not_allowed',
    allow: 'POST',
  },

  {
    name: 'api note: 1.7 MB body',
    method: 'POST',
    path: '/api/staff/opinions/OPID/notes',
    headers: JSON_TYPE,
    body: json({ note: long(1_700_000) }),
    status: 413,
    as: 'json',
    code: 'payload_too_large',
    rows: EVENTS,
  },
  {
    name: 'console note: 1.7 MB form',
    method: 'POST',
    path: '/staff/opinions/OPID/notes',
    headers: FORM_TYPE,
    body: `note=${long(1_700_000)}`,
    status: 413,
    as: 'html',
    rows: EVENTS,
  },

  // /staff/rounds and /api/staff/rounds
  { name: 'console round: year abc', path: '/staff/rounds/abc', status: 400, as: 'html' },
  { name: 'console round: year 2026.5', path: '/staff/rounds/2026.5', status: 400, as: 'html' },
  { name: 'console round: unknown year', path: '/staff/rounds/2099', status: 404, as: 'html' },
  {
    name: 'api round: fractional year, array title, 1e308 choices',
    method: 'POST',
    path: '/api/staff/rounds',
    headers: JSON_TYPE,
    body: json({ year: 2026.5, title: ['x'], mode: 'open', maxChoices: 1e308 }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'maxChoices',
    rows: ROUNDS,
  },
  {
    name: 'api round: JSON nested 30,000 deep',
    method: 'POST',
    path: '/api/staff/rounds',
    headers: JSON_TYPE,
    body: `${long(30_000, '{"a":')}1${long(30_000, '}')}`,
    status: 400,
    as: 'json',
    code: 'validation_failed',
    rows: ROUNDS,
  },
  {
    name: 'api round: null',
    method: 'POST',
    path: '/api/staff/rounds',
    headers: JSON_TYPE,
    body: 'null',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    rows: ROUNDS,
  },
  {
    name: 'api round: a stale version',
    method: 'POST',
    path: '/api/staff/rounds',
    headers: JSON_TYPE,
    body: json({ year: CODE_ROUND, title: '改', mode: 'code', maxChoices: 3, rowVersion: 1e15 }),
    status: 409,
    as: 'json',
    code: 'stale_version',
    rows: CHANGES,
  },
  {
    name: 'console round: NUL and a bidi override in the title',
    method: 'POST',
    path: '/staff/rounds',
    headers: FORM_TYPE,
    body: `year=${NEW_ROUND}&title=%E2%80%AE%00&mode=open&maxChoices=2`,
    status: 400,
    as: 'html',
    says: '标题含有不允许的控制字符',
    rows: ROUNDS,
  },
  {
    name: 'console round: NaN and Infinity',
    method: 'POST',
    path: '/staff/rounds',
    headers: FORM_TYPE,
    body: 'year=NaN&title=x&mode=x&maxChoices=Infinity',
    status: 400,
    as: 'html',
    rows: ROUNDS,
  },
  {
    name: 'api codes: 1e9',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/codes`,
    headers: JSON_TYPE,
    body: json({ count: 1e9 }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'count',
  },
  {
    name: 'api codes: -1',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/codes`,
    headers: JSON_TYPE,
    body: json({ count: -1 }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'count',
  },
  {
    name: 'api codes: unknown round',
    method: 'POST',
    path: '/api/staff/rounds/2099/codes',
    headers: JSON_TYPE,
    body: json({ count: 1 }),
    status: 404,
    as: 'json',
    code: 'not_found',
  },
  {
    name: 'console codes: 99999999999',
    method: 'POST',
    path: `/staff/rounds/${CODE_ROUND}/codes`,
    headers: FORM_TYPE,
    body: 'count=99999999999',
    status: 400,
    as: 'html',
  },
  {
    name: 'api phase: 2026-02-30',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/phases`,
    headers: JSON_TYPE,
    body: json({ phase: 'public_voting', startsAt: '2026-02-30T00:00', endsAt: '2026-03-02T00:00' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'startsAt',
    rows: CHANGES,
  },
  {
    name: 'api phase: __proto__, 25 o’clock',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/phases`,
    headers: JSON_TYPE,
    body: json({ phase: '__proto__', startsAt: '2026-02-28T00:00', endsAt: '2026-03-02T25:00' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'phase',
    rows: CHANGES,
  },
  {
    name: 'api phase: unknown round',
    method: 'POST',
    path: '/api/staff/rounds/2099/phases',
    headers: JSON_TYPE,
    body: json({ phase: 'public_voting', startsAt: '2026-03-01T00:00', endsAt: '2026-03-02T00:00' }),
    status: 404,
    as: 'json',
    code: 'not_found',
    rows: CHANGES,
  },
  {
    name: 'api candidate: a bidi title, a NUL description',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/candidates`,
    headers: JSON_TYPE,
    body: json({ title: '\u202e项目', description: '\u0000' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'title',
    rows: CHANGES,
  },
  {
    name: 'api candidate: negative budget',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/candidates`,
    headers: JSON_TYPE,
    body: json({ title: '项目', description: '说明', budgetYuan: -1 }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'budgetYuan',
    rows: CHANGES,
  },
  {
    name: 'api candidate: unknown id',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/candidates`,
    headers: JSON_TYPE,
    body: json({ candidateId: 'no-such-cand', title: '项目', description: '说明' }),
    status: 404,
    as: 'json',
    code: 'not_found',
    rows: CHANGES,
  },
  {
    name: 'api counts: negative and fractional',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/counts`,
    headers: JSON_TYPE,
    body: json({ candidateId: 'r2081c1', station: -1, paper: 1.5, reason: 'r', reference: 'x' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'station',
    rows: CHANGES,
  },
  {
    name: 'api counts: unknown candidate',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/counts`,
    headers: JSON_TYPE,
    body: json({ candidateId: 'no-such', station: 1, paper: 1, reason: 'r', reference: 'x' }),
    status: 404,
    as: 'json',
    code: 'not_found',
    rows: CHANGES,
  },
  {
    name: 'api deputies’ vote: a bidi reason',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/deputies-vote`,
    headers: JSON_TYPE,
    body: json({
      candidateId: 'r2081c1',
      votesFor: 1,
      votesAgainst: 0,
      votesAbstain: 0,
      reason: '\u2066r',
      reference: 'x',
    }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'reason',
    rows: CHANGES,
  },
  {
    name: 'api milestone: 2026-02-29',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/milestones`,
    headers: JSON_TYPE,
    body: json({
      candidateId: 'r2081c1',
      title: 't',
      dueOn: '2026-02-29',
      progressPercent: 5,
      reason: 'r',
      reference: 'x',
    }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'dueOn',
    rows: CHANGES,
  },
  {
    name: 'api milestone: progress 101',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/milestones`,
    headers: JSON_TYPE,
    body: json({
      candidateId: 'r2081c1',
      title: 't',
      dueOn: '2026-02-28',
      progressPercent: 101,
      reason: 'r',
      reference: 'x',
    }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'progressPercent',
    rows: CHANGES,
  },
  {
    name: 'api evaluation: unknown candidate',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/evaluation`,
    headers: JSON_TYPE,
    body: json({
      candidateId: 'no-such',
      evaluatedOn: '2026-02-28',
      satisfied: 1,
      basicallySatisfied: 1,
      dissatisfied: 1,
      summary: 's',
      reason: 'r',
      reference: 'x',
    }),
    status: 404,
    as: 'json',
    code: 'not_found',
    rows: CHANGES,
  },
  {
    name: 'api voting: unknown action',
    method: 'POST',
    path: `/api/staff/rounds/${CODE_ROUND}/voting`,
    headers: JSON_TYPE,
    body: json({ action: 'explode' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'action',
    rows: CHANGES,
  },
  {
    name: 'api voting: unknown round',
    method: 'POST',
    path: '/api/staff/rounds/2099/voting',
    headers: JSON_TYPE,
    body: json({ action: 'close' }),
    status: 404,
    as: 'json',
    code: 'not_found',
    rows: CHANGES,
  },

  // /staff/accounts
  {
    name: 'accounts: id of 3,000 characters',
    path: `/staff/accounts/${long(3000, 'a')}`,
    status: 400,
    as: 'html',
  },
  { name: 'accounts: id %00', path: '/staff/accounts/%00', status: 400, as: 'html' },
  { name: 'accounts: unknown id', path: '/staff/accounts/hostile-nobody', status: 404, as: 'html' },
  { name: 'accounts: page -5', path: '/staff/accounts?page=-5', status: 400, as: 'html' },
  {
    name: 'accounts add: bad everything',
    method: 'POST',
    path: '/staff/accounts',
    headers: FORM_TYPE,
    body: `email=x&role=king&stationId=%00&displayName=${long(500, 'a')}`,
    status: 400,
    as: 'html',
    rows: STAFF,
  },
  {
    name: 'accounts add: an email already used',
    method: 'POST',
    path: '/staff/accounts',
    headers: FORM_TYPE,
    body: 'email=hostile.admin%40example.cn&role=editor&displayName=%E9%87%8D',
    status: 409,
    as: 'html',
    rows: STAFF,
  },
  {
    name: 'accounts add: unknown station',
    method: 'POST',
    path: '/staff/accounts',
    headers: FORM_TYPE,
    body: 'email=hostile.new%40example.cn&role=station_staff&stationId=no-station&displayName=%E9%87%8D',
    status: 400,
    as: 'html',
    rows: STAFF,
  },
  {
    name: 'accounts add: NUL name',
    method: 'POST',
    path: '/staff/accounts',
    headers: FORM_TYPE,
    body: 'email=hostile.new2%40example.cn&role=editor&displayName=%00%E2%80%AE',
    status: 400,
    as: 'html',
    rows: STAFF,
  },
  {
    name: 'accounts: edit unknown',
    method: 'POST',
    path: '/staff/accounts/hostile-nobody',
    headers: FORM_TYPE,
    body: 'role=editor&displayName=x',
    status: 404,
    as: 'html',
    rows: AUDIT,
  },
  {
    name: 'accounts: disable unknown',
    method: 'POST',
    path: '/staff/accounts/hostile-nobody/disable',
    headers: FORM_TYPE,
    body: '',
    status: 404,
    as: 'html',
    rows: AUDIT,
  },
  {
    name: 'accounts: disable oneself',
    method: 'POST',
    path: '/staff/accounts/hostile-admin/disable',
    headers: FORM_TYPE,
    body: '',
    status: 409,
    as: 'html',
    rows: AUDIT,
  },

  // /staff/audit
  {
    name: 'audit: bad entity type, long id, page 0',
    path: `/staff/audit?entityType=../x&entityId=${long(500, 'a')}&page=0`,
    status: 400,
    as: 'html',
  },

  // /staff/imports and /api/staff/imports
  {
    name: 'import: unknown kind',
    method: 'POST',
    path: '/staff/imports/bogus',
    headers: FORM_TYPE,
    body: '',
    status: 400,
    as: 'html',
    rows: IMPORTS,
  },
  {
    name: 'import: no file',
    method: 'POST',
    path: '/staff/imports/roster',
    headers: FORM_TYPE,
    body: 'mode=merge',
    status: 400,
    as: 'html',
    rows: IMPORTS,
  },
  {
    name: 'import: garbage named .xlsx',
    method: 'POST',
    path: '/staff/imports/roster',
    body: { file: 'roster.xlsx', upload: 'garbage' },
    status: 422,
    as: 'html',
    rows: IMPORTS,
  },
  {
    name: 'import: an empty zip named .xlsx',
    method: 'POST',
    path: '/staff/imports/roster',
    body: { file: 'roster.xlsx', upload: 'emptyZip' },
    status: 422,
    as: 'html',
    rows: IMPORTS,
  },
  {
    name: 'import: an .xlsx with a broken deflate stream',
    method: 'POST',
    path: '/staff/imports/roster',
    body: { file: 'roster.xlsx', upload: 'badDeflate' },
    status: 422,
    as: 'html',
    rows: IMPORTS,
  },
  {
    name: 'api import: an .xlsx with a deflate stream cut short',
    method: 'POST',
    path: '/api/staff/imports/roster/dry-run',
    body: { file: 'roster.xlsx', upload: 'cutDeflate' },
    status: 422,
    as: 'json',
    rows: IMPORTS,
  },
  {
    name: 'import: CSV not in UTF-8',
    method: 'POST',
    path: '/staff/imports/roster',
    body: { file: 'roster.csv', upload: 'notUtf8' },
    status: 422,
    as: 'html',
    rows: IMPORTS,
  },
  {
    name: 'import: CSV with a header only',
    method: 'POST',
    path: '/staff/imports/activities',
    body: { file: 'a.csv', upload: 'headerOnly' },
    status: 422,
    as: 'html',
    rows: IMPORTS,
  },
  {
    name: 'import: CSV with broken quotes, NUL, bidi',
    method: 'POST',
    path: '/staff/imports/suggestions',
    body: { file: 's.csv', upload: 'brokenQuotes' },
    status: 422,
    as: 'html',
    rows: IMPORTS,
  },
  {
    name: 'import: an .exe',
    method: 'POST',
    path: '/staff/imports/roster',
    body: { file: 'x.exe', upload: 'garbage' },
    status: 422,
    as: 'html',
    rows: IMPORTS,
  },
  { name: 'import: pending id abc', path: '/staff/imports/pending/abc', status: 400, as: 'html' },
  {
    name: 'import: unknown pending',
    path: `/staff/imports/pending/${long(32, '0')}`,
    status: 404,
    as: 'html',
  },
  {
    name: 'import: confirm unknown',
    method: 'POST',
    path: `/staff/imports/pending/${long(32, '0')}/confirm`,
    headers: FORM_TYPE,
    body: '',
    status: 404,
    as: 'html',
    rows: AUDIT,
  },
  {
    name: 'import: withdraw unknown',
    method: 'POST',
    path: `/staff/imports/pending/${long(32, '0')}/withdraw`,
    headers: FORM_TYPE,
    body: '',
    status: 404,
    as: 'html',
    rows: AUDIT,
  },
  {
    name: 'import: commit unknown',
    method: 'POST',
    path: '/staff/imports/roster/commit',
    headers: FORM_TYPE,
    body: `importId=${long(32, '0')}`,
    status: 404,
    as: 'html',
    rows: IMPORTS,
  },
  {
    name: 'import: export as .exe, year NaN',
    path: '/staff/imports/roster/export?format=exe&year=NaN',
    status: 400,
    as: 'html',
  },
  {
    name: 'import: export year 99999',
    path: '/staff/imports/activities/export?format=csv&year=99999',
    status: 400,
    as: 'html',
  },
  {
    name: 'api import: dry run without a file',
    method: 'POST',
    path: '/api/staff/imports/roster/dry-run',
    headers: JSON_TYPE,
    body: '{}',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'file',
    rows: IMPORTS,
  },
  {
    name: 'api import: garbage',
    method: 'POST',
    path: '/api/staff/imports/roster/dry-run',
    body: { file: 'roster.xlsx', upload: 'garbage' },
    status: 422,
    as: 'json',
    rows: IMPORTS,
  },
  {
    name: 'api import: commit with an unknown mode',
    method: 'POST',
    path: '/api/staff/imports/roster/commit',
    headers: JSON_TYPE,
    body: json({ id: 'x', mode: 'nuke' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'importId',
    rows: IMPORTS,
  },
  {
    name: 'api import: commit unknown',
    method: 'POST',
    path: '/api/staff/imports/roster/commit',
    headers: JSON_TYPE,
    body: json({ importId: long(32, '0') }),
    status: 404,
    as: 'json',
    code: 'import_expired',
    rows: IMPORTS,
  },
  {
    name: 'api import: withdraw id abc',
    method: 'POST',
    path: '/api/staff/imports/pending/abc/withdraw',
    headers: JSON_TYPE,
    body: '{}',
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'id',
  },

  // /staff/publish and /api/staff/publish (a valid publish would run: only refused input here)
  {
    name: 'publish: change id abc',
    method: 'POST',
    path: '/staff/publish/changes/abc/confirm',
    headers: FORM_TYPE,
    body: '',
    status: 400,
    as: 'html',
    rows: AUDIT,
  },
  {
    name: 'publish: unknown change',
    method: 'POST',
    path: '/staff/publish/changes/99999999/confirm',
    headers: FORM_TYPE,
    body: '',
    status: 404,
    as: 'html',
    rows: AUDIT,
  },
  {
    name: 'api publish: withdraw unknown change',
    method: 'POST',
    path: '/api/staff/publish/changes/99999999/withdraw',
    headers: JSON_TYPE,
    body: '{}',
    status: 404,
    as: 'json',
    code: 'not_found',
    rows: AUDIT,
  },

  {
    name: 'api publish: a NUL in the summary',
    method: 'POST',
    path: '/api/staff/publish',
    headers: JSON_TYPE,
    body: json({ summary: '发布\u0000说明' }),
    status: 400,
    as: 'json',
    code: 'validation_failed',
    field: 'summary',
    rows: PUBLISHES,
  },
  {
    name: 'console publish: a summary of 5,000 characters',
    method: 'POST',
    path: '/staff/publish',
    headers: FORM_TYPE,
    body: `summary=${long(5000)}`,
    status: 400,
    as: 'html',
    rows: PUBLISHES,
  },

  // /staff/records (reading only: its forms belong to the records console's own tests)
  { name: 'records: unknown type', path: '/staff/records/bogus', status: 404, as: 'html' },
  {
    name: 'records: id of 3,000 characters',
    path: `/staff/records/deputy/${long(3000, 'a')}`,
    status: 400,
    as: 'html',
  },
  { name: 'records: unknown id', path: '/staff/records/deputy/hostile-nobody', status: 404, as: 'html' },
  {
    name: 'records: page -1, NUL query',
    path: '/staff/records/deputy?page=-1&q=%00',
    status: 400,
    as: 'html',
  },

  // Sign-in
  {
    name: 'sign-in: a staff id of 500 characters',
    method: 'POST',
    path: '/staff/sign-in',
    headers: FORM_TYPE,
    body: `staffId=${long(500, 'a')}`,
    status: 400,
    as: 'html',
  },
];

async function count(sql: string): Promise<number> {
  const row = await env.DB.prepare(sql.replace('OPID', String(opinionId))).first<{ n: number }>();
  return row?.n ?? -1;
}

function bodyOf(c: Case): BodyInit | undefined {
  const body =
    typeof c.body === 'string'
      ? c.body.replace('TRACKING', trackingCode).replace('REPLIED', repliedCode)
      : c.body;
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
    // A console form carries the session's CSRF token, as the console's pages put it.
    if (c.staff && typeof body === 'string' && c.headers?.['Content-Type'] === FORM_TYPE['Content-Type']) {
      return new URLSearchParams(`${body}&_csrf=${encodeURIComponent(admin.csrf)}`).toString();
    }
    return body;
  }
  const form = new FormData();
  if (c.staff) form.set('_csrf', admin.csrf);
  if ('multipart' in body) {
    form.set('note', long(2000));
    form.set('title', '路灯不亮');
  } else {
    form.set('file', new File([UPLOADS[body.upload] ?? new Uint8Array()], body.file));
  }
  return form;
}

async function send(c: Case): Promise<Response> {
  client++;
  const headers: Record<string, string> = {
    Origin: ORIGIN,
    // A distinct client per case: the rate limits are not what these cases test.
    'CF-Connecting-IP': `10.203.${client >> 8}.${client & 255}`,
    ...c.headers,
  };
  if (c.staff) {
    headers.Cookie = admin.cookie;
    headers['X-CSRF-Token'] = admin.csrf;
  }
  return exports.default.fetch(
    new Request(`${ORIGIN}${c.path.replace('OPID', String(opinionId))}`, {
      method: c.method ?? 'GET',
      headers,
      body: bodyOf(c),
      redirect: 'manual',
    }),
  );
}

interface Envelope {
  error?: { code?: string; message?: string; fields?: Record<string, string> };
}

async function check(c: Case): Promise<void> {
  const before = c.rows ? await count(c.rows) : 0;
  const response = await send(c);
  const text = await response.text();
  const type = response.headers.get('Content-Type') ?? '';

  expect(response.status, text.slice(0, 300)).toBeLessThan(500);
  expect(response.status, text.slice(0, 300)).toBe(c.status);
  expect(text).not.toMatch(LEAK);
  expect(text).not.toContain(CONTACT.contact);
  expect(text).not.toContain(CONTACT.name);

  if (c.as === 'empty') {
    expect(text).toBe('');
  } else if (c.as === 'json') {
    expect(type).toMatch(/^application\/json/);
    const body = JSON.parse(text) as Envelope;
    if (c.code) {
      expect(body.error?.code).toBe(c.code);
      expect(body.error?.message).toMatch(CJK);
      for (const message of Object.values(body.error?.fields ?? {})) expect(message).toMatch(CJK);
    }
    // An import's report (422) is its own answer, with the problems in zh-CN.
    if (c.status >= 400) expect(text).toMatch(CJK);
    if (c.field) expect(body.error?.fields?.[c.field], JSON.stringify(body)).toMatch(CJK);
  } else {
    // A person's browser: a page with the message in zh-CN, never the raw envelope.
    expect(type).toMatch(/^text\/html/);
    expect(text.trimStart()).toMatch(/^<!doctype html>/i);
    expect(text).not.toContain('"error":{');
    expect(text.replace(/<[^>]*>/g, '')).toMatch(CJK);
    if (c.says)
      expect(
        text
          .replace(/<style[\s\S]*?<\/style>/g, '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' '),
      ).toContain(c.says);
  }

  if (c.allow) expect(response.headers.get('Allow')).toBe(c.allow);
  if (c.rows) expect(await count(c.rows), `rows after ${c.name}`).toBe(before);
}

describe('hostile input to the public routes', () => {
  it.each(publicCases)('$name → $status', check);
});

describe('hostile input to the staff console and API', () => {
  it.each(staffCases.map((c) => ({ ...c, staff: true })))('$name → $status', check);

  it('logged nothing of a contact detail', () => {
    expect(logged.join('\n')).not.toContain(CONTACT.contact);
  });
});
