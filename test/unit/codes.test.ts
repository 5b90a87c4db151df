import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_CHARACTERS, formatCode, hashCode, newCode, normalizeCode } from '../../functions/lib/codes.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const randomBytes = fc.uint8Array({ minLength: 10, maxLength: 10 });

describe('tracking and voting codes', () => {
  it('carry at least 80 random bits and read back as typed, in any case and grouping', () => {
    expect(CODE_CHARACTERS * 5).toBeGreaterThanOrEqual(80);
    fc.assert(
      fc.property(randomBytes, (bytes) => {
        const code = formatCode(bytes);
        expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}-[0-9A-Z]$/);
        const canonical = code.replaceAll('-', '');
        expect(normalizeCode(code)).toBe(canonical);
        expect(normalizeCode(` ${code.toLowerCase().replaceAll('-', ' ')} `)).toBe(canonical);
        // Full-width characters from a Chinese input method are accepted too.
        const fullWidth = Array.from(code)
          .map((ch) => String.fromCodePoint((ch.codePointAt(0) ?? 0) + 0xfee0))
          .join('');
        expect(normalizeCode(fullWidth.replaceAll('－', '-'))).toBe(canonical);
      }),
    );
  });

  it('catch every single mistyped character', () => {
    fc.assert(
      fc.property(randomBytes, fc.nat(CODE_CHARACTERS), fc.nat(31), (bytes, position, replacement) => {
        const canonical = formatCode(bytes).replaceAll('-', '');
        const typo = ALPHABET.charAt(replacement);
        fc.pre(canonical[position] !== typo);
        const mistyped = canonical.slice(0, position) + typo + canonical.slice(position + 1);
        expect(normalizeCode(mistyped)).toBeNull();
      }),
    );
  });

  it('map the letters people confuse (O→0, I/L→1) before checking', () => {
    const canonical = formatCode(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 1])).replaceAll('-', '');
    expect(normalizeCode(canonical.replaceAll('0', 'O'))).toBe(canonical);
  });

  it('reject other lengths and characters', () => {
    const canonical = newCode().replaceAll('-', '');
    expect(normalizeCode(canonical.slice(1))).toBeNull();
    expect(normalizeCode(`${canonical}0`)).toBeNull();
    expect(normalizeCode(canonical.slice(0, -1) + '*')).toBeNull();
    expect(normalizeCode('')).toBeNull();
  });

  it('are stored as a SHA-256 hex digest, never as themselves', async () => {
    const canonical = normalizeCode(newCode()) ?? '';
    expect(canonical).toHaveLength(17);
    const hash = await hashCode(canonical);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(canonical);
    expect(await hashCode(canonical)).toBe(hash);
  });
});
