import { resolve } from 'node:path';
import { listRecords, readRecord } from '../afdb/afdb-record';
import { ratio, totals, validateRecord, type RecordResult, type ReferenceMode } from '../afdb/af-validation';
import { repoRoot } from '../repo-root';

export interface ValidateAfOptions {
  dir?: string;
  records?: string[];
  json?: boolean;
  reference?: ReferenceMode;
}

const pct = (v: number) => (Number.isNaN(v) ? '   n/a' : `${(v * 100).toFixed(1).padStart(5)}%`);

/** `vigil validate-af [dir] [--records a,b] [--reference rolling|record] [--json]`. */
export function validateAf(opts: ValidateAfOptions, out: (s: string) => void, err: (s: string) => void): number {
  const dir = resolve(opts.dir ?? resolve(repoRoot, '../shared/data/afdb-mitbih-af'));
  const all = listRecords(dir);
  const names = opts.records?.length ? opts.records : all;
  const unknown = names.filter((n) => !all.includes(n));
  if (unknown.length) {
    err(`unknown record(s): ${unknown.join(', ')} (available: ${all.join(', ')})\n`);
    return 2;
  }
  const results: RecordResult[] = [];
  names.forEach((name, i) => {
    const started = performance.now();
    const r = validateRecord(readRecord(dir, name), opts.reference ?? 'rolling');
    results.push(r);
    err(`[${i + 1}/${names.length}] ${name}: ${r.beats} beats, ${r.windows} windows, Se ${pct(ratio(r.tp, r.tp + r.fn))} Sp ${pct(ratio(r.tn, r.tn + r.fp))} (${Math.round(performance.now() - started)} ms)\n`);
  });
  const tot = totals(results);
  if (opts.json) {
    out(JSON.stringify({ dir, reference: opts.reference ?? 'rolling', ...tot }) + '\n');
    return 0;
  }
  out(formatTable(results) + '\n');
  return 0;
}

export function formatTable(results: RecordResult[]): string {
  const tot = totals(results);
  const head = '| record | beats | windows | excluded | TP | FN | TN | FP | Se | Sp | PPV | AF episodes ≥30 s detected | median delay (s) | false alarms |';
  const sep = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const rows = results.map((r) => {
    const d = [...r.delaysS].sort((a, b) => a - b);
    const med = d.length ? d[Math.floor(d.length / 2)].toFixed(0) : '–';
    return `| ${r.record} | ${r.beats} | ${r.windows} | ${r.excluded} | ${r.tp} | ${r.fn} | ${r.tn} | ${r.fp} | ${pct(ratio(r.tp, r.tp + r.fn))} | ${pct(ratio(r.tn, r.tn + r.fp))} | ${pct(ratio(r.tp, r.tp + r.fp))} | ${r.detected}/${r.episodes} | ${med} | ${r.falseAlarms} |`;
  });
  const total = `| **total** | ${results.reduce((s, r) => s + r.beats, 0)} | ${tot.windows} | ${tot.excluded} | ${tot.tp} | ${tot.fn} | ${tot.tn} | ${tot.fp} | **${pct(tot.sensitivity).trim()}** | **${pct(tot.specificity).trim()}** | **${pct(tot.ppv).trim()}** | ${tot.detected}/${tot.episodes} | ${tot.medianDelayS?.toFixed(0) ?? '–'} | ${tot.falseAlarms} (${tot.falseAlarmsPerHour.toFixed(2)}/h) |`;
  return [head, sep, ...rows, total].join('\n');
}
