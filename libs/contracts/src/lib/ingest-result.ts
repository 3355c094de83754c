import type { FieldError } from './validation-error';

/** Body of POST /api/events: 202 when anything was accepted, 400 when nothing was. */
export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; errors: FieldError[] }[];
}
