import { normaliseOffset } from '../hl7v2/hl7-datetime';

export interface FhirTime {
  iso: string;
  /** True for date-only (or year/month) values, which carry no time of day. */
  dateOnly: boolean;
}

const DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * FHIR date, dateTime and instant. A partial date ("2016-03-28", "2016-03") is returned as its first
 * instant with `dateOnly` so the caller can decide whether a day is precise enough (weight, labs) or not
 * (vitals, whose rules run on minutes).
 */
export function parseFhirTime(value: unknown, defaultOffset = 'Z'): FhirTime | null {
  if (typeof value !== 'string') return null;
  const m = DATE_TIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const offset = normaliseOffset(zone ?? defaultOffset);
  if (offset === null) return null;
  const month = Number(mo ?? '01');
  const day = Number(d ?? '01');
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(Number(y), month, 0)).getUTCDate()) return null;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s ?? '0') > 60)) return null;
  const local = `${y}-${mo ?? '01'}-${d ?? '01'}T${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}${frac ? frac.slice(0, 4) : ''}`;
  const date = new Date(`${local}${offset}`);
  if (Number.isNaN(date.getTime())) return null;
  return { iso: date.toISOString(), dateOnly: h === undefined };
}
