import { BEAT_CLASS, RHYTHM_CHANGE, type WfdbAnnotation } from '../afdb/wfdb';

/**
 * PhysioNet's AFDB annotation files → the text layout `readRecord` reads (fixtures/afdb-mitbih-af/SOURCE.md):
 * `beats/<REC>.csv` (`sample,rr_s,rhythm`: every beat of the `.qrs` annotator, the RR from the previous beat,
 * from sample 0 for the first, as `ann2rr -i s` prints it; the rhythm of the latest `.atr` change at or
 * before the beat) and the record's rows of `rhythm_spans.csv` (each rhythm from its onset to the next).
 */
export function afdbBeatsCsv(qrs: readonly WfdbAnnotation[], atr: readonly WfdbAnnotation[], fs: number): string {
  const changes = atr.filter((a) => a.code === RHYTHM_CHANGE && a.aux);
  const lines = ['sample,rr_s,rhythm'];
  let prev = 0;
  let next = 0;
  let rhythm = '';
  for (const beat of qrs) {
    if (!(beat.code in BEAT_CLASS)) continue;
    while (next < changes.length && changes[next].sample <= beat.sample) rhythm = label(changes[next++]);
    lines.push(`${beat.sample},${((beat.sample - prev) / fs).toFixed(3)},${rhythm}`);
    prev = beat.sample;
  }
  return lines.join('\n') + '\n';
}

export const RHYTHM_SPANS_HEADER = 'record,start_sample,start_s,end_sample,end_s,rhythm';

export function afdbRhythmSpans(record: string, atr: readonly WfdbAnnotation[], fs: number): string[] {
  const changes = atr.filter((a) => a.code === RHYTHM_CHANGE && a.aux);
  // Written as the text export wrote them (Python floats: 0.12, 32193.0).
  const seconds = (sample: number) => {
    const s = Number((sample / fs).toFixed(6));
    return Number.isInteger(s) ? s.toFixed(1) : String(s);
  };
  return changes.map((c, i) => {
    const end = changes[i + 1]?.sample;
    return `${record},${c.sample},${seconds(c.sample)},${end ?? ''},${end === undefined ? '' : seconds(end)},${label(c)}`;
  });
}

const label = (a: WfdbAnnotation) => (a.aux ?? '').replace(/^\(/, '').trim();
