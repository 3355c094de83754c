/**
 * Event ids are the idempotency key (DESIGN.md): the same source message must always give the same ids,
 * so a re-sent HL7 message or re-posted FHIR resource is stored once. Ids are built from the sender's own
 * identifiers; characters outside a safe set are replaced and over-long ids are shortened with a hash so
 * they stay within the contract's 200 characters and still differ.
 */
export function makeEventId(parts: string[]): string {
  const id = parts.map((p) => p.trim().replace(/[^A-Za-z0-9._\-/|@]+/g, '_')).join(':');
  return id.length <= 200 ? id : `${id.slice(0, 180)}~${stableHash(id)}`;
}

/** 64-bit FNV-1a as 16 hex characters: stable across runs and platforms, not cryptographic. */
export function stableHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x0100019d) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** JSON with object keys sorted, so two equal resources hash the same whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .filter((k) => obj[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
