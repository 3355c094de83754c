/**
 * Where AF_RR's false alarms fall (issue 18, analysis aid): for each record, runs the default detector,
 * simulates the alarm and prints each false alarm with the reference rhythm, the raising windows'
 * features and simple RR statistics over the raising windows' span.
 *   node -r @swc-node/register apps/cli/src/afdb/af-false-alarms.main.ts <dir> [--format mitdb] [--records RE] [--detector NAME]
 */
import { listRecords, readRecord, type AfRecord } from './afdb-record';
import { listWfdbRecords, readWfdbRecord } from './mitdb-record';
import { runDetector, dominantRhythm, simulateAlarms, type DetectorName } from './af-validation';

const args = process.argv.slice(2);
const dir = args[0];
const mitdb = args.includes('mitdb');
const detIdx = args.indexOf('--detector');
const detector = detIdx >= 0 ? (args[detIdx + 1] as DetectorName) : undefined;
const reIdx = args.indexOf('--records');
const re = reIdx >= 0 ? new RegExp(args[reIdx + 1]) : null;
const names = (mitdb ? listWfdbRecords(dir) : listRecords(dir)).filter((n) => !re || re.test(n));

function stats(rec: AfRecord, startMs: number, endMs: number): string {
  const rr: number[] = [];
  for (let i = 0; i < rec.timeMs.length; i++) if (rec.timeMs[i] > startMs && rec.timeMs[i] <= endMs) rr.push(rec.rrMs[i]);
  const s = [...rr].sort((a, b) => a - b);
  const med = s[s.length >> 1];
  let long2 = 0; // about twice the median: a missed beat
  let shortPair = 0; // two short intervals summing to about the median: an extra detection
  let short = 0;
  for (let i = 0; i < rr.length; i++) {
    if (rr[i] > 1.7 * med && rr[i] < 2.3 * med) long2++;
    if (rr[i] < 0.8 * med) short++;
    if (i > 0 && rr[i] < 0.75 * med && rr[i - 1] < 0.75 * med && Math.abs(rr[i] + rr[i - 1] - med) < 0.15 * med) shortPair++;
  }
  // histogram of RR / median in 0.1 bins
  const h = new Array(25).fill(0);
  for (const v of rr) h[Math.min(24, Math.floor((v / med) * 10))]++;
  const hist = h.map((c, i) => (c ? `${(i / 10).toFixed(1)}:${c}` : '')).filter(Boolean).join(' ');
  return `n ${rr.length} med ${med?.toFixed(0)} short<0.8 ${short} ~2x ${long2} extraPairs ${shortPair} hist ${hist}`;
}

for (const name of names) {
  const rec = mitdb ? readWfdbRecord(dir, name) : readRecord(dir, name);
  const run = runDetector(rec, { detector });
  for (const { raiseIndex: k, raisedAt: at } of simulateAlarms(run)) {
    const near = rec.afSpans.some(([s, e]) => at >= s - 120_000 && at <= e + 120_000);
    if (near) continue;
    const w = run.windows[k];
    const first = run.windows[k - run.sustainWindows + 1];
    const f = (x: typeof w) => `nr ${x.nrmssd.toFixed(3)} sh ${x.shannon.toFixed(2)} tpr ${x.tpr.toFixed(2)} lab ${x.labelled} raw ${x.rawBeats}`;
    console.log(`${name} FA at ${(at / 1000).toFixed(0)} s (${dominantRhythm(rec, first.startMs, w.endMs)}) | ${f(first)} | ${f(w)}`);
    console.log(`    ${stats(rec, first.startMs, w.endMs)}`);
  }
}
