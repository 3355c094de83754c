/** Times inside the engine are epoch milliseconds parsed from the events' ISO strings; the engine never reads a clock. */
export const MIN = 60_000;
export const HOUR = 60 * MIN;

/**
 * Parses an ISO instant. The contracts normalise every time to `YYYY-MM-DDTHH:MM:SS.sssZ`; that form
 * is read from fixed positions (several times faster than Date.parse, which is on every event's path).
 */
export function toMs(iso: string): number {
  // The same instant is often read twice in a row (a replay loop, then the engine): one-entry cache.
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
    const ms = Date.UTC(num(iso, 0, 4), num(iso, 5, 2) - 1, num(iso, 8, 2), num(iso, 11, 2), num(iso, 14, 2), num(iso, 17, 2), num(iso, 20, 3));
    if (!Number.isNaN(ms)) return ms;
  }
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an ISO time: ${iso}`);
  return ms;
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
