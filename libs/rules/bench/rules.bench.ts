/**
 * `npm run bench:rules`: a realistic mixed stream for 2,000 patients through the engine on one core,
 * and json-rules-engine evaluating the stateless threshold subset (SBP <90, MAP <65, rhythm = af,
 * HR >130) on the same events, in the same run. Prints events/s (median of runs), memory per patient
 * and the ratio. Options (env): BENCH_PATIENTS, BENCH_MINUTES, BENCH_RUNS, BENCH_JRE_EVENTS.
 */
import { Engine } from 'json-rules-engine';
import type { ClinicalEvent } from '@vigil/contracts';
import { RulesEngine, toMs } from '../src';

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
 * The stream, in time order: per patient 1-minute vitals and 60-beat RR batches, hourly urine, a
 * daily creatinine (spread over the day). Each patient's beats are one contiguous series, sent as a
 * monitor sends them: a batch when 60 beats have accumulated, timed at its last beat (sinus at
 * ~60/min gives about one batch a minute; AF is irregular). So the Dash detector sees unbroken
 * series and computes its 128-beat windows, as on a ward. 5% of patients are hypotensive, 5% in AF,
 * 5% oliguric.
 */
function makeStream(patients: number, minutes: number): { events: ClinicalEvent[]; counts: Record<string, number> } {
  const r = rng(42);
  const events: ClinicalEvent[] = [];
  for (let p = 0; p < patients; p++)
    events.push({ id: `a-${p}`, patientId: `P${p}`, time: iso(T0 - 3_600_000), type: 'admit', wardId: `W${p % 20}`, bed: String(p), weightKg: 60 + (p % 40), baseline: { sbp: 120, creatinine: 0.9 } });
  const kind = (p: number) => (p % 20 === 0 ? 'hypo' : p % 20 === 1 ? 'af' : p % 20 === 2 ? 'olig' : 'ok');
  const beatClock = Array.from({ length: patients }, (_, p) => T0 + (p % 60) * 1000); // each patient's last beat time
  const end = T0 + minutes * 60_000;
  const timed: { t: number; e: ClinicalEvent }[] = [];
  for (let m = 0; m < minutes; m++) {
    const t = T0 + m * 60_000;
    for (let p = 0; p < patients; p++) {
      const k = kind(p);
      const pt = t + (p % 60) * 1000; // patients spread over the minute
      const sbp = k === 'hypo' ? 82 + Math.round(r() * 6) : 110 + Math.round(r() * 20);
      timed.push({ t: pt, e: { id: `v-${p}-${m}`, patientId: `P${p}`, time: iso(pt), type: 'vitals', sbp, dbp: Math.round(sbp * 0.6), map: Math.round(sbp * 0.73), hr: k === 'af' ? 125 + Math.round(r() * 20) : 80 + Math.round(r() * 15), spo2: 96, rr: 16, temp: 37 } });
      // The RR batches whose last beat falls in this patient's minute.
      while (beatClock[p] < pt + 60_000 && beatClock[p] < end) {
        const beats: number[] = [];
        for (let b = 0; b < 60; b++) beats.push(k === 'af' ? 300 + Math.round(r() * 400) : 700 + Math.round(r() * 30));
        beatClock[p] += beats.reduce((a, b) => a + b, 0);
        timed.push({ t: beatClock[p], e: { id: `r-${p}-${beatClock[p]}`, patientId: `P${p}`, time: iso(beatClock[p]), type: 'rr', intervalsMs: beats } });
      }
      if (m % 60 === 59) timed.push({ t: pt + 700, e: { id: `u-${p}-${m}`, patientId: `P${p}`, time: iso(pt + 700), type: 'urine', volumeMl: k === 'olig' ? 15 : 60, periodStart: iso(pt + 700 - 3_600_000) } });
      if ((m * patients + p) % (24 * 60) === 0) timed.push({ t: pt + 800, e: { id: `l-${p}-${m}`, patientId: `P${p}`, time: iso(pt + 800), type: 'lab', code: 'CREAT', value: 0.9 + r() * 0.5, unit: 'mg/dL' } });
    }
  }
  timed.sort((a, b) => a.t - b.t); // stable: same-time events keep their generation order
  for (const x of timed) events.push(x.e);
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return { events, counts };
}

