import { isRealBeijingTime } from '../lib/time.ts';
import { plainText } from '../staff/validation.ts';
import { z } from 'zod';

/**
 * Field schemas of official records. Each accepts both what a console form sends (strings, blank for
 * "none") and what the live table holds (numbers, NULL), so a draft can be validated as the whole
 * record it would make: the published values with the submitted ones laid over them.
 */

/** A value of one field in before_json / after_json. */
export type FieldValue = string | number | null | string[];

const trimmed = z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.unknown());

export const requiredText = (label: string, max: number, min = 1) =>
  trimmed.pipe(
    z
      .string({ error: `请填写${label}。` })
      .min(min, `请填写${label}。`)
      .max(max, `${label}不能超过 ${max} 个字。`)
      // Official records are published as typed: the one text check (no NUL, no bidi override,
      // not invisible-only). New lines pass: some of these fields are text areas.
      .superRefine(plainText(label, true)),
  );

/** Optional text kept as '' when blank (columns declared NOT NULL DEFAULT ''). */
export const blankableText = (label: string, max: number) =>
  z.preprocess(
    (v) => (v === null || v === undefined ? '' : typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: `${label}格式不正确。` })
      .max(max, `${label}不能超过 ${max} 个字。`)
      .superRefine(plainText(label, true)),
  );

/** Optional text stored as NULL when blank. */
export const nullableText = (label: string, max: number) =>
  z.preprocess(
    (v) =>
      v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
        ? null
        : typeof v === 'string'
          ? v.trim()
          : v,
    z
      .string({ error: `${label}格式不正确。` })
      .max(max, `${label}不能超过 ${max} 个字。`)
      .superRefine(plainText(label, true))
      .nullable(),
  );

const toNumber = (v: unknown): unknown => {
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return null;
    return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
  }
  return v === undefined ? null : v;
};

export const integer = (label: string, min: number, max: number) =>
  z.preprocess(
    toNumber,
    z
      .number({ error: `请填写${label}（整数）。` })
      .int(`${label}须为整数。`)
      .min(min, `${label}不能小于 ${min}。`)
      .max(max, `${label}不能大于 ${max}。`),
  );

/** An integer that may be left blank (stored as NULL), e.g. a birth year not published. */
export const nullableInteger = (label: string, min: number, max: number) =>
  z.preprocess(
    toNumber,
    z
      .number({ error: `${label}须为整数。` })
      .int(`${label}须为整数。`)
      .min(min, `${label}不能小于 ${min}。`)
      .max(max, `${label}不能大于 ${max}。`)
      .nullable(),
  );

/** Days counted in halves (0.5, 1, 1.5 …), as duty activities are (migrations/0003). */
export const halfDays = (label: string, max: number) =>
  z.preprocess(
    toNumber,
    z
      .number({ error: `请填写${label}（如 0.5、1、2）。` })
      .gt(0, `${label}须大于 0。`)
      .max(max, `${label}不能大于 ${max}。`)
      .refine((v) => Number.isInteger(v * 2), `${label}以半天计，只能是 0.5 的整数倍（如 0.5、1、1.5）。`),
  );

export const nullableDecimal = (label: string, min: number, max: number) =>
  z.preprocess(
    toNumber,
    z
      .number({ error: `${label}须为数字。` })
      .min(min, `${label}须在 ${min} 到 ${max} 之间。`)
      .max(max, `${label}须在 ${min} 到 ${max} 之间。`)
      .nullable(),
  );

export const isoDate = (label: string) =>
  trimmed.pipe(z.iso.date({ error: `请填写有效的${label}（年-月-日）。` }));

export const nullableIsoDate = (label: string) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? null : typeof v === 'string' ? v.trim() : v),
    z.iso.date({ error: `请填写有效的${label}（年-月-日）。` }).nullable(),
  );

/** Beijing time as stored in reception_days: 2025-03-08T09:00:00+08:00. A form sends 2025-03-08T09:00. */
export const beijingDateTime = (label: string) =>
  z.preprocess(
    (v) => {
      if (typeof v !== 'string') return v;
      const s = v.trim();
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s)) return `${s}:00+08:00`;
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(s)) return `${s}+08:00`;
      return s;
    },
    z
      .string({ error: `请填写${label}。` })
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/, `请填写有效的${label}（日期和时间）。`)
      .refine(isRealBeijingTime, `请填写有效的${label}（日期和时间）。`),
  );

export const choice = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
  trimmed.pipe(z.enum(values, { error: `请选择${label}。` }));

/** A coded value that may be left blank (stored as NULL), e.g. a reply not yet classed. */
export const nullableChoice = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z.preprocess(
    (v) =>
      v === undefined || (typeof v === 'string' && v.trim() === '')
        ? null
        : typeof v === 'string'
          ? v.trim()
          : v,
    z.enum(values, { error: `请选择有效的${label}。` }).nullable(),
  );

/** A record id used in URLs: lower-case letters, digits and hyphens. */
export const slug = (label: string) =>
  trimmed.pipe(
    z
      .string({ error: `请填写${label}。` })
      .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, `${label}只能用小写字母、数字和连字符，且以字母或数字开头。`),
  );

export const nullableSlug = (label: string) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? null : typeof v === 'string' ? v.trim() : v),
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, `请选择有效的${label}。`)
      .nullable(),
  );

/**
 * A list field's submitted value as a sorted list without repeats: a multi-select sends one value
 * per choice, a text box values separated by commas or spaces; anything else is left to the schema.
 */
function listValues(v: unknown): unknown {
  if (v === undefined || v === null) return [];
  // Array.isArray widens to any[]; the elements are unknown until the schema has checked them.
  const list: unknown[] | null = Array.isArray(v)
    ? (v as unknown[])
    : typeof v === 'string'
      ? v.split(/[\s,，、]+/)
      : null;
  if (list === null) return v;
  return [...new Set(list.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== ''))].sort();
}

/** A list of ids (a multi-select sends one value per choice; a text box, ids separated by commas or spaces). */
export const idList = (label: string, max: number) =>
  z.preprocess(
    listValues,
    // Checked as a whole, so the message stands at the field (not at one item of it).
    z
      .array(z.string({ error: `${label}中有无效的编号。` }), { error: `${label}格式不正确。` })
      .max(max, `${label}最多 ${max} 项。`)
      .refine((ids) => ids.every((id) => /^[a-z0-9][a-z0-9-]{0,79}$/.test(id)), `${label}中有无效的编号。`),
  );

/** A set of coded values (a multi-select of fixed choices, e.g. a deputy's fields of expertise). */
export const choiceList = (label: string, values: readonly string[]) => {
  const allowed = new Set(values);
  return z.preprocess(
    listValues,
    // Checked as a whole, so the message stands at the field (not at one item of it).
    z
      .array(z.string({ error: `请选择有效的${label}。` }), { error: `请选择有效的${label}。` })
      .refine((codes) => codes.every((c) => allowed.has(c)), `请选择有效的${label}。`),
  );
};

/** Compares two field values as stored (lists as sorted sets). */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      JSON.stringify(Array.isArray(a) ? [...a].sort() : a) ===
      JSON.stringify(Array.isArray(b) ? [...b].sort() : b)
    );
  }
  return (a ?? null) === (b ?? null);
}

/** A field value as the public change log shows it. */
export function logText(value: FieldValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.join('、');
  return String(value);
}
