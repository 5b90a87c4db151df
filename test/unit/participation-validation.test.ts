import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReceiptCheck } from '../../functions/rounds/schema.ts';
import { newCode } from '../../functions/lib/codes.ts';
import { fieldMessages } from '../../functions/lib/fields.ts';
import {
  codePointLength,
  comparableText,
  hasForbiddenCharacters,
  normalizeChinesePhone,
  normalizeContact,
  normalizeText,
  textSimilarity,
} from '../../functions/lib/text.ts';
import {
  OPINION_TITLE,
  OpinionFeedback,
  opinionFromForm,
  OpinionSubmission,
  TrackingCodeLookup,
} from '../../functions/opinions/schema.ts';
import { ballotFromForm, BallotSubmission } from '../../functions/rounds/schema.ts';

/** Property-based tests of the public validators: they never throw, and accept exactly what they should. */

const anyText = fc.string({ unit: 'binary', maxLength: 140 });
const chineseText = fc.string({
  unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c)),
  minLength: 1,
  maxLength: 60,
});
const CONTROL = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069\uFEFF]/u;

const validOpinion = {
  target: { type: 'deputy', id: 'c0001' },
  title: '路灯不亮',
  content: '小区门口的路灯坏了。',
  consent: true,
};

describe('text rules', () => {
  it('normalise to NFC, trim and never grow a text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = normalizeText(text);
        expect(out.normalize('NFC')).toBe(out);
        expect(out).toBe(out.trim());
        expect(out.startsWith('\u3000') || out.endsWith('\u3000')).toBe(false);
        expect(normalizeText(out)).toBe(out);
      }),
    );
  });

  it('count code points, not UTF-16 units', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0x20000, max: 0x2a6df }), { maxLength: 50 }), (codePoints) => {
        const text = String.fromCodePoint(...codePoints);
        expect(codePointLength(text)).toBe(codePoints.length);
        expect(text.length).toBe(codePoints.length * 2);
      }),
    );
  });

  it('reject control characters except new lines and tabs in multi-line text', () => {
    fc.assert(
      fc.property(
        chineseText,
        fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f),
        chineseText,
        (a, control, b) => {
          const text = `${a}${String.fromCharCode(control)}${b}`;
          expect(hasForbiddenCharacters(text, false)).toBe(true);
          expect(hasForbiddenCharacters(text, true)).toBe(control !== 0x0a && control !== 0x09);
        },
      ),
    );
  });
});

describe('Chinese phone numbers', () => {
  const mobile = fc
    .tuple(
      fc.constantFrom('3', '4', '5', '6', '7', '8', '9'),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }),
    )
    .map(([second, rest]) => `1${second}${rest.join('')}`);
  const toFullWidth = (s: string) =>
    s.replace(/[0-9+]/g, (ch) => String.fromCodePoint((ch.codePointAt(0) ?? 0) + 0xfee0));

  it('normalise however a mobile number is typed', () => {
    fc.assert(
      fc.property(
        mobile,
        fc.constantFrom('', '+86', '+86 ', '0086', '86', '＋８６'),
        fc.array(fc.constantFrom(' ', '-', '\u3000', '－'), { maxLength: 11 }),
        fc.boolean(),
        (number, prefix, separators, fullWidth) => {
          let typed = Array.from(number)
            .map((d, i) => d + (separators[i] ?? ''))
            .join('');
          typed = prefix + typed;
          if (fullWidth) typed = toFullWidth(typed);
          expect(normalizeChinesePhone(typed)).toBe(number);
          expect(normalizeContact(typed)).toEqual({ kind: 'phone', value: number });
        },
      ),
    );
  });

  it('normalise landlines with their area code', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(['010', 8], ['021', 8], ['0571', 8], ['0898', 7]),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }),
        fc.boolean(),
        ([area, length], digits, international) => {
          const local = `${((digits[0] ?? 0) % 8) + 2}${digits.slice(1, length).join('')}`;
          const typed = international ? `+86 ${area.slice(1)} ${local}` : `(${area}) ${local}`;
          expect(normalizeChinesePhone(typed)).toBe(`${area}-${local}`);
        },
      ),
    );
  });

  it('never throw, and answer a canonical number or null', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = normalizeChinesePhone(text);
        if (out !== null) expect(out).toMatch(/^(1[3-9]\d{9}|0\d{2,3}-\d{7,8})$/);
      }),
    );
  });
});

