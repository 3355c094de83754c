import { parseJsonLine } from './stream-line';
import { parseTime } from '@vigil/rules';

/** What one worker replays: its patients' event lines, and every step of the stream that concerns it. */
export interface ShardInput {
  /** The shard's event lines, in stream order, joined by newlines. */
  lines: string;
  /** Each of those lines' number in the file (for error messages). */
  lineNumbers: Int32Array;
  /**
   * Steps in stream order, three numbers each: the stream item's index; STEP_TICK (the engine clock
   * advances to the time that follows) or STEP_EVENT (process the shard's next line); the time in ms.
   */
  steps: Float64Array;
}

export const STEP_TICK = 0;
export const STEP_EVENT = 1;

export interface ShardPlan {
  shards: ShardInput[];
  /** Each patient's rank by first appearance: the single engine's patient order, which orders a tick's transitions. */
  patientRank: Map<string, number>;
  items: number;
}

/** Why a stream is replayed by one engine instead (its output would be the same, only slower). */
export type NotShardable = { reason: string };

/**
 * Splits a stream by patient for replay in several engines, so that merging their transitions gives
 * exactly the single-engine replay (libs/rules `replayStream`): every shard gets every clock advance
 * (the global tick after which each timer fires, and the time a late event re-ticks to), its
 * patients' events, and the ward-level threshold changes, which every engine needs.
 * Only what routing needs is read here (JSON, patientId, time); the workers validate the events.
 * With `chunks`, the shards' inputs are handed over every `chunks.items` items as they are split (the
 * workers replay while the rest is split) and the returned plan's `shards` is empty.
 */
export function planShards(text: string, name: string, workers: number, chunks?: { items: number; send: (shards: ShardInput[]) => void }): ShardPlan | NotShardable {
  let own = emptyShards(workers);
  const patientRank = new Map<string, number>();
  const shardOf = new Map<string, number>();
  let clock = Number.NEGATIVE_INFINITY;
  let item = 0;
  let start = 0;
  let lineNo = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    start = end + 1;
    lineNo++;
    const s = raw.trim();
    if (!s || s.startsWith('//')) continue;
    const obj: Record<string, unknown> | null = routingFields(s) ?? parseJsonLine(s, name, lineNo);
    if (obj === null) continue;
    if (typeof obj !== 'object') return { reason: `line ${lineNo} is not an event object` };
    const t = typeof obj.time === 'string' ? parseTime(obj.time) : NaN;
    if (Number.isNaN(t)) return { reason: `line ${lineNo} has no valid time` };
    const index = item++;
    if (chunks && index > 0 && index % chunks.items === 0) {
      chunks.send(own.map(toInput));
      own = emptyShards(workers);
    }
    if (t > clock) {
      // The single engine ticks every patient whenever the stream's clock moves forward.
      clock = t;
      for (const o of own) o.steps.push(index, STEP_TICK, t);
    }
    if (obj.type === 'tick') continue;
    if (obj.type === 'thresholds' && obj['scope'] === 'ward') {
      // A ward's thresholds apply to its patients in every shard; without a wardId the ward is the
      // patient's, which only that patient's engine knows.
      if (typeof obj['wardId'] !== 'string') return { reason: `line ${lineNo}: a ward threshold change without wardId` };
      for (const o of own) {
        o.lines.push(s);
        o.numbers.push(lineNo);
        o.steps.push(index, STEP_EVENT, t);
      }
      continue;
    }
    const patientId = typeof obj['patientId'] === 'string' ? obj['patientId'] : '';
    let shard = shardOf.get(patientId);
    if (shard === undefined) {
      shard = patientRank.size % workers; // round-robin by first appearance: even shards
      shardOf.set(patientId, shard);
      patientRank.set(patientId, patientRank.size);
    }
    const o = own[shard];
    o.lines.push(s);
    o.numbers.push(lineNo);
    o.steps.push(index, STEP_EVENT, t);
  }
  if (chunks) chunks.send(own.map(toInput));
  return { shards: chunks ? [] : own.map(toInput), patientRank, items: item };
}

type ShardBuffer = { lines: string[]; numbers: number[]; steps: number[] };
const emptyShards = (workers: number): ShardBuffer[] => Array.from({ length: workers }, () => ({ lines: [], numbers: [], steps: [] }));
const toInput = (o: ShardBuffer): ShardInput => ({ lines: o.lines.join('\n'), lineNumbers: Int32Array.from(o.numbers), steps: Float64Array.from(o.steps) });

/**
 * type, patientId and time read straight from the text of a line, without parsing it all (an rr line
 * holds a hundred numbers): each must occur exactly once as `"key":"value"` with no escapes in the
 * value. In valid JSON that text cannot sit inside a string (its quotes would be escaped), so the
 * values are the ones JSON.parse would give. Otherwise null, and the line is parsed. (An invalid line
 * is still reported by the worker that validates it, with its number, as one engine would.)
 */
export function routingFields(s: string): { type: string; patientId: string; time: string } | null {
  const typeAt = s.indexOf(TYPE);
  const patientAt = s.indexOf(PATIENT);
  const timeAt = s.indexOf(TIME);
  if (typeAt < 0 || patientAt < 0 || timeAt < 0) return null;
  const type = valueAt(s, typeAt + TYPE.length);
  if (type === null || type === 'thresholds') return null; // a ward change needs its scope and wardId: parsed
  const patientId = valueAt(s, patientAt + PATIENT.length);
  const time = valueAt(s, timeAt + TIME.length);
  if (patientId === null || time === null) return null;
  // A second occurrence of a key would contain '":"'. When none follows the last of the three values
  // (an rr line's numbers), only the text up to it is searched again, not the whole line three times.
  const last = Math.max(typeAt + TYPE.length + type.length, patientAt + PATIENT.length + patientId.length, timeAt + TIME.length + time.length);
  const searched = s.indexOf('":"', last) < 0 ? s.slice(0, last) : s;
  return once(searched, TYPE, typeAt) && once(searched, PATIENT, patientAt) && once(searched, TIME, timeAt) ? { type, patientId, time } : null;
}

const TYPE = '"type":"';
const PATIENT = '"patientId":"';
const TIME = '"time":"';

/** The string value starting at `from` (up to the next quote), or null if unterminated or escaped. */
function valueAt(s: string, from: number): string | null {
  const end = s.indexOf('"', from);
  if (end < 0) return null;
  const value = s.slice(from, end);
  return value.includes('\\') ? null : value;
}

/** The key found at `at` occurs nowhere after it. */
const once = (s: string, key: string, at: number): boolean => s.indexOf(key, at + key.length) < 0;
