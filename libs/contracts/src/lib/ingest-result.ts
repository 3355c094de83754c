import type { FieldError } from './validation-error';

/** Body of POST /api/events: 202 when anything was accepted, 400 when nothing was. */
export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; errors: FieldError[] }[];
  /** Accepted events whose invalid measurement fields were refused (§10: the other fields are kept). */
  refusedFields?: { index: number; errors: FieldError[] }[];
}
