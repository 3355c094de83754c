import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * One annotated record for AF validation, whatever database it came from: beats with their RR
 * intervals, the reference rhythm at each beat and as spans, and (MITDB) the reference beat class.
 */
export interface AfRecord {
  name: string;
  /** Beat times in ms from record start; the first beat is skipped (its RR is not a real interval). */
  timeMs: Float64Array;
  rrMs: Float64Array;
  /** 1 when the reference rhythm at this beat is AFIB. */
  af: Uint8Array;
  /** Reference AF episodes [startMs, endMs). */
  afSpans: Array<[number, number]>;
  /** Every reference rhythm span [startMs, endMs) with its label without "(" (N, AFIB, AFL, B, T, …). */
  rhythmSpans: Array<{ startMs: number; endMs: number; rhythm: string }>;
  /** Monitored time: from record start to its end (the header's length, else the last beat). */
  durationMs: number;
  /** Reference class of the beat ending each RR (N, S, V, P, Q), when the database annotates beats. */
  beatClasses?: string;
}

/** An AFDB record in the beats/rhythm-span text layout (fixtures/afdb-mitbih-af/SOURCE.md; `npm run data:fetch -- afdb`). */
export type AfdbRecord = AfRecord;

const FS = 250;

export function listRecords(dir: string): string[] {
  const spans = readFileSync(join(dir, 'rhythm_spans.csv'), 'utf8').trim().split('\n').slice(1);
  return [...new Set(spans.map((l) => l.split(',')[0]))].sort();
}

export function readRecord(dir: string, name: string): AfRecord {
  const lines = readBeats(dir, name).trim().split('\n');
  const n = lines.length - 2; // header and the first beat (no real RR) skipped
  const timeMs = new Float64Array(n);
  const rrMs = new Float64Array(n);
  const af = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const [sample, rr, rhythm] = lines[i + 2].split(',');
    timeMs[i] = (Number(sample) / FS) * 1000;
    rrMs[i] = Number(rr) * 1000;
    af[i] = rhythm.trim() === 'AFIB' ? 1 : 0;
  }
  const recordEnd = n > 0 ? timeMs[n - 1] : 0;
  const afSpans: Array<[number, number]> = [];
  const rhythmSpans: AfRecord['rhythmSpans'] = [];
  for (const l of readFileSync(join(dir, 'rhythm_spans.csv'), 'utf8').trim().split('\n').slice(1)) {
    const [rec, , startS, , endS, rhythm] = l.split(',');
    if (rec !== name) continue;
    const span = { startMs: Number(startS) * 1000, endMs: endS === '' ? recordEnd : Number(endS) * 1000, rhythm: rhythm.trim() };
    rhythmSpans.push(span);
    if (span.rhythm === 'AFIB') afSpans.push([span.startMs, span.endMs]);
  }
  return { name, timeMs, rrMs, af, afSpans, rhythmSpans, durationMs: recordEnd };
}

/** beats/<REC>.csv, or beats/<REC>.csv.gz (the committed fixtures are gzipped to keep the repository small). */
function readBeats(dir: string, name: string): string {
  const csv = join(dir, 'beats', `${name}.csv`);
  if (existsSync(csv) || !existsSync(`${csv}.gz`)) return readFileSync(csv, 'utf8');
  return gunzipSync(readFileSync(`${csv}.gz`)).toString('utf8');
}
