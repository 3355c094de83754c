import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { listRecords, readRecord, type AfRecord } from '../afdb/afdb-record';
import { listWfdbRecords, readWfdbRecord } from '../afdb/mitdb-record';
import { median, ratio, runDetector, scoreRecord, totals, type DetectorName, type RecordResult, type ReferenceMode } from '../afdb/af-validation';
import { dataSetDir, missingData } from '../data/data-sets';

export type AfFormat = 'afdb' | 'mitdb';

export interface ValidateAfOptions {
  dir?: string;
  records?: string[];
  json?: boolean;
  reference?: ReferenceMode;
  /** afdb: the AFDB text export (beats/*.csv + rhythm_spans.csv); mitdb: WFDB .hea + .atr files. */
  format?: AfFormat;
  /** Feed the reference beat classes to the detector (WFDB annotations carry them). */
  beatLabels?: boolean;
  /** ectopy (AF_RR's, the default) or dash (Dash 2009 alone, AF_RR before issue 18). */
  detector?: DetectorName;
  /** Consecutive AF windows that raise (the persistence; default the threshold set's 2). */
  sustainWindows?: number;
  /** Consecutive non-AF windows that resolve (default the threshold set's). */
  resolveWindows?: number;
}

/** The full data sets as `npm run data:fetch -- afdb|mitdb` lays them out (git-ignored data/). */
const DEFAULT_DIR: Record<AfFormat, string> = {
  afdb: dataSetDir('afdb'),
  mitdb: dataSetDir('mitdb'),
};

const pct = (v: number) => (Number.isNaN(v) ? '   n/a' : `${(v * 100).toFixed(1).padStart(5)}%`);

/** `vigil validate-af [dir] [--format afdb|mitdb] [--detector ectopy|ectopy-v2|ectopy-v1|dash] [--beat-labels] [--sustain-windows N] [--resolve-windows N] [--records a,b] [--reference rolling|record] [--json]`. */
export function validateAf(opts: ValidateAfOptions, out: (s: string) => void, err: (s: string) => void): number {
  const format = opts.format ?? 'afdb';
  const dir = resolve(opts.dir ?? DEFAULT_DIR[format]);
  // Missing (or, for the default, not fetched yet): say which command gets it.
  const missing = !existsSync(dir) || !opts.dir ? missingData(format, dir) : null;
  if (missing) {
    err(`vigil validate-af: ${missing}`);
    return 2;
  }
  if (opts.beatLabels && format !== 'mitdb') {
    err('vigil validate-af: --beat-labels needs --format mitdb (the AFDB export has no beat classes)\n');
    return 2;
  }
  const all = format === 'mitdb' ? listWfdbRecords(dir) : listRecords(dir);
  if (all.length === 0) {
    err(`vigil validate-af: no ${format} records in ${dir}\n`);
    return 2;
  }
  const names = opts.records?.length ? opts.records : all;
  const unknown = names.filter((n) => !all.includes(n));
  if (unknown.length) {
    err(`unknown record(s): ${unknown.join(', ')} (available: ${all.join(', ')})\n`);
    return 2;
  }
  const read = (name: string): AfRecord => (format === 'mitdb' ? readWfdbRecord(dir, name) : readRecord(dir, name));
  const results: RecordResult[] = [];
  names.forEach((name, i) => {
    const started = performance.now();
    const rec = read(name);
    const r = scoreRecord(rec, runDetector(rec, { reference: opts.reference ?? 'rolling', beatLabels: opts.beatLabels, detector: opts.detector, sustainWindows: opts.sustainWindows, resolveWindows: opts.resolveWindows }));
    results.push(r);
    err(`[${i + 1}/${names.length}] ${name}: ${r.beats} beats, ${r.windows} windows, Se ${pct(ratio(r.tp, r.tp + r.fn))} Sp ${pct(ratio(r.tn, r.tn + r.fp))}, ${r.falseAlarms} false alarms (${Math.round(performance.now() - started)} ms)\n`);
  });
  const tot = totals(results);
  if (opts.json) {
    out(JSON.stringify({ dir, format, detector: opts.detector ?? 'ectopy', reference: opts.reference ?? 'rolling', beatLabels: !!opts.beatLabels, sustainWindows: opts.sustainWindows ?? null, resolveWindows: opts.resolveWindows ?? null, ...tot, perRecord: results }) + '\n');
    return 0;
  }
  out(formatTable(results) + '\n');
  return 0;
}

const breakdown = (by: Record<string, number>) =>
  Object.entries(by)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '–';

export function formatTable(results: RecordResult[]): string {
  const tot = totals(results);
  const head = '| record | beats | windows | excluded | TP | FN | TN | FP | Se | Sp | PPV | AF episodes ≥30 s detected | median delay (s) | false alarms (per non-AF h) | FP windows by reference rhythm |';
  const sep = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|';
  const rows = results.map((r) => {
    const med = median(r.delaysS);
    return `| ${r.record} | ${r.beats} | ${r.windows} | ${r.excluded} | ${r.tp} | ${r.fn} | ${r.tn} | ${r.fp} | ${pct(ratio(r.tp, r.tp + r.fn))} | ${pct(ratio(r.tn, r.tn + r.fp))} | ${pct(ratio(r.tp, r.tp + r.fp))} | ${r.detected}/${r.episodes} | ${med === null ? '–' : med.toFixed(0)} | ${r.falseAlarms} (${perHour(r.falseAlarms, r.nonAfHours)}) | ${breakdown(r.fpByRhythm)} |`;
  });
  const total = `| **total** | ${results.reduce((s, r) => s + r.beats, 0)} | ${tot.windows} | ${tot.excluded} | ${tot.tp} | ${tot.fn} | ${tot.tn} | ${tot.fp} | **${pct(tot.sensitivity).trim()}** | **${pct(tot.specificity).trim()}** | **${pct(tot.ppv).trim()}** | ${tot.detected}/${tot.episodes} (${pct(tot.episodeSensitivity).trim()}) | ${tot.medianDelayS?.toFixed(0) ?? '–'} | **${tot.falseAlarms} (${perHour(tot.falseAlarms, tot.nonAfHours)})** | ${breakdown(tot.fpByRhythm)} |`;
  const notes = `\n${tot.hours.toFixed(1)} h monitored, ${tot.nonAfHours.toFixed(1)} h outside reference AF; false alarms by reference rhythm at the raise: ${breakdown(tot.falseAlarmsByRhythm)}`;
  return [head, sep, ...rows, total].join('\n') + '\n' + notes;
}

const perHour = (n: number, h: number) => (h > 0 ? `${(n / h).toFixed(2)}/h` : 'n/a');
