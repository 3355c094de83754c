import { readFileSync } from 'node:fs';
import { InputError } from '../args';

/** One line of a recording, kept as text so a replay at --max does not pay for re-serialising it. */
export interface RecordedEvent {
  line: string;
  time: number;
  patientId: string;
  type: string;
  wardId?: string;
}

/**
 * Reads an NDJSON recording for a live replay: canonical events in file order. Comment lines (`//…`
 * or `{"_comment":…}`) and virtual-clock ticks (offline only) are skipped and counted; `outOfOrder`
 * counts lines earlier than a line before them (late events).
 */
export function readRecording(path: string): { events: RecordedEvent[]; skipped: number; outOfOrder: number } {
  const text = readFileSync(path, 'utf8');
  const events: RecordedEvent[] = [];
  let skipped = 0;
  let outOfOrder = 0;
  let latest = -Infinity;
  let lineNo = 0;
  for (const raw of text.split('\n')) {
    lineNo++;
    const line = raw.trim();
    if (!line || line.startsWith('//')) continue;
    let o: { type?: string; time?: string; patientId?: string; wardId?: string; _comment?: unknown };
    try {
      o = JSON.parse(line);
    } catch {
      throw new InputError(`${path}:${lineNo}: not JSON (a recording is NDJSON, one canonical event per line)`);
    }
    if (o.type === undefined || o.type === 'tick') {
      skipped++;
      continue;
    }
    const time = Date.parse(o.time ?? '');
    if (Number.isNaN(time)) throw new InputError(`${path}:${lineNo}: event without a valid ISO "time"`);
    if (time < latest) outOfOrder++;
    else latest = time;
    events.push({ line, time, patientId: String(o.patientId ?? ''), type: o.type, wardId: typeof o.wardId === 'string' ? o.wardId : undefined });
  }
  return { events, skipped, outOfOrder };
}

const ISO = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Moves an event by `offsetMs` (time, periodStart, specimenTime, and the onset time inside an
 * acknowledged alert's id) and gives it a new id, so a shifted replay is a new recording, not duplicates.
 */
export function shiftEvent(line: string, offsetMs: number): string {
  const o = JSON.parse(line) as Record<string, unknown>;
  const move = (v: unknown) => (typeof v === 'string' && ISO.test(v) ? new Date(Date.parse(v) + offsetMs).toISOString() : v);
  for (const k of ['time', 'periodStart', 'specimenTime']) if (k in o) o[k] = move(o[k]);
  if (typeof o['alertId'] === 'string') {
    const parts = (o['alertId'] as string).split(':');
    const [pid, rule, ...rest] = parts;
    const tail = rest.join(':');
    const hash = tail.indexOf('#');
    const when = hash >= 0 ? tail.slice(0, hash) : tail;
    if (ISO.test(when)) o['alertId'] = `${pid}:${rule}:${move(when)}${hash >= 0 ? tail.slice(hash) : ''}`;
  }
  o['id'] = `${o['id']}~${Math.round(offsetMs / 1000)}s`;
  return JSON.stringify(o);
}
