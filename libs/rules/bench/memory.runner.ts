/**
 * Feeds one rules engine a ward of monitored patients at 1 Hz vitals plus 1-min RR batches, ticking
 * every simulated second, and prints its memory (after a full GC) every `--every` simulated minutes
 * as JSON lines on stdout. Written to run unchanged in an older checkout too (it imports only
 * RulesEngine), so memory.bench can measure the engine before and after a change in the same run.
 * With `--cadence charted`: a charted ward instead (vitals every 1–4 h, urine hourly, a creatinine
 * daily, ticked every simulated minute), for the bytes a charted patient costs over a stay.
 * Usage: node --expose-gc -r @swc-node/register libs/rules/bench/memory.runner.ts --patients 2000 --minutes 60 [--every 10] [--cadence charted]
 */
// A path, not @vigil/rules: memory.bench copies this runner into an older checkout, whose engine it
// must measure whatever that checkout's path aliases were.
import { RulesEngine } from '../src/index';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const patients = arg('patients', 2000);
const minutes = arg('minutes', 60);
const every = arg('every', 10);
const charted = process.argv.includes('charted');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

// A deterministic generator (the same stream in both checkouts).
let seed = 12345;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

const start = Date.UTC(2026, 10, 26, 6, 0, 0);
const engine = new RulesEngine();
const state = Array.from({ length: patients }, () => ({ hr: 80 + rnd() * 20, sbp: 115 + rnd() * 15, spo2: 97, rr: 16 }));
const admitAll = () => {
  for (let p = 0; p < patients; p++) engine.process({ id: `adt-${p}`, patientId: `P-${p}`, time: new Date(start - 1000).toISOString(), type: 'admit', wardId: `W-${p % 60}`, bed: String(p % 36), weightKg: 70 } as never);
};
// Monitored: the baseline after admission (the slope per held reading excludes set-up). Charted: before
// it, so a patient's whole cost (evaluator, checkpoints, kept urine and labs) is in the growth.
if (!charted) admitAll();

let events = 0;
const t0 = Date.now();
let lastReport = t0;
const memory = () => {
  gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, arrayBuffers: m.arrayBuffers, external: m.external };
};
const baseline = memory();
if (charted) admitAll();
process.stdout.write(JSON.stringify({ minute: 0, events, ...baseline }) + '\n');
let peakRss = baseline.rss;
if (charted) runCharted();
else runMonitored();

function report(minute: number) {
  const m = memory();
  if (m.rss > peakRss) peakRss = m.rss;
  process.stdout.write(JSON.stringify({ minute, events, ...m, peakRss, elapsedMs: Date.now() - t0, baselineHeap: baseline.heapUsed }) + '\n');
}

/** Vitals every 1–4 h (a full set, NIBP), urine every hour, a creatinine every day; ticks every minute. */
function runCharted() {
  const nextVitals = state.map(() => Math.floor(rnd() * 60));
  for (let m = 1; m <= minutes; m++) {
    const now = start + m * 60_000;
    const iso = new Date(now).toISOString();
    for (let p = 0; p < patients; p++) {
      const v = state[p];
      if (m >= nextVitals[p]) {
        nextVitals[p] = m + 60 + Math.floor(rnd() * 181);
        v.hr = Math.min(105, Math.max(60, v.hr + (rnd() - 0.5) * 10));
        v.sbp = Math.min(140, Math.max(100, v.sbp + (rnd() - 0.5) * 10));
        const sbp = Math.round(v.sbp);
        engine.process({ id: `chart-${p}-${m}`, patientId: `P-${p}`, time: iso, type: 'vitals', hr: Math.round(v.hr), spo2: 95 + Math.floor(rnd() * 4), rr: 14 + Math.floor(rnd() * 5), sbp, dbp: Math.round(sbp * 0.55), map: Math.round(sbp * 0.7), temp: Math.round((36.6 + rnd() * 0.6) * 10) / 10, method: 'nibp' } as never);
        events++;
      }
      if (m % 60 === p % 60) {
        engine.process({ id: `urine-${p}-${m}`, patientId: `P-${p}`, time: iso, type: 'urine', periodStart: new Date(now - 3_600_000).toISOString(), volumeMl: 60 + Math.floor(rnd() * 60) } as never);
        events++;
      }
      if (m % 1440 === (p * 7) % 1440) {
        engine.process({ id: `lab-${p}-${m}`, patientId: `P-${p}`, time: iso, type: 'lab', code: 'CREAT', value: Math.round((0.8 + rnd() * 0.2) * 100) / 100, unit: 'mg/dL' } as never);
        events++;
      }
    }
    engine.tick(iso);
    if (m % every === 0) report(m);
  }
}

/** 1 Hz vitals and a 1-min RR batch per patient; ticks every second. */
function runMonitored() {
  for (let s = 1; s <= minutes * 60; s++) {
    const now = start + s * 1000;
    for (let p = 0; p < patients; p++) {
      const v = state[p];
      // A slow random walk within normal ranges: a realistic, mostly quiet ward.
      v.hr = Math.min(105, Math.max(60, v.hr + (rnd() - 0.5) * 2));
      v.sbp = Math.min(140, Math.max(100, v.sbp + (rnd() - 0.5) * 2));
      const sbp = Math.round(v.sbp);
      engine.process({ id: `mon-${p}-${s}`, patientId: `P-${p}`, time: new Date(now).toISOString(), type: 'vitals', hr: Math.round(v.hr), spo2: 96 + Math.floor(rnd() * 4), rr: 14 + Math.floor(rnd() * 5), sbp, dbp: Math.round(sbp * 0.55), map: Math.round(sbp * 0.7), method: 'arterial' } as never);
      events++;
      if (s % 60 === p % 60) {
        const beat = 60_000 / v.hr;
        const intervalsMs = Array.from({ length: Math.round(v.hr) }, () => Math.round(beat + (rnd() - 0.5) * 40));
        engine.process({ id: `rr-${p}-${s}`, patientId: `P-${p}`, time: new Date(now).toISOString(), type: 'rr', intervalsMs } as never);
        events++;
      }
    }
    engine.tick(new Date(now).toISOString());
    if (s % 60 === 0) {
      const rss = process.memoryUsage().rss;
      if (rss > peakRss) peakRss = rss;
      if (Date.now() - lastReport > 10_000) {
        process.stderr.write(`  simulated ${s / 60} of ${minutes} min, ${events} events, ${((events / (Date.now() - t0)) * 1000).toFixed(0)} events/s, rss ${(rss / 2 ** 20).toFixed(0)} MiB\n`);
        lastReport = Date.now();
      }
    }
    if (s % (every * 60) === 0) report(s / 60);
  }
}
