/**
 * `npm run bench:rules`: a realistic mixed stream for 2,000 patients through the engine on one core,
 * and json-rules-engine evaluating the stateless threshold subset (SBP <90, MAP <65, rhythm = af,
 * HR >130) on the same events, in the same run. Prints events/s (median of runs), memory per patient
 * and the ratio. Options (env): BENCH_PATIENTS, BENCH_MINUTES, BENCH_RUNS, BENCH_JRE_EVENTS.
 */
import { Engine } from 'json-rules-engine';
import type { ClinicalEvent } from '@vigil/contracts';
import { RulesEngine } from '../src';

const PATIENTS = Number(process.env['BENCH_PATIENTS'] ?? 2000);
const MINUTES = Number(process.env['BENCH_MINUTES'] ?? 60);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const JRE_EVENTS = Number(process.env['BENCH_JRE_EVENTS'] ?? 50_000);
const T0 = Date.parse('2026-11-26T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** Deterministic generator (LCG) so every run sees the same stream. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * The stream, in time order: per patient 1-minute vitals and a 60-beat RR batch each minute, hourly
 * urine, a daily creatinine (spread over the day). 5% of patients are hypotensive, 5% in AF, 5% oliguric.
 */
function makeStream(): { events: ClinicalEvent[]; counts: Record<string, number> } {
  const r = rng(42);
  const events: ClinicalEvent[] = [];
  for (let p = 0; p < PATIENTS; p++)
    events.push({ id: `a-${p}`, patientId: `P${p}`, time: iso(T0 - 3_600_000), type: 'admit', wardId: `W${p % 20}`, bed: String(p), weightKg: 60 + (p % 40), baseline: { sbp: 120, creatinine: 0.9 } });
  const kind = (p: number) => (p % 20 === 0 ? 'hypo' : p % 20 === 1 ? 'af' : p % 20 === 2 ? 'olig' : 'ok');
  for (let m = 0; m < MINUTES; m++) {
    const t = T0 + m * 60_000;
    for (let p = 0; p < PATIENTS; p++) {
      const k = kind(p);
      const pt = t + (p % 60) * 1000; // patients spread over the minute
      const sbp = k === 'hypo' ? 82 + Math.round(r() * 6) : 110 + Math.round(r() * 20);
      events.push({ id: `v-${p}-${m}`, patientId: `P${p}`, time: iso(pt), type: 'vitals', sbp, dbp: Math.round(sbp * 0.6), map: Math.round(sbp * 0.73), hr: k === 'af' ? 125 + Math.round(r() * 20) : 80 + Math.round(r() * 15), spo2: 96, rr: 16, temp: 37 });
      const beats: number[] = [];
      for (let b = 0; b < 60; b++) beats.push(k === 'af' ? 450 + Math.round(r() * 600) : 780 + Math.round(r() * 40));
      events.push({ id: `r-${p}-${m}`, patientId: `P${p}`, time: iso(pt + 500), type: 'rr', intervalsMs: beats });
      if (m % 60 === 59) events.push({ id: `u-${p}-${m}`, patientId: `P${p}`, time: iso(pt + 700), type: 'urine', volumeMl: k === 'olig' ? 15 : 60, periodStart: iso(pt + 700 - 3_600_000) });
      if ((m * PATIENTS + p) % (24 * 60) === 0) events.push({ id: `l-${p}-${m}`, patientId: `P${p}`, time: iso(pt + 800), type: 'lab', code: 'CREAT', value: 0.9 + r() * 0.5, unit: 'mg/dL' });
    }
  }
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return { events, counts };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};

function runEngine(events: ClinicalEvent[]): { seconds: number; transitions: number; engine: RulesEngine } {
  const engine = new RulesEngine();
  let transitions = 0;
  let nextTick = T0;
  const start = performance.now();
  for (const e of events) {
    // Live mode ticks with the clock; here once per simulated minute.
    const t = Date.parse(e.time);
    if (t >= nextTick) {
      transitions += engine.tick(e.time).length;
      nextTick = t + 60_000;
    }
    transitions += engine.process(e).length;
  }
  return { seconds: (performance.now() - start) / 1000, transitions, engine };
}

async function runJsonRulesEngine(events: ClinicalEvent[]): Promise<{ seconds: number; fired: number }> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  const rule = (name: string, fact: string, operator: string, value: number | string) => ({ name, conditions: { all: [{ fact, operator, value }] }, event: { type: name } });
  engine.addRule(rule('sbp-low', 'sbp', 'lessThan', 90));
  engine.addRule(rule('map-low', 'map', 'lessThan', 65));
  engine.addRule(rule('rhythm-af', 'rhythm', 'equal', 'af'));
  engine.addRule(rule('hr-high', 'hr', 'greaterThan', 130));
  let fired = 0;
  const start = performance.now();
  for (const e of events) {
    const { events: out } = await engine.run(e as unknown as Record<string, unknown>);
    fired += out.length;
  }
  return { seconds: (performance.now() - start) / 1000, fired };
}

async function main() {
  const { events, counts } = makeStream();
  const log = (s: string) => process.stdout.write(s + '\n');
  log(`node ${process.version} ${process.arch}; ${PATIENTS} patients, ${MINUTES} simulated minutes, ${events.length} events ${JSON.stringify(counts)}; gc ${gc ? 'exposed' : 'not exposed (run with --expose-gc for exact memory)'}`);

  const rates: number[] = [];
  const beats = events.reduce((n, e) => n + (e.type === 'rr' ? e.intervalsMs.length : 0), 0);
  for (let i = 0; i < RUNS; i++) {
    const { seconds, transitions } = runEngine(events);
    rates.push(events.length / seconds);
    log(`vigil run ${i + 1}: ${(events.length / seconds / 1e6).toFixed(3)} M events/s, ${(beats / seconds / 1e6).toFixed(2)} M RR beats/s (${seconds.toFixed(2)} s, ${transitions} transitions)`);
  }
  // Memory: heap growth while one engine holds every patient's state (the event array exists before and after).
  const before = heap();
  const kept = runEngine(events).engine;
  const after = heap();
  const memPerPatient = (after - before) / kept.patientCount;
  log(`vigil memory: ${((after - before) / 2 ** 20).toFixed(1)} MiB for ${kept.patientCount} patients (includes each patient's 24 h late-event history: ${MINUTES} min here)`);
  // Same events for the baseline, every k-th one (same mix of types) because json-rules-engine is much
  // slower; it is stateless, so sampling does not change its cost per event.
  const stride = Math.max(1, Math.ceil(events.length / JRE_EVENTS));
  const subset = events.filter((_, i) => i % stride === 0);
  const jreRates: number[] = [];
  for (let i = 0; i < Math.max(1, Math.min(3, RUNS)); i++) {
    const { seconds, fired } = await runJsonRulesEngine(subset);
    jreRates.push(subset.length / seconds);
    log(`json-rules-engine run ${i + 1}: ${(subset.length / seconds / 1e3).toFixed(1)} k events/s (${seconds.toFixed(2)} s on every ${stride}th event, ${subset.length} events, ${fired} rule hits)`);
  }
  const v = median(rates);
  const j = median(jreRates);
  log('');
  log(`RESULT vigil median ${(v / 1e6).toFixed(3)} M events/s; memory ${(memPerPatient / 1024).toFixed(1)} KiB/patient`);
  log(`RESULT json-rules-engine median ${(j / 1e3).toFixed(1)} k events/s`);
  log(`RESULT kept engine holds ${kept.activeAlerts().length} open alerts`);
  log(`RESULT ratio vigil / json-rules-engine ${(v / j).toFixed(1)}x`);
}

void main();
