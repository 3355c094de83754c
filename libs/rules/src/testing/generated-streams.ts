import type { ClinicalEvent, EngineTransition } from '@vigil/contracts';
import { RulesEngine } from '../lib/rules-engine';
import type { StreamItem } from '../lib/replay/offline-replay';
import { toIso, toMs } from '../lib/time';

/** A small seeded PRNG (mulberry32): generated streams are reproducible from their seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.parse('2026-03-01T08:00:00.000Z');

/**
 * A random ward stream that reaches every kind of engine state: admits and transfers, NIBP and
 * arterial vitals in and out of range, rhythm labels, RR batches (regular and irregular), pressors,
 * doses, urine, labs, weights, neuro, ward and patient thresholds, acknowledgements of alerts that
 * were really raised, late (out-of-order) and duplicate events, discharges and explicit ticks.
 * Acknowledgements name alerts the engine raised while the stream was generated (an engine runs alongside).
 */
export function generateStream(seed: number, length = 400): StreamItem[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const patients = ['P1', 'P2', 'P3'].slice(0, 1 + Math.floor(rnd() * 3));
  const engine = new RulesEngine();
  const items: StreamItem[] = [];
  const open: string[] = [];
  let clock = START;
  let n = 0;
  const admitted = new Set<string>();
  const emitted: ClinicalEvent[] = [];
  const push = (item: StreamItem) => {
    items.push(item);
    const t = toMs(item.time);
    const out: EngineTransition[] = [];
    if (t > clock) {
      clock = t;
      out.push(...engine.tick(item.time));
    }
    if (item.type !== 'tick') {
      out.push(...engine.process(item));
      emitted.push(item);
    }
    for (const tr of out) {
      if (tr.type === 'raised') open.push(tr.alert.id);
      if (tr.type === 'resolved') open.splice(open.indexOf(tr.alert.id), 1);
    }
  };
  for (let i = 0; i < length; i++) {
    const pid = pick(patients);
    const id = `e${seed}-${n++}`;
    // Mostly forward in time by up to 3 min; sometimes a late event up to 40 min back.
    const late = rnd() < 0.08;
    const time = toIso(late ? clock - Math.floor(rnd() * 40 * 60_000) : clock + Math.floor(rnd() * 180_000));
    if (!admitted.has(pid)) {
      admitted.add(pid);
      push({ id, patientId: pid, time, type: 'admit', wardId: pick(['W1', 'W2']), bed: `B${pid}`, weightKg: 70, baseline: rnd() < 0.5 ? { sbp: 120, map: 85 } : undefined });
      continue;
    }
    const r = rnd();
    const base = { id, patientId: pid, time };
    let e: StreamItem;
    if (r < 0.3) {
      const low = rnd() < 0.45;
      e = { ...base, type: 'vitals', method: rnd() < 0.3 ? 'arterial' : 'nibp', sbp: low ? 60 + rnd() * 30 : 95 + rnd() * 40, map: low ? 45 + rnd() * 20 : 66 + rnd() * 30, hr: 60 + rnd() * 90, spo2: 84 + rnd() * 16, rr: 10 + rnd() * 22, temp: 36 + rnd() * 4, ...(rnd() < 0.2 ? { o2FlowLpm: Math.floor(rnd() * 6) } : {}) };
    } else if (r < 0.42) {
      // Arterial run: several samples 5 s apart.
      const start = clock;
      const low = rnd() < 0.6;
      for (let k = 0; k < 12; k++) push({ id: `${id}-a${k}`, patientId: pid, time: toIso(start + k * 5000), type: 'vitals', method: 'arterial', sbp: low ? 70 + rnd() * 15 : 100 + rnd() * 20, map: low ? 50 + rnd() * 10 : 70 + rnd() * 10 });
      continue;
    } else if (r < 0.55) {
      const irregular = rnd() < 0.6;
      const intervalsMs = Array.from({ length: 40 + Math.floor(rnd() * 100) }, () => (irregular ? 350 + rnd() * 700 : 780 + rnd() * 40));
      if (rnd() < 0.05) intervalsMs[3] = 4000; // a gap: a new series
      e = { ...base, time: toIso(Math.max(clock, toMs(time))), type: 'rr', intervalsMs };
    } else if (r < 0.6) e = { ...base, type: 'rhythm', rhythm: pick(['sinus', 'af', 'af', 'aflutter', 'svt']), hr: 70 + rnd() * 80 };
    else if (r < 0.64) e = { ...base, type: 'pressor', drug: pick(['phenylephrine', 'norepinephrine']), rateMcgKgMin: Math.floor(rnd() * 4) * 0.5 };
    else if (r < 0.68) e = { ...base, type: 'dose', drug: 'aldesleukin', doseNumber: 1 + Math.floor(rnd() * 14), status: rnd() < 0.7 ? 'given' : 'held' };
    else if (r < 0.74) e = { ...base, type: 'urine', volumeMl: Math.floor(rnd() * 120), periodStart: toIso(toMs(time) - 3_600_000) };
    else if (r < 0.79) e = { ...base, type: 'lab', ...pick([{ code: 'CREAT', value: 0.8 + rnd() * 3, unit: 'mg/dL' }, { code: 'IL2', value: rnd() * 500, unit: 'pg/mL' }, { code: 'SIL2R', value: rnd() * 20000, unit: 'U/mL' }]) };
    else if (r < 0.82) e = { ...base, type: 'weight', kg: 68 + rnd() * 10 };
    else if (r < 0.85) e = { ...base, type: 'neuro', acvpu: pick(['A', 'A', 'C', 'V']) };
    else if (r < 0.9 && open.length > 0) e = { ...base, time: toIso(clock), type: 'acknowledge', alertId: pick(open), by: 'nurse1', role: 'nurse', note: rnd() < 0.3 ? 'not AF' : 'seen', disposition: pick(['other', 'fluids-given', undefined]) } as StreamItem;
    else if (r < 0.92) e = { ...base, type: 'thresholds', scope: rnd() < 0.5 ? 'ward' : 'patient', wardId: rnd() < 0.5 ? pick(['W1', 'W2']) : undefined, values: { sbpLow: 85 + Math.floor(rnd() * 10), escalateHighMin: 1 + Math.floor(rnd() * 3) }, by: 'dr', reason: 'test' } as StreamItem;
    else if (r < 0.93) e = { ...base, type: 'transfer', wardId: pick(['W1', 'W2']), bed: 'B9' };
    else if (r < 0.94) {
      e = { ...base, type: 'discharge' };
      admitted.delete(pid);
    } else if (r < 0.97 && emitted.length > 0) {
      // A duplicate of an earlier event (same id), as a resend would be.
      e = pick(emitted);
    } else e = { type: 'tick', time: toIso(clock + Math.floor(rnd() * 30 * 60_000)) };
    push(e);
  }
  return items;
}

/** Replays items through `engine` exactly as replayStream does (ticking forward to each new time); returns the transitions. */
export function feed(engine: RulesEngine, items: readonly StreamItem[], clock: { t: number }): EngineTransition[] {
  const out: EngineTransition[] = [];
  for (const item of items) {
    const t = toMs(item.time);
    if (t > clock.t) {
      clock.t = t;
      out.push(...engine.tick(item.time));
    }
    if (item.type !== 'tick') out.push(...engine.process(item));
  }
  return out;
}
