/** Times inside the engine are epoch milliseconds parsed from the events' ISO strings; the engine never reads a clock. */
export const MIN = 60_000;
export const HOUR = 60 * MIN;

/**
 * Parses an ISO instant, exactly as Date.parse does, and throws when it is not one. The contracts
 * normalise every time to `YYYY-MM-DDTHH:MM:SS.sssZ`; that form is read from fixed positions (several
 * times faster than Date.parse, which is on every event's path).
 */
export function toMs(iso: string): number {
  const ms = parseTime(iso);
  if (Number.isNaN(ms)) throw new Error(`not an ISO time: ${iso}`);
  return ms;
}

/**
 * toMs without the throw: NaN when `iso` is not a time (what Date.parse gives, and the same instant
 * when it is one). The same instant is often read twice in a row (a replay loop, then the engine): a
 * one-entry cache.
 */
export function parseTime(iso: string): number {
  if (iso === lastIso) return lastMs;
  const ms = parseIso(iso);
  lastIso = iso;
  lastMs = ms;
  return ms;
}
let lastIso = '';
let lastMs = NaN;

function parseIso(iso: string): number {
  if (iso.length === 24 && iso.charCodeAt(23) === 90 /* Z */ && iso.charCodeAt(10) === 84 /* T */ && iso.charCodeAt(19) === 46 /* . */) {
    const y = num(iso, 0, 4);
    const mo = num(iso, 5, 2);
    const d = num(iso, 8, 2);
    const h = num(iso, 11, 2);
    const mi = num(iso, 14, 2);
    const sec = num(iso, 17, 2);
    // Fields in range read directly; anything else (and years < 100, which Date.UTC maps to 19xx) is Date.parse's to judge.
    if (y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && sec <= 59 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45 && iso.charCodeAt(13) === 58 && iso.charCodeAt(16) === 58) {
      const ms = Date.UTC(y, mo - 1, d, h, mi, sec, num(iso, 20, 3));
      if (!Number.isNaN(ms)) return ms;
    }
  }
  return Date.parse(iso);
}

function num(s: string, from: number, len: number): number {
  let v = 0;
  for (let i = from; i < from + len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** Formats an epoch-ms instant as ISO 8601 UTC with milliseconds, the contracts' normal form. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
