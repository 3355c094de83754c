import type { FieldError } from './validation-error';

/** Body of POST /api/events: 202 when anything was accepted, 400 when nothing was. */
export interface IngestResult {
  /** Events stored: new ones and corrections. */
  accepted: number;
  /** Of those accepted, corrections (§10): an event with a stored id and new content, stored as its next revision beside the earlier ones. */
  corrected?: number;
  /** Resends of stored content (any stored revision): stored once, never fire twice. */
  duplicates: number;
  rejected: { index: number; errors: FieldError[] }[];
  /** Accepted events whose invalid measurement fields were refused (§10: the other fields are kept). */
  refusedFields?: { index: number; errors: FieldError[] }[];
}
