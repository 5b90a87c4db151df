import type { z } from 'zod';
import { validationError } from './errors.ts';
import { fieldMessages } from './fields.ts';

type ValidationResult =
  { success: true } | { success: false; error: { issues: ReadonlyArray<z.core.$ZodIssue> } };

/**
 * The zValidator hook every route uses: a failed validation becomes the 400 envelope with one
 * zh-CN message per field (thrown, so app.onError answers in JSON or HTML as the request wants).
 */
export function validationHook(result: ValidationResult): void {
  if (!result.success) throw validationError(fieldMessages(result.error.issues));
}
