/**
 * `npm run bench:af`: AF_RR's detector alone over real RR intervals from the MIT-BIH AF Database
 * (data/afdb-mitbih-af: `npm run data:fetch -- afdb`), today's (EctopyAwareAfDetector: ectopic beats and
 * bigeminy/trigeminy patterns recognised from the RR, then Dash on normal-to-normal intervals with the TPR
 * floor relieved by the share of labelled intervals, and the 12-beat COSEn gate) against the same without
 * the COSEn gate (v3, issue 18's third sitting), with the small-deltas gate instead (robust), without the relief (v2), without
 * the pattern test either (issue 18's first version, v1) and the one before issue 18
 * (DashAfDetector alone), in the same run, passes interleaved (A B B A …) so machine noise falls on both. Prints ns of CPU per
 * beat (median of BENCH_RUNS passes each over BENCH_RECORDS records), their ratio, and the window
 * verdicts, which must not change when a detector is only made faster.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DashAfDetector, ECTOPY_REFERENCE_ONLY, ECTOPY_ROBUST, ECTOPY_V3, EctopyAwareAfDetector, RollingRatioReference, defaultThresholds, type DashWindow } from '@vigil/rules';
import { repoRoot } from '@vigil/testing';
import { listRecords, readRecord } from '../src/afdb/afdb-record';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);
const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 8);
const dir = process.env['AFDB_DIR'] ?? join(repoRoot, 'data/afdb-mitbih-af');
if (!existsSync(join(dir, 'rhythm_spans.csv'))) {
  console.error(`bench:af needs the full AFDB in ${dir}: run \`npm run data:fetch -- afdb\` first (or set AFDB_DIR)`);
  process.exit(2);
}
const records = listRecords(dir).slice(0, RECORDS).map((name) => readRecord(dir, name));
const beats = records.reduce((n, r) => n + r.rrMs.length, 0);
const t = defaultThresholds().values;

type Detector = { push(rr: number, t: number, tag: number, out: DashWindow[]): DashWindow[] };
const candidates: Record<string, () => Detector> = {
  'COSEn gate (now)': () => new EctopyAwareAfDetector(t),
  'no COSEn gate (v3)': () => new EctopyAwareAfDetector(t, new RollingRatioReference(), ECTOPY_V3),
  'small-deltas gate (robust)': () => new EctopyAwareAfDetector(t, new RollingRatioReference(), ECTOPY_ROBUST),
  'patterns, no relief (v2)': () => new EctopyAwareAfDetector(t, new RollingRatioReference(), { ...ECTOPY_V3, tprRelief: 0 }),
  'no patterns (v1)': () => new EctopyAwareAfDetector(t, new RollingRatioReference(), ECTOPY_REFERENCE_ONLY),
  'Dash alone (before 18)': () => new DashAfDetector(t),
};
const names = Object.keys(candidates);
const perBeat: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
const verdicts: Record<string, string> = {};

function pass(name: string): number {
  let windows = 0;
  let af = 0;
  const start = process.cpuUsage();
  for (const rec of records) {
    const detector = candidates[name]();
    const out: DashWindow[] = [];
    for (let i = 0; i < rec.rrMs.length; i++) detector.push(rec.rrMs[i], rec.timeMs[i], 0, out);
    windows += out.length;
    for (const w of out) if (w.af) af++;
  }
  const used = process.cpuUsage(start);
  verdicts[name] = `${windows} windows (${af} AF)`;
  return ((used.user + used.system) * 1000) / beats;
}

for (const n of names) pass(n); // warm the JIT up for both
for (let run = 0; run < RUNS; run++) {
  const order = run % 2 === 0 ? names : [...names].reverse();
  for (const n of order) perBeat[n].push(pass(n));
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
process.stdout.write(`AF_RR detectors: ${records.length} AFDB records, ${beats.toLocaleString('en-US')} beats, ${RUNS} interleaved passes each\n`);
for (const n of names) {
  const m = med(perBeat[n]);
  process.stdout.write(`  ${n.padEnd(26)} median ${m.toFixed(0)} ns CPU per beat (${(1e3 / m).toFixed(2)} M beats/s), ${verdicts[n]}; runs ${perBeat[n].map((x) => x.toFixed(0)).join(' ')}\n`);
}
const ratioTo = (n: string) => (med(perBeat[names[0]]) / med(perBeat[n])).toFixed(2);
process.stdout.write(`  ratio now / ${names.slice(1).map((n) => `${n}: ${ratioTo(n)}`).join('; now / ')}\n`);
