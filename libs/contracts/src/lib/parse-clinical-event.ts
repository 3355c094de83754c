import { clinicalEventSchema, clinicalEventTypes, rrEventSchema, vitalsMeasurementFields, type ClinicalEvent } from './clinical-event.schema';
import { toFieldErrors, type FieldError } from './validation-error';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Validates one canonical event; unknown types get one clear error instead of a union dump. */
export function parseClinicalEvent(input: unknown): ParseResult<ClinicalEvent> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '(root)', code: 'invalid_type', message: 'an event must be a JSON object' }] };
  }
  const unsafe = unsafeStringPath(input, '');
  if (unsafe !== null) {
    return { ok: false, errors: [{ path: unsafe || '(root)', code: 'invalid_string', message: 'text must not contain NUL characters or unpaired UTF-16 surrogates' }] };
  }
  const type = (input as { type?: unknown }).type;
  if (typeof type !== 'string' || !(clinicalEventTypes as string[]).includes(type)) {
    return {
      ok: false,
      errors: [{ path: 'type', code: 'invalid_value', message: `type must be one of ${clinicalEventTypes.join(', ')}` }],
    };
  }
  if (type === 'rr') {
    const fast = parseRrFast(input as { intervalsMs?: unknown });
    if (fast) return checkBeatClasses(fast);
  }
  const result = clinicalEventSchema.safeParse(input);
  return result.success ? checkBeatClasses(result.data) : { ok: false, errors: toFieldErrors(result.error) };
}

/** An `rr` event's beat classes, when given, name the class of every interval's ending beat: one letter each. */
function checkBeatClasses(event: ClinicalEvent): ParseResult<ClinicalEvent> {
  if (event.type !== 'rr' || event.beatClasses === undefined || event.beatClasses.length === event.intervalsMs.length) return { ok: true, value: event };
  return {
    ok: false,
    errors: [{ path: 'beatClasses', code: 'invalid_length', message: `beatClasses has ${event.beatClasses.length} letters for ${event.intervalsMs.length} intervals; give one per interval` }],
  };
}

/** The rr schema without its interval array, which is checked by the loop below. */
const rrHeaderSchema = rrEventSchema.omit({ intervalsMs: true });

/**
 * An `rr` event carries a hundred intervals a minute, and checking each through the schema cost more
 * than the rules engine spends on the beats. The intervals are checked here in a plain loop against
 * the same bounds as the schema (a number, > 0, ≤ 10,000 ms; 1–10,000 of them) and the rest of the
 * event by the schema. Anything that fails returns null, so the full schema gives its usual errors.
 */
function parseRrFast(input: { intervalsMs?: unknown }): ClinicalEvent | null {
  const iv = input.intervalsMs;
  if (!Array.isArray(iv) || iv.length < 1 || iv.length > 10_000) return null;
  for (let i = 0; i < iv.length; i++) {
    const v: unknown = iv[i];
    if (typeof v !== 'number' || !(v > 0 && v <= 10_000)) return null;
  }
  const header = rrHeaderSchema.safeParse(input);
  if (!header.success) return null;
  return { ...header.data, intervalsMs: (iv as number[]).slice() };
}

/**
 * The path of the first string (value or key) the database cannot store as text: a NUL character, or
 * an unpaired UTF-16 surrogate. PostgreSQL refuses both in jsonb, which would fail a whole group-commit batch.
 */
export function unsafeStringPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'number') continue; // rr intervals: the common case stays a tight loop
      const bad = unsafeStringPath(v, path ? `${path}.${i}` : String(i));
      if (bad !== null) return bad;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (!isStorableText(key)) return at;
    const bad = unsafeStringPath((value as Record<string, unknown>)[key], at);
    if (bad !== null) return bad;
  }
  return null;
}

export function isStorableText(s: string): boolean {
  // isWellFormed (Node 20) finds lone surrogates; NUL is valid Unicode but not valid PostgreSQL text.
  return !s.includes('\u0000') && (s as string & { isWellFormed(): boolean }).isWellFormed();
}

/** Vitals fields that stand alone: a bad one costs that field only (§10), never the event's others. */
const VITALS_FIELDS = new Set<string>([...vitalsMeasurementFields, 'method']);

export type FieldwiseParseResult = { ok: true; value: ClinicalEvent; refused: FieldError[] } | { ok: false; errors: FieldError[] };

/**
 * parseClinicalEvent, field by field (CLINICAL_RULES.md §10): when the only problems of a vitals
 * event are in its measurement fields, those fields are refused (listed with their path and
 * problem) and the event is kept with its valid measurements. Anything else fails as before.
 */
export function parseClinicalEventFieldwise(input: unknown): FieldwiseParseResult {
  const strict = parseClinicalEvent(input);
  if (strict.ok) return { ok: true, value: strict.value, refused: [] };
  const o = input as Record<string, unknown>;
  if (o?.['type'] !== 'vitals' || !strict.errors.every((e) => VITALS_FIELDS.has(e.path))) return strict;
  const kept: Record<string, unknown> = { ...o };
  for (const e of strict.errors) delete kept[e.path];
  const again = parseClinicalEvent(kept);
  // Nothing valid left (no measurement): the event is refused with its own errors.
  return again.ok ? { ok: true, value: again.value, refused: strict.errors } : strict;
}
