/**
 * Hashes and random values through Web Crypto, the same in the Worker, Node (scripts, tests) and
 * the site build.
 */

export function bytesToHex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Hex SHA-256 of UTF-8 text or bytes. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  // A copy of bytes is ArrayBuffer-backed, as digest() requires (a view may sit on a shared buffer).
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data.slice();
  return bytesToHex(await crypto.subtle.digest('SHA-256', bytes));
}

/** `bytes` random bytes as hex (2 characters a byte). */
export function randomHex(bytes: number): string {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A random URL-safe token with 256 bits of entropy. */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
