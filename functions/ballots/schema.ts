import { z } from 'zod';
import { single, typedCode, type FormFields } from '../lib/fields.ts';

/** POST /api/ballots/verify: the receipt travels in the body, never in a URL. */
export const ReceiptCheck = z.object({ receipt: typedCode('回执码') });
export type ReceiptCheck = z.infer<typeof ReceiptCheck>;

export function receiptFromForm(fields: FormFields): Record<string, unknown> {
  return { receipt: single(fields['receipt']) };
}

/** Whether the ballot behind a receipt was stored, and so counted (counters move in its batch). */
export interface ReceiptVerdict {
  receipt: string;
  counted: boolean;
  year: number | null;
  /** The round's title, so the voter sees in which vote the ballot was counted. */
  roundTitle: string | null;
  /** When the ballot was stored, and so counted (UTC). */
  castAt: string | null;
}
