import { clinicalEventSchema, clinicalEventTypes, type ClinicalEvent } from './clinical-event.schema';
import { toFieldErrors, type FieldError } from './validation-error';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Validates one canonical event; unknown types get one clear error instead of a union dump. */
export function parseClinicalEvent(input: unknown): ParseResult<ClinicalEvent> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '(root)', code: 'invalid_type', message: 'an event must be a JSON object' }] };
  }
  const type = (input as { type?: unknown }).type;
  if (typeof type !== 'string' || !(clinicalEventTypes as string[]).includes(type)) {
    return {
      ok: false,
      errors: [{ path: 'type', code: 'invalid_value', message: `type must be one of ${clinicalEventTypes.join(', ')}` }],
    };
  }
  const result = clinicalEventSchema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: toFieldErrors(result.error) };
}
