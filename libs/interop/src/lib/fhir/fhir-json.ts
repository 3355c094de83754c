/**
 * FHIR input is untrusted JSON. These readers return undefined for anything of the wrong shape, so the
 * mappers can walk a resource without casts and never throw on a malformed body.
 */
export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Codings of a CodeableConcept, in order. */
export function codingsOf(concept: unknown): { system?: string; code?: string; display?: string }[] {
  return asArray(asObject(concept)?.['coding'])
    .map(asObject)
    .filter((c): c is Json => c !== undefined)
    .map((c) => ({ system: asString(c['system']), code: asString(c['code']), display: asString(c['display']) }));
}

/** "loinc.org|15074-8 (Glucose)" style text for messages. */
export function describeConcept(concept: unknown): string {
  const codings = codingsOf(concept);
  const text = asString(asObject(concept)?.['text']);
  if (codings.length === 0) return text ? `"${text}" (no coding)` : '(no code)';
  return codings
    .map((c) => `${(c.system ?? '').replace(/^https?:\/\//, '')}|${c.code ?? ''}${c.display ? ` (${c.display})` : ''}`)
    .join(', ');
}
