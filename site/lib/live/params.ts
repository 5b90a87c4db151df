import { z } from 'zod';

/** Record ids as the database's CHECKs allow them (lower-case letters, digits, hyphens). */
const RecordId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/);

/** The id of a record page's URL, or null (the page then answers 404) when it cannot be one. */
export function recordId(param: string | undefined): string | null {
  const parsed = RecordId.safeParse(param);
  return parsed.success ? parsed.data : null;
}

/** A year in a record page's URL (e.g. a livelihood project round). */
const RecordYear = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number);

/** The year of a record page's URL, or null (the page then answers 404) when it cannot be one. */
export function recordYear(param: string | undefined): number | null {
  const parsed = RecordYear.safeParse(param);
  return parsed.success ? parsed.data : null;
}