/** Wall and CPU (user+system of this process) seconds of fn: the host may be shared, CPU time is steadier. */
function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c = process.cpuUsage();
  const w = performance.now();
  const value = fn();
  const u = process.cpuUsage(c);
  return { value, wall: (performance.now() - w) / 1000, cpu: (u.user + u.system) / 1e6 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const gc = (globalThis as { gc?: () => void }).gc;
/** JS heap plus ArrayBuffer memory (the AF detector's typed arrays live outside the JS heap; a second collection lets their sweeping finish). */
const heap = () => {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

function runEngine(events: ClinicalEvent[]): { seconds: number; cpu: number; transitions: number; engine: RulesEngine } {
  const engine = new RulesEngine();
  const { value: transitions, wall, cpu } = timed(() => {
    let n = 0;
    let nextTick = T0;
    for (const e of events) {
      // Live mode ticks with the clock; here once per simulated minute.
      const t = toMs(e.time);
      if (t >= nextTick) {
        n += engine.tick(e.time).length;
        nextTick = t + 60_000;
      }
      n += engine.process(e).length;
    }
    return n;
  });
  return { seconds: wall, cpu, transitions, engine };
}

/**
 * The floor under any engine on this stream: per event, find the patient's record in a Map, parse its
 * time and read every RR beat, and no rules at all. An engine cannot run faster than this.
 */
function runFloor(events: ClinicalEvent[]): number {
  const { cpu } = timed(() => {
    const seen = new Map<string, { n: number; sum: number; last: number }>();
    let x = 0;
    for (const e of events) {
      let s = seen.get(e.patientId);
      if (!s) seen.set(e.patientId, (s = { n: 0, sum: 0, last: 0 }));
      s.last = toMs(e.time);
      if (e.type === 'rr') {
        const a = e.intervalsMs;
        let sum = s.sum;
        for (let i = 0; i < a.length; i++) sum += a[i];
        s.sum = sum;
      }
      x += ++s.n;
    }
    return x;
  });
  return events.length / cpu;
}

async function runJsonRulesEngine(events: ClinicalEvent[]): Promise<{ seconds: number; cpu: number; fired: number }> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  const rule = (name: string, fact: string, operator: string, value: number | string) => ({ name, conditions: { all: [{ fact, operator, value }] }, event: { type: name } });
  engine.addRule(rule('sbp-low', 'sbp', 'lessThan', 90));
  engine.addRule(rule('map-low', 'map', 'lessThan', 65));
  engine.addRule(rule('rhythm-af', 'rhythm', 'equal', 'af'));
  engine.addRule(rule('hr-high', 'hr', 'greaterThan', 130));
  let fired = 0;
  const c = process.cpuUsage();
  const start = performance.now();
  for (const e of events) {
    const { events: out } = await engine.run(e as unknown as Record<string, unknown>);
    fired += out.length;
  }
  const u = process.cpuUsage(c);
  return { seconds: (performance.now() - start) / 1000, cpu: (u.user + u.system) / 1e6, fired };
}

async function main() {
  const { events, counts } = makeStream(PATIENTS, MINUTES);
  const log = (s: string) => process.stdout.write(s + '\n');
  log(`node ${process.version} ${process.arch}; ${PATIENTS} patients, ${MINUTES} simulated minutes, ${events.length} events ${JSON.stringify(counts)}; gc ${gc ? 'exposed' : 'not exposed (run with node --expose-gc for exact memory)'}`);

  const beats = events.reduce((n, e) => n + (e.type === 'rr' ? e.intervalsMs.length : 0), 0);
  const mixed = { wall: [] as number[], cpu: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    const { seconds, cpu, transitions } = runEngine(events);
    mixed.wall.push(events.length / seconds);
    mixed.cpu.push(events.length / cpu);
    log(`vigil mixed run ${i + 1}: ${(events.length / seconds / 1e3).toFixed(0)} k events/s wall, ${(events.length / cpu / 1e3).toFixed(0)} k events/s CPU, ${(beats / cpu / 1e6).toFixed(2)} M RR beats/s CPU (${transitions} transitions)`);
  }
  const floor: number[] = [];
  for (let i = 0; i < RUNS; i++) floor.push(runFloor(events));
  log(`floor (no rules: patient lookup, time parse, every RR beat read): median ${(median(floor) / 1e6).toFixed(2)} M events/s CPU`);
  // Vitals only: the events on which the stateless threshold subset is the same work for both engines.
  const vitalsOnly = events.filter((e) => e.type === 'admit' || e.type === 'vitals');
  const vit = { wall: [] as number[], cpu: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    const { seconds, cpu } = runEngine(vitalsOnly);
    vit.wall.push(vitalsOnly.length / seconds);
    vit.cpu.push(vitalsOnly.length / cpu);
  }
  log(`vigil vitals-only: median ${(median(vit.cpu) / 1e3).toFixed(0)} k events/s CPU, ${(median(vit.wall) / 1e3).toFixed(0)} k wall`);

  // The same number of vitals events over 20 patients, whose state stays in the CPU caches: the gap to
  // the 2,000-patient figure is the cost of reaching each patient's state in memory.
  const small = makeStream(20, Math.round((MINUTES * PATIENTS) / 20)).events.filter((e) => e.type === 'admit' || e.type === 'vitals');
  const hot: number[] = [];
  for (let i = 0; i < RUNS; i++) hot.push(small.length / runEngine(small).cpu);
  log(`vigil vitals-only, 20 patients (state cache-resident): median ${(median(hot) / 1e3).toFixed(0)} k events/s CPU`);

  // Memory: growth of the heap and typed arrays while one engine holds every patient's state (the event array exists before and after).
  const before = heap();
  const kept = runEngine(events).engine;
  const after = heap();
  const memPerPatient = (after - before) / kept.patientCount;
  const byRule: Record<string, number> = {};
  for (const a of kept.activeAlerts()) byRule[a.rule] = (byRule[a.rule] ?? 0) + 1;
  log(`vigil memory: ${((after - before) / 2 ** 20).toFixed(1)} MiB for ${kept.patientCount} patients; open alerts at the end ${JSON.stringify(byRule)}`);

  // json-rules-engine on the same events: every k-th one (same mix of types); it is stateless, so
  // sampling does not change its cost per event.
  const stride = Math.max(1, Math.ceil(events.length / JRE_EVENTS));
  const subset = events.filter((_, i) => i % stride === 0);
  const vitalsSubset = vitalsOnly.filter((_, i) => i % stride === 0);
  const jre = { wall: [] as number[], cpu: [] as number[], vcpu: [] as number[] };
  for (let i = 0; i < Math.max(1, Math.min(3, RUNS)); i++) {
    const r = await runJsonRulesEngine(subset);
    jre.wall.push(subset.length / r.seconds);
    jre.cpu.push(subset.length / r.cpu);
    const v = await runJsonRulesEngine(vitalsSubset);
    jre.vcpu.push(vitalsSubset.length / v.cpu);
    log(`json-rules-engine run ${i + 1}: ${(subset.length / r.cpu / 1e3).toFixed(1)} k events/s CPU mixed (${r.fired} hits on every ${stride}th event), ${(vitalsSubset.length / v.cpu / 1e3).toFixed(1)} k vitals/s CPU`);
  }
  const k = (x: number) => `${(x / 1e3).toFixed(0)} k`;
  log('');
  const mem = gc ? `${(memPerPatient / 1024).toFixed(1)} KiB/patient` : 'n/a without gc (node --expose-gc -r @swc-node/register libs/rules/bench/rules.bench.ts)';
  log(`RESULT vigil mixed: median ${k(median(mixed.cpu))} events/s CPU (${k(median(mixed.wall))} wall), ${(median(mixed.cpu) * (beats / events.length) / 1e6).toFixed(2)} M RR beats/s; memory ${mem}`);
  log(`RESULT floor without rules (patient lookup, time parse, every beat read): median ${(median(floor) / 1e6).toFixed(2)} M events/s CPU; vigil runs at ${((100 * median(mixed.cpu)) / median(floor)).toFixed(1)}% of it`);
  log(`RESULT vigil vitals-only: median ${k(median(vit.cpu))} events/s CPU (${k(median(hot))} with 20 patients' state in cache)`);
  log(`RESULT json-rules-engine: median ${k(median(jre.cpu))} events/s CPU mixed, ${k(median(jre.vcpu))} vitals/s CPU`);
  log(`RESULT ratio vigil / json-rules-engine: ${(median(mixed.cpu) / median(jre.cpu)).toFixed(1)}x mixed, ${(median(vit.cpu) / median(jre.vcpu)).toFixed(1)}x vitals-only`);
}

void main();
