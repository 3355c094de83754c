/**
 * `npm run bench:af`: the Dash 2009 detector alone (the AF_RR pipeline of CLINICAL_RULES.md §3.2:
 * guard, ectopic filter with the rolling 24 h reference, 128-beat windows every 16 beats) over real
 * RR intervals from the MIT-BIH AF Database in ../shared/data/afdb-mitbih-af. Prints ns per beat
 * (median of BENCH_RUNS passes over BENCH_RECORDS records) and the window verdicts, which must not
 * change when the detector is made faster.
 */
import { join } from 'node:path';
import { DashAfDetector, defaultThresholds, type DashWindow } from '@vigil/rules';
import { repoRoot } from '@vigil/testing';
import { listRecords, readRecord } from '../src/afdb/afdb-record';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);
const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 8);
const dir = join(repoRoot, '../shared/data/afdb-mitbih-af');
const records = listRecords(dir).slice(0, RECORDS).map((name) => readRecord(dir, name));
const beats = records.reduce((n, r) => n + r.rrMs.length, 0);
const t = defaultThresholds().values;
const perBeat: number[] = [];
let windows = 0;
let af = 0;
for (let run = 0; run < RUNS + 1; run++) {
  windows = 0;
  af = 0;
  const start = process.cpuUsage();
  for (const rec of records) {
    const detector = new DashAfDetector(t);
    const out: DashWindow[] = [];
    for (let i = 0; i < rec.rrMs.length; i++) detector.push(rec.rrMs[i], rec.timeMs[i], 0, out);
    windows += out.length;
    for (const w of out) if (w.af) af++;
  }
  const used = process.cpuUsage(start);
  if (run > 0) perBeat.push(((used.user + used.system) * 1000) / beats); // run 0 warms the JIT up
}
perBeat.sort((a, b) => a - b);
const median = perBeat[perBeat.length >> 1];
process.stdout.write(
  `Dash detector: ${records.length} AFDB records, ${beats.toLocaleString('en-US')} beats, ${windows} windows (${af} AF); ` +
    `median ${median.toFixed(0)} ns CPU per beat (${(1e3 / median).toFixed(2)} M beats/s), runs ${perBeat.map((x) => x.toFixed(0)).join(' ')}\n`,
);