describe('OpinionSubmission', () => {
  it('never throws, and every message it gives is zh-CN', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = OpinionSubmission.safeParse(input);
        if (!result.success) {
          for (const message of Object.values(fieldMessages(result.error.issues)))
            expect(message).toMatch(/[\u4e00-\u9fff]/);
        }
      }),
    );
  });

  it('accepts a title exactly when its normalised form has 2-100 code points and no control character', () => {
    fc.assert(
      fc.property(
        fc.oneof(anyText, chineseText, fc.string({ unit: 'grapheme', maxLength: 120 })),
        (title) => {
          const normalised = normalizeText(title);
          const length = codePointLength(normalised);
          const expected =
            length >= OPINION_TITLE.min &&
            length <= OPINION_TITLE.max &&
            !CONTROL.test(normalised) &&
            normalised.isWellFormed();
          const result = OpinionSubmission.safeParse({ ...validOpinion, title });
          expect(result.success).toBe(expected);
          if (result.success) expect(result.data.title).toBe(normalised);
          else expect(fieldMessages(result.error.issues)).toHaveProperty('title');
        },
      ),
    );
  });

  it('keeps only allowlisted fields, whatever else is sent', () => {
    const allowed = [
      'target',
      'category',
      'title',
      'content',
      'name',
      'contact',
      'consent',
      'allowPublication',
      'homepage',
      'turnstileToken',
    ];
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !allowed.includes(k)),
          fc.anything(),
        ),
        (extra) => {
          const result = OpinionSubmission.safeParse({ ...extra, ...validOpinion });
          expect(result.success).toBe(true);
          if (result.success) {
            for (const key of Object.keys(result.data)) expect(allowed).toContain(key);
            expect(Object.keys(result.data.target).sort()).toEqual(['id', 'type']);
          }
        },
      ),
    );
  });

  it('reads the plain form the same way as the JSON', () => {
    fc.assert(
      fc.property(chineseText, chineseText, (title, content) => {
        const fromForm = OpinionSubmission.safeParse(
          opinionFromForm({
            'target.type': 'station',
            'target.id': 's01',
            title,
            content: content.repeat(5),
            name: '',
            contact: '',
            consent: 'on',
            homepage: '',
          }),
        );
        const fromJson = OpinionSubmission.safeParse({
          target: { type: 'station', id: 's01' },
          title,
          content: content.repeat(5),
          consent: true,
        });
        expect(fromForm.success).toBe(fromJson.success);
        if (fromForm.success && fromJson.success) {
          expect({ ...fromForm.data, homepage: undefined }).toEqual({
            ...fromJson.data,
            homepage: undefined,
          });
        }
      }),
    );
  });
});

describe('codes typed by people', () => {
  it('read back tracking codes and receipts typed in any case, spacing or with O for 0', () => {
    fc.assert(
      fc.property(
        fc.constant(null).map(() => newCode()),
        fc.boolean(),
        fc.boolean(),
        (code, lower, spaces) => {
          let typed = code.replace(/0/g, 'O');
          if (lower) typed = typed.toLowerCase();
          if (spaces) typed = typed.replace(/-/g, ' ');
          const canonical = code.replace(/-/g, '');
          expect(TrackingCodeLookup.parse({ trackingCode: typed }).trackingCode).toBe(canonical);
          expect(ReceiptCheck.parse({ receipt: typed }).receipt).toBe(canonical);
        },
      ),
    );
  });

  it('refuse anything else with a zh-CN message, never throwing', () => {
    fc.assert(
      fc.property(anyText, (typed) => {
        const result = OpinionFeedback.safeParse({ trackingCode: typed, resolved: 'yes' });
        if (!result.success) expect(fieldMessages(result.error.issues)['trackingCode']).toMatch(/查询码/);
      }),
    );
  });
});

describe('BallotSubmission', () => {
  const id = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,10}$/);

  it('accepts 1 to 20 distinct candidate ids and refuses repeats', () => {
    fc.assert(
      fc.property(fc.array(id, { minLength: 1, maxLength: 25 }), (choices) => {
        const result = BallotSubmission.safeParse({ choices });
        const distinct = new Set(choices).size === choices.length;
        expect(result.success).toBe(distinct && choices.length <= 20);
        if (!result.success) expect(fieldMessages(result.error.issues)['choices']).toMatch(/[\u4e00-\u9fff]/);
      }),
    );
  });

  it('reads repeated checkboxes of the plain form as the list of choices', () => {
    fc.assert(
      fc.property(fc.uniqueArray(id, { minLength: 1, maxLength: 5 }), (choices) => {
        const fields = { choices: choices.length === 1 ? (choices[0] ?? '') : choices, votingCode: '' };
        const result = BallotSubmission.parse(ballotFromForm(fields));
        expect(result.choices).toEqual(choices);
        expect(result.votingCode).toBeUndefined();
      }),
    );
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.anything(), (input) => void BallotSubmission.safeParse(input)));
  });
});

describe('near-duplicate detection', () => {
  it('finds a text similar to itself with punctuation and spacing changed', () => {
    fc.assert(
      fc.property(
        chineseText.filter((t) => t.length >= 8),
        fc.array(fc.constantFrom('，', '。', ' ', '！', '\n'), { maxLength: 6 }),
        (text, marks) => {
          const noisy = Array.from(text)
            .map((ch, i) => ch + (marks[i] ?? ''))
            .join('');
          expect(textSimilarity(comparableText(text), comparableText(noisy))).toBe(1);
        },
      ),
    );
  });

  it('is symmetric and between 0 and 1', () => {
    fc.assert(
      fc.property(chineseText, chineseText, (a, b) => {
        const ab = textSimilarity(a, b);
        expect(ab).toBe(textSimilarity(b, a));
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('one text check for forms, imports and query parameters (issue 12)', () => {
  it('refuses any text made only of invisible characters, and keeps any text with a visible one', () => {
    const invisible = fc.constantFrom(
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\u3164',
      '\u2800',
      '\u180e',
      '\u0301',
      ' ',
      '\u3000',
    );
    fc.assert(
      fc.property(
        fc.array(invisible, { minLength: 1, maxLength: 20 }),
        fc.constantFrom('路', 'a', '1', '😀'),
        (chars, visible) => {
          const only = chars.join('');
          expect(OpinionSubmission.safeParse({ ...validOpinion, title: `${only}${only}` }).success).toBe(
            false,
          );
          expect(OpinionSubmission.safeParse({ ...validOpinion, title: `${only}${visible}灯` }).success).toBe(
            true,
          );
        },
      ),
    );
  });

  it('refuses every C0 control character and every bidi control in a one-line field', () => {
    const controls = [
      ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)),
      '\u007f',
      '\u061c',
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202e',
      '\u2066',
      '\u2069',
    ];
    for (const ch of controls) {
      expect(
        OpinionSubmission.safeParse({ ...validOpinion, title: `路灯${ch}坏了` }).success,
        JSON.stringify(ch),
      ).toBe(false);
    }
  });
});
