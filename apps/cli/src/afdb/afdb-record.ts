import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One AFDB record as text (../shared/data/afdb-mitbih-af, see its SOURCE.md). */
export interface AfdbRecord {
  name: string;
  /** Beat times in ms from record start (sample / 250 Hz), the first row skipped (its RR is from sample 0). */
  timeMs: Float64Array;
  rrMs: Float64Array;
  /** 1 when the reference rhythm at this beat is AFIB. */
  af: Uint8Array;
  /** Reference AF episodes [startMs, endMs). */
  afSpans: Array<[number, number]>;
}

const FS = 250;

export function listRecords(dir: string): string[] {
  const spans = readFileSync(join(dir, 'rhythm_spans.csv'), 'utf8').trim().split('\n').slice(1);
  return [...new Set(spans.map((l) => l.split(',')[0]))].sort();
}

export function readRecord(dir: string, name: string): AfdbRecord {
  const lines = readFileSync(join(dir, 'beats', `${name}.csv`), 'utf8').trim().split('\n');
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
  for (const l of readFileSync(join(dir, 'rhythm_spans.csv'), 'utf8').trim().split('\n').slice(1)) {
    const [rec, , startS, , endS, rhythm] = l.split(',');
    if (rec !== name || rhythm.trim() !== 'AFIB') continue;
    afSpans.push([Number(startS) * 1000, endS === '' ? recordEnd : Number(endS) * 1000]);
  }
  return { name, timeMs, rrMs, af, afSpans };
}
