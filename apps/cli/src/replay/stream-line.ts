import { parseClinicalEvent } from '@vigil/contracts';
import type { StreamItem } from '@vigil/rules';
import { InputError } from '../args';

/**
 * One line of an NDJSON stream: a canonical event (validated by the contracts), a virtual-clock tick
 * `{"type":"tick","time":…}`, or nothing (blank, `//` or `{"_comment":…}` lines). Throws with the
 * file and line number on anything else.
 */
export function parseStreamLine(line: string, name: string, lineNo: number): StreamItem | null {
  const s = line.trim();
  if (!s || s.startsWith('//')) return null;
  const obj = parseJsonLine(s, name, lineNo);
  if (obj === null) return null;
  if (obj.type === 'tick') {
    const at = typeof obj.time === 'string' ? Date.parse(obj.time) : NaN;
    if (Number.isNaN(at)) throw new InputError(`${name}:${lineNo}: time: a tick needs an ISO time (got ${JSON.stringify(obj.time)})`);
    return { type: 'tick', time: new Date(at).toISOString() };
  }
  const parsed = parseClinicalEvent(obj);
  if (!parsed.ok) throw new InputError(`${name}:${lineNo}: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return parsed.value;
}

/** The JSON of a non-blank line, or null for a comment object. */
export function parseJsonLine(s: string, name: string, lineNo: number): { type?: unknown; time?: unknown; _comment?: unknown; [k: string]: unknown } | null {
  let obj: { type?: unknown; time?: unknown; _comment?: unknown };
  try {
    obj = JSON.parse(s) as typeof obj;
  } catch (e) {
    throw new InputError(`${name}:${lineNo}: not a JSON object (${(e as Error).message}); each line of a stream is one event`, { cause: e });
  }
  if (obj === null || typeof obj !== 'object') return obj as never; // the event schema reports it
  if (obj.type === undefined && obj._comment !== undefined) return null;
  return obj;
}
