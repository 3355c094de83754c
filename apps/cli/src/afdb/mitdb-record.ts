import { readdirSync } from 'node:fs';
import type { AfRecord } from './afdb-record';
import { BEAT_CLASS, readWfdb, RHYTHM_CHANGE, WfdbError, type WfdbAnnotation, type WfdbHeader } from './wfdb';

/** Records of a WFDB directory: every `<name>.atr` with its `<name>.hea`. */
export function listWfdbRecords(dir: string): string[] {
  const files = new Set(readdirSync(dir));
  return [...files].filter((f) => f.endsWith('.atr') && files.has(f.replace(/\.atr$/, '.hea'))).map((f) => f.slice(0, -4)).sort();
}

/** Reads one WFDB record (MIT-BIH Arrhythmia Database layout: `.hea` + reference `.atr`). */
export function readWfdbRecord(dir: string, name: string): AfRecord {
  const { header, annotations } = readWfdb(dir, name);
  return recordFromAnnotations(name, header, annotations);
}

/**
 * Beats are the annotations with a beat code (the rhythm "+" and other non-beat codes are not); the
 * RR of a beat is the time since the previous beat. Rhythm spans run from each rhythm change's
 * sample to the next one's (the last to the record's end); before the first change the rhythm is
 * taken as N. Truth comes from these annotations only, never from a detector.
 */
export function recordFromAnnotations(name: string, header: WfdbHeader, annotations: WfdbAnnotation[]): AfRecord {
  const msPerSample = 1000 / header.fs;
  const beats = annotations.filter((a) => BEAT_CLASS[a.code] !== undefined);
  const lastBeat = beats.length ? beats[beats.length - 1].sample : 0;
  const endSample = Math.max(header.samples ?? 0, lastBeat);
  const durationMs = endSample * msPerSample;

  const rhythmSpans: AfRecord['rhythmSpans'] = [];
  let current = 'N';
  let from = 0;
  const firstBeat = beats.length ? beats[0].sample : Infinity;
  for (const a of annotations) {
    if (a.code !== RHYTHM_CHANGE || !a.aux.startsWith('(')) continue;
    const rhythm = a.aux.slice(1).replace(/\0.*$/, '').trim();
    if (!rhythm) throw new WfdbError(`${name}.atr: rhythm change at sample ${a.sample} has an empty label`);
    if (rhythm === current) continue;
    // A first label before the first beat holds from the record's start.
    if (a.sample > from && a.sample > firstBeat) rhythmSpans.push({ startMs: from * msPerSample, endMs: a.sample * msPerSample, rhythm: current });
    from = rhythmSpans.length === 0 && a.sample <= firstBeat ? 0 : a.sample;
    current = rhythm;
  }
  rhythmSpans.push({ startMs: from * msPerSample, endMs: durationMs, rhythm: current });
  const afSpans = rhythmSpans.filter((s) => s.rhythm === 'AFIB').map((s): [number, number] => [s.startMs, s.endMs]);

  const n = Math.max(0, beats.length - 1);
  const timeMs = new Float64Array(n);
  const rrMs = new Float64Array(n);
  const af = new Uint8Array(n);
  let classes = '';
  let span = 0;
  for (let i = 0; i < n; i++) {
    const b = beats[i + 1];
    timeMs[i] = b.sample * msPerSample;
    rrMs[i] = (b.sample - beats[i].sample) * msPerSample;
    while (span + 1 < rhythmSpans.length && rhythmSpans[span + 1].startMs <= timeMs[i]) span++;
    af[i] = rhythmSpans[span].rhythm === 'AFIB' ? 1 : 0;
    classes += BEAT_CLASS[b.code];
  }
  return { name, timeMs, rrMs, af, afSpans, rhythmSpans, durationMs, beatClasses: classes };
}
