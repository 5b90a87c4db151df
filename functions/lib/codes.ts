import { sha256Hex } from './crypto.ts';
/**
 * Tracking codes, voting codes and receipts: random, easy to type, stored only as hashes.
 *
 * Format: Crockford base32 (no I, L, O, U), grouped by dashes, with one check character
 * (Luhn mod 32) so a mistyped code is caught before any lookup.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Bits of randomness in a tracking code: 16 base32 characters = 80 bits. */
export const CODE_CHARACTERS = 16;

function toBase32(bytes: Uint8Array, characters: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < characters) {
      out += ALPHABET.charAt((buffer >> (bits - 5)) & 31);
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/**
 * Luhn mod 32 over the Crockford alphabet: catches every single mistyped character and most
 * swapped neighbours, and the check is itself an ordinary, easy-to-type character.
 */
function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    const addend = factor * ALPHABET.indexOf(body[i] ?? '0');
    factor = factor === 2 ? 1 : 2;
    sum += Math.floor(addend / 32) + (addend % 32);
  }
  return ALPHABET[(32 - (sum % 32)) % 32] ?? '0';
}

function group(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** A code from the given random bytes (at least 10 bytes for 80 bits). */
export function formatCode(randomBytes: Uint8Array, characters = CODE_CHARACTERS): string {
  if (randomBytes.length * 8 < characters * 5) {
    throw new RangeError('not enough random bytes for the requested code length');
  }
  const body = toBase32(randomBytes, characters);
  return group(body + checkCharacter(body));
}

/** A fresh random code, e.g. "7K2M-QX4T-9B1R-HW3D-E". */
export function newCode(characters = CODE_CHARACTERS): string {
  const bytes = new Uint8Array(Math.ceil((characters * 5) / 8));
  crypto.getRandomValues(bytes);
  return formatCode(bytes, characters);
}

/**
 * Canonical form of what a person typed: upper case, dashes and spaces dropped, the letters
 * people confuse mapped as Crockford says (O→0, I/L→1). Returns null when the check fails.
 */
export function normalizeCode(input: string, characters = CODE_CHARACTERS): string | null {
  const cleaned = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== characters + 1) return null;
  const body = cleaned.slice(0, characters);
  const check = cleaned.slice(characters);
  for (const ch of body) if (!ALPHABET.includes(ch)) return null;
  return checkCharacter(body) === check ? body + check : null;
}

/** A canonical code grouped by four for people to read: 7K2M-QX4T-9B1R-HW3D-E. */
export function displayCode(canonical: string): string {
  return group(canonical);
}

/** Hex SHA-256 of the canonical code: what the database stores. */
export async function hashCode(canonical: string): Promise<string> {
  return sha256Hex(canonical);
}
