import { z } from 'zod';
import { bytesToHex, sha256Hex } from './crypto.ts';

/**
 * Idempotency-Key: a client-generated key (a UUID is ideal) that makes a retried submission return
 * the first answer and store nothing new. The row is written in the submission's own batch, so the
 * answer is stored if and only if the submission is.
 *
 * The stored answer can hold a tracking code, which must never be stored readable: it is encrypted
 * with a key derived from the Idempotency-Key, which itself is stored only as a hash. The scope
 * binds the key to the action and to the exact request (an HMAC under the key), so the same key
 * with a different request is refused instead of answered with someone else's result.
 */

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{16,128}$/, { error: 'Idempotency-Key 须为 16 至 128 个可见 ASCII 字符。' })
    .optional(),
});

const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
}

export interface IdempotencyRecord {
  keyHash: string;
  scope: string;
  cipherKey: CryptoKey;
}

/** Derives the stored hash, the scope and the cipher key from the client's key and request. */
export async function idempotencyRecord(
  key: string,
  action: string,
  request: unknown,
): Promise<IdempotencyRecord> {
  const keyBytes = encoder.encode(key);
  const keyHash = await sha256Hex(`idempotency-key\0${key}`);
  const hmacKey = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const fingerprint = bytesToHex(
    await crypto.subtle.sign('HMAC', hmacKey, encoder.encode(`${action}\0${JSON.stringify(request)}`)),
  );
  const rawCipherKey = await crypto.subtle.digest('SHA-256', encoder.encode(`idempotency-response\0${key}`));
  const cipherKey = await crypto.subtle.importKey('raw', rawCipherKey, 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
  return { keyHash, scope: `${action}:${fingerprint}`, cipherKey };
}

/** The INSERT that records the answer; it fails on a second use of the key (primary key). */
export async function storeAnswerStatement(
  db: D1Database,
  record: IdempotencyRecord,
  status: number,
  body: unknown,
): Promise<D1PreparedStatement> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv },
      record.cipherKey,
      encoder.encode(JSON.stringify(body)),
    ),
  );
  const stored = new Uint8Array(iv.length + sealed.length);
  stored.set(iv);
  stored.set(sealed, iv.length);
  return db
    .prepare(
      `INSERT INTO idempotency_keys (key_hash, scope, response_status, response_body) VALUES (?1, ?2, ?3, ?4)`,
    )
    .bind(record.keyHash, record.scope, status, toBase64(stored));
}

export type StoredAnswer = { status: number; body: unknown } | 'other_request' | null;

/** The first answer given for this key, 'other_request' if the key was used for another request. */
export async function readStoredAnswer(db: D1Database, record: IdempotencyRecord): Promise<StoredAnswer> {
  const { results } = await db
    .prepare(`SELECT scope, response_status, response_body FROM idempotency_keys WHERE key_hash = ?1`)
    .bind(record.keyHash)
    .all<{ scope: string; response_status: number; response_body: string }>();
  const row = results[0];
  if (!row) return null;
  if (row.scope !== record.scope) return 'other_request';
  const stored = fromBase64(row.response_body);
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: stored.slice(0, 12) },
    record.cipherKey,
    stored.slice(12),
  );
  return { status: row.response_status, body: JSON.parse(new TextDecoder().decode(plain)) as unknown };
}

/** Keys older than this are forgotten by the scheduled job; a retry comes within minutes. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
