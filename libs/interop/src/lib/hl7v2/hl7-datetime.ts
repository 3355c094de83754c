/**
 * HL7 v2 DTM/TS values: YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ] (older versions add a ^precision
 * component, ignored here). Canonical events need an instant with a zone, so a value without an offset
 * takes one from the caller: HL7 says such times are in the sender's local zone, which the caller knows
 * (MSH-7's offset, or configuration per sending system).
 */
export interface Hl7DateTime {
  /** ISO 8601 in UTC, e.g. 2026-11-26T10:15:00.000Z. */
  iso: string;
  /** How much of the value was given: 'date' (day only), 'minute' or finer. */
  precision: 'year' | 'month' | 'date' | 'hour' | 'minute' | 'second';
  /** The offset found in the value (e.g. "-0400"), or null when the default was applied. */
  offset: string | null;
}

const DTM = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2}(?:\.\d{1,4})?)?([+-]\d{4})?$/;

/** Offset in "+HHMM"/"-HHMM" form from an HL7 value, or null when it has none. */
export function hl7Offset(value: string): string | null {
  const m = DTM.exec(value.split('^')[0].trim());
  return m?.[7] ?? null;
}

/**
 * @param value the HL7 timestamp text
 * @param defaultOffset offset to apply when the value has none, as "+HHMM", "-HHMM", "+HH:MM" or "Z"
 */
export function parseHl7DateTime(value: string, defaultOffset = 'Z'): Hl7DateTime | null {
  const m = DTM.exec(value.split('^')[0].trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, off] = m;
  const offset = off ?? null;
  const zone = normaliseOffset(off ?? defaultOffset);
  if (zone === null) return null;
  const seconds = s ? Number(s) : 0;
  const whole = Math.floor(seconds);
  const millis = Math.round((seconds - whole) * 1000);
  const local = `${y}-${mo ?? '01'}-${d ?? '01'}T${h ?? '00'}:${mi ?? '00'}:${String(whole).padStart(2, '0')}.${String(millis).padStart(3, '0')}`;
  const date = new Date(`${local}${zone}`);
  if (Number.isNaN(date.getTime()) || !validCalendar(y, mo, d, h, mi, whole)) return null;
  const precision = s ? 'second' : mi ? 'minute' : h ? 'hour' : d ? 'date' : mo ? 'month' : 'year';
  return { iso: date.toISOString(), precision, offset };
}

/** "+0200", "+02:00", "Z" → "+02:00"/"Z"; anything else → null. */
export function normaliseOffset(offset: string): string | null {
  if (offset === 'Z' || offset === 'z') return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) return null;
  return `${m[1]}${m[2]}:${m[3]}`;
}

/** Rejects impossible dates that Date would silently roll over (Feb 30, hour 25). */
function validCalendar(y: string, mo?: string, d?: string, h?: string, mi?: string, s = 0): boolean {
  const month = Number(mo ?? '01');
  const day = Number(d ?? '01');
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && Number(h ?? 0) <= 23 && Number(mi ?? 0) <= 59 && s <= 60;
}
