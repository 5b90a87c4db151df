import { sha256Hex } from './crypto.ts';

/**
 * Text rules for what citizens type: Unicode NFC, lengths in code points (what a person counts as
 * characters, and what SQLite's length() counts), no control characters, and Chinese phone numbers
 * in one canonical form whatever way they were typed.
 */

/** Whitespace a Chinese keyboard produces at either end, including the ideographic space. */
const EDGE_SPACE = /^[\s\u3000]+|[\s\u3000]+$/gu;

/**
 * Control characters, lone surrogates, bidirectional overrides (they can make a text read
 * differently from what is stored) and the byte-order mark. Tabs and new lines are allowed in
 * multi-line fields only.
 */
const FORBIDDEN_SINGLE_LINE = /[\p{Cc}\p{Cs}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
const FORBIDDEN_MULTI_LINE = /[\p{Cs}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]|(?![\n\t])\p{Cc}/u;

/**
 * Characters that show nothing by themselves: format characters (zero-width space and joiners),
 * every kind of space, combining marks with no base, and the fillers that render blank (Hangul
 * fillers, the braille blank). A title made only of these looks empty but is not.
 */
const INVISIBLE = /[\p{Cf}\p{Z}\p{Cc}\p{M}\u115F\u1160\u3164\uFFA0\u2800\u180E]/gu;

/** NFC, one kind of line break, no spaces at the ends. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').replace(EDGE_SPACE, '');
}

/** Length in Unicode code points: an emoji or a rare CJK character counts as one. */
export function codePointLength(value: string): number {
  return Array.from(value).length;
}

export function hasForbiddenCharacters(value: string, multiline: boolean): boolean {
  if (!value.isWellFormed()) return true;
  return (multiline ? FORBIDDEN_MULTI_LINE : FORBIDDEN_SINGLE_LINE).test(value);
}

/** True for a non-empty text in which nothing would be visible on the page. */
export function isInvisibleOnly(value: string): boolean {
  return value.length > 0 && value.replace(INVISIBLE, '') === '';
}

/** What is wrong with a text, if anything: the one check for forms, imports and query parameters. */
export type TextProblem = 'forbidden' | 'invisible' | 'garbled';

/**
 * U+FFFD is what a decoder puts where bytes were not UTF-8 (a console form or query string sent
 * in another encoding, `%FF`): nobody types it, and stored it would publish the damage.
 */
const REPLACEMENT_CHARACTER = '\uFFFD';

export function textProblem(value: string, multiline: boolean): TextProblem | null {
  if (hasForbiddenCharacters(value, multiline)) return 'forbidden';
  if (value.includes(REPLACEMENT_CHARACTER)) return 'garbled';
  if (isInvisibleOnly(value)) return 'invisible';
  return null;
}

/** The zh-CN message for a text problem, naming the field. */
export function textProblemMessage(label: string, problem: TextProblem): string {
  switch (problem) {
    case 'forbidden':
      return `${label}含有不允许的控制字符或文字方向控制符，请删除后重试。`;
    case 'garbled':
      return `${label}含有无法识别的字符（文字编码有误），请重新输入。`;
    case 'invisible':
      return `${label}只有空白或不可见字符，请填写内容。`;
  }
}

export type ContactKind = 'phone' | 'email';

/** Separators people type inside phone numbers (after NFKC has made full-width forms ASCII). */
const PHONE_SEPARATORS = /[\s\u3000\-‐‑‒–—―()（）.]/g;

/**
 * A Chinese phone number in canonical form, or null if it is not one.
 * Mobiles become 11 digits (13812345678); landlines keep the area code with a dash
 * (010-12345678, 0571-8765432). Full-width digits, spaces, dashes and the country code
 * (+86, 0086, 86) are accepted.
 */
export function normalizeChinesePhone(input: string): string | null {
  let digits = input.normalize('NFKC').replace(PHONE_SEPARATORS, '');
  let international = false;
  if (digits.startsWith('+86')) {
    digits = digits.slice(3);
    international = true;
  } else if (digits.startsWith('0086')) {
    digits = digits.slice(4);
    international = true;
  } else if (/^861[3-9]\d{9}$/.test(digits)) {
    digits = digits.slice(2);
  }
  if (!/^\d+$/.test(digits)) return null;
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  // Dialled from abroad the trunk 0 of the area code is dropped: +86 10 12345678.
  if (international && !digits.startsWith('0')) digits = `0${digits}`;
  const bigCity = /^0(10|2\d)(\d{8})$/.exec(digits);
  if (bigCity) return `0${bigCity[1]}-${bigCity[2]}`;
  const otherCity = /^0([3-9]\d{2})(\d{7,8})$/.exec(digits);
  if (otherCity) return `0${otherCity[1]}-${otherCity[2]}`;
  return null;
}

/** An e-mail address with its domain in lower case, or null. */
export function normalizeEmail(input: string): string | null {
  const value = input.normalize('NFC').replace(EDGE_SPACE, '');
  const at = value.lastIndexOf('@');
  if (at < 1 || at === value.length - 1) return null;
  const local = value.slice(0, at);
  const domain = value
    .slice(at + 1)
    .normalize('NFKC')
    .toLowerCase();
  if (/[\s@<>()[\]\\,;:"]/u.test(local) || !/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u.test(domain)) return null;
  return `${local}@${domain}`;
}

/** Sorts a contact into phone or e-mail and normalises it; null when it is neither. */
export function normalizeContact(input: string): { kind: ContactKind; value: string } | null {
  if (input.includes('@') || input.includes('＠')) {
    const email = normalizeEmail(input.replace('＠', '@'));
    return email ? { kind: 'email', value: email } : null;
  }
  const phone = normalizeChinesePhone(input);
  return phone ? { kind: 'phone', value: phone } : null;
}

/**
 * The text with everything but letters and digits removed, for comparing two submissions:
 * "路灯坏了！" and "路灯 坏了" are the same text.
 */
export function comparableText(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Hex SHA-256 of the comparable text: identical texts have one hash (opinions.comparable_hash). */
export function comparableTextHash(value: string): Promise<string> {
  return sha256Hex(comparableText(value));
}

function bigrams(value: string): Set<string> {
  const chars = Array.from(value);
  const set = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) set.add(`${chars[i]}${chars[i + 1]}`);
  if (chars.length === 1) set.add(chars[0] ?? '');
  return set;
}

/** Jaccard similarity of character bigrams (0..1) of two comparable texts. */
export function textSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const left = bigrams(a);
  const right = bigrams(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const gram of left) if (right.has(gram)) shared++;
  return shared / (left.size + right.size - shared);
}
