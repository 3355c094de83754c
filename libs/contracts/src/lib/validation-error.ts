import type { z } from 'zod';

/** One bad field: `path` is a JSON-pointer-like dotted path ("sbp", "baseline.weightKg", "intervalsMs.3"). */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    code: issue.code,
    message: issue.message,
  }));
}
