import type { ClinicalEvent } from '@vigil/contracts';
import { Prng } from './prng';

export const SCENARIOS = ['mixed', 'quiet', 'leak', 'af', 'storm'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** What kind of clinical episode a ground-truth line describes (scored against the rules in score/). */
export const TRUTH_KINDS = ['hypotension', 'af', 'oliguria', 'fever', 'capillary_leak', 'weight_gain', 'aki', 'il2_rising', 'sil2r_rising'] as const;
export type TruthKind = (typeof TRUTH_KINDS)[number];

/** One ground-truth episode: when the underlying (noise-free) physiology met the clinical definition. */
export interface TruthEpisode {
  patientId: string;
  kind: TruthKind;
  start: string;
  end: string;
  /** When the episode was at its worst (lowest BP, lowest urine rate, highest temperature…). */
  peak: string;
  detail: string;
}

export interface SimulateOptions {
  patients: number;
  hours: number;
  seed: string;
  scenario?: ScenarioName;
  /** Simulation start (ISO); admits come one minute before it. Default 2026-01-05T06:00:00Z. */
  start?: string;
  wardId?: string;
}

export interface SimulatedWard {
  events: ClinicalEvent[];
  truth: TruthEpisode[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;
export const DEFAULT_SIM_START = '2026-01-05T06:00:00.000Z';

interface Chance {
  leak: number;
  af: number;
  fever: number;
  il2: number;
  sil2r: number;
}

const CHANCES: Record<ScenarioName, Chance> = {
  mixed: { leak: 0.5, af: 0.3, fever: 0.6, il2: 0.4, sil2r: 0.3 },
  quiet: { leak: 0, af: 0, fever: 0, il2: 0, sil2r: 0 },
  leak: { leak: 1, af: 0, fever: 0.6, il2: 0.5, sil2r: 0.3 },
  af: { leak: 0, af: 1, fever: 0.6, il2: 0, sil2r: 0 },
  storm: { leak: 1, af: 1, fever: 1, il2: 1, sil2r: 1 },
};

/** An event without the fields every event of the patient shares (id, patientId, time, source). */
type EventBody = { type: ClinicalEvent['type'] } & Record<string, unknown>;

interface Window {
  from: number; // minutes since start
  to: number;
}

/** Fraction of a leak's full effect at minute m: ramps in over 40 %, plateaus, ramps out over the last 25 %. */
function leakFraction(w: Window | null, m: number): number {
  if (!w || m < w.from || m > w.to) return 0;
  const d = w.to - w.from;
  const x = (m - w.from) / d;
  if (x < 0.4) return x / 0.4;
  if (x > 0.75) return (1 - x) / 0.25;
  return 1;
}

interface Fever extends Window {
  peakAt: number;
  amp: number;
}

function feverBump(fevers: Fever[], m: number): number {
  for (const f of fevers) {
    if (m < f.from || m > f.to) continue;
    return m <= f.peakAt ? (f.amp * (m - f.from)) / (f.peakAt - f.from) : (f.amp * (f.to - m)) / (f.to - f.peakAt);
  }
  return 0;
}

const r0 = (x: number) => Math.round(x);
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Intervals (in minutes) where pred holds, scanning minute by minute. */
function spans(totalMin: number, pred: (m: number) => boolean): Window[] {
  const out: Window[] = [];
  let open: number | null = null;
  for (let m = 0; m <= totalMin; m++) {
    const p = pred(m);
    if (p && open === null) open = m;
    if (!p && open !== null) {
      out.push({ from: open, to: m - 1 });
      open = null;
    }
  }
  if (open !== null) out.push({ from: open, to: totalMin });
  return out;
}

function argExtreme(w: Window, f: (m: number) => number, dir: 1 | -1): number {
  let best = w.from;
  for (let m = w.from; m <= w.to; m++) if (dir * f(m) > dir * f(best)) best = m;
  return best;
}

/**
 * A reproducible synthetic HD IL-2 ward: every patient is admitted, dosed every 8 h (first dose 2 h
 * after the start), and followed with 5-minute vitals, monitor rhythm labels, one `rr` event of beat
 * intervals per minute, hourly urine output, shift weights, twice-daily creatinine, IL-2 troughs 30 min
 * before each dose from the second, and 12-hourly sIL-2R. Episodes (fever after doses, capillary leak
 * with falling BP, falling urine and weight gain, AF) are drawn from the seed, and the ground truth
 * is measured on the noise-free physiology. Same options, same bytes.
 */
export function simulateWard(opts: SimulateOptions, onPatient?: (done: number) => void): SimulatedWard {
  const scenario = opts.scenario ?? 'mixed';
  const chance = CHANCES[scenario];
  const startMs = Date.parse(opts.start ?? DEFAULT_SIM_START);
  if (Number.isNaN(startMs)) throw new Error(`--start is not an ISO time: ${opts.start}`);
  const wardId = opts.wardId ?? 'W-SIM';
  const totalMin = Math.round(opts.hours * 60);
  const iso = (m: number) => new Date(startMs + m * MIN).toISOString();
  const tagged: Array<{ at: number; p: number; n: number; e: ClinicalEvent }> = [];
  const truth: TruthEpisode[] = [];

  for (let p = 0; p < opts.patients; p++) {
    const rng = new Prng(`${opts.seed}:patient:${p}`);
    const bed = String(p + 1);
    const patientId = `SIM${opts.seed}-P${bed.padStart(2, '0')}`;
    let n = 0;
    let seq = 0;
    const push = (m: number, e: EventBody, atMs?: number) => {
      const time = atMs !== undefined ? new Date(atMs).toISOString() : iso(m);
      tagged.push({ at: Date.parse(time), p, n: n++, e: { id: `${patientId}-${e.type}-${++seq}`, patientId, time, source: `sim:bed-${bed}`, ...e } as unknown as ClinicalEvent });
    };

    // Patient constants.
    const weightKg = r1(rng.uniform(58, 98));
    const baseSbp = r0(rng.normal(120, 8));
    const baseDbp = r0(clamp(rng.normal(72, 5), 60, 85));
    const baseHr = r0(clamp(rng.normal(84, 7), 65, 98));
    const baseUo = rng.uniform(55, 95); // mL/h
    const baseCreat = r2(rng.uniform(0.7, 1.1));
    const il2Base = rng.uniform(8, 20);
    const sil2rBase = rng.uniform(1200, 2200);

    // Episodes.
    const doses: number[] = [];
    for (let m = 120; m <= totalMin; m += 8 * 60) doses.push(m);
    const fevers: Fever[] = [];
    for (const d of doses) {
      if (!rng.chance(chance.fever)) continue;
      const from = d + r0(rng.uniform(90, 150));
      const peakAt = d + r0(rng.uniform(180, 240));
      fevers.push({ from, peakAt, to: d + r0(rng.uniform(300, 360)), amp: rng.uniform(1.4, 2.5) });
    }
    const leakOn = rng.chance(chance.leak) && totalMin >= 6 * 60;
    const leakStart = r0(rng.uniform(3 * 60, Math.max(3 * 60, totalMin - 5 * 60)));
    const leak: Window | null = leakOn ? { from: leakStart, to: Math.min(totalMin, leakStart + r0(rng.uniform(4 * 60, 8 * 60))) } : null;
    const leakDepth = rng.uniform(28, 45); // SBP drop at full effect
    const afOn = rng.chance(chance.af) && totalMin >= 2 * 60;
    const afStart = r0(rng.uniform(60, Math.max(60, totalMin - 90)));
    const af: Window | null = afOn ? { from: afStart, to: Math.min(totalMin, afStart + r0(rng.uniform(40, 240))) } : null;
    const afHr = rng.uniform(112, 142);
    // Monitors and charting often label AF late: the RR detector has that head start to show.
    const labelDelay = rng.chance(0.5) ? r0(rng.uniform(3, 30)) : 0;
    const labelledAf = (m: number) => !!af && m >= af.from + labelDelay && m < af.to;
    const il2Rising = rng.chance(chance.il2) && doses.length >= 3;
    const il2FromDose = 2 + rng.int(0, Math.max(0, doses.length - 3)); // index of the first doubled trough's dose
    const sil2rRising = rng.chance(chance.sil2r);
    const sil2rFrom = r0(rng.uniform(12 * 60, 24 * 60));
    const akiAmp = leak ? rng.uniform(0.25, 0.9) : 0;

    // Noise-free physiology, minute by minute.
    const hourOfDay = (m: number) => ((startMs + m * MIN) / HOUR) % 24;
    const circ = (m: number) => Math.sin((2 * Math.PI * (hourOfDay(m) - 10)) / 24); // peak mid-afternoon, trough at night
    const inAf = (m: number) => !!af && m >= af.from && m < af.to;
    const temp = (m: number) => 36.8 + 0.3 * circ(m) + feverBump(fevers, m);
    const sbp = (m: number) => baseSbp + 6 * circ(m) - leakDepth * leakFraction(leak, m) - 2.5 * feverBump(fevers, m) - (inAf(m) ? 8 : 0);
    const dbp = (m: number) => baseDbp + 3 * circ(m) - 0.55 * leakDepth * leakFraction(leak, m) - (inAf(m) ? 5 : 0);
    const map = (m: number) => dbp(m) + (sbp(m) - dbp(m)) / 3;
    const hr = (m: number) => (inAf(m) ? afHr : baseHr + 5 * circ(m) + 10 * Math.max(0, temp(m) - 37) + 18 * leakFraction(leak, m));
    const uoRate = (m: number) => baseUo * (1 - 0.88 * leakFraction(leak, m)) * (1 + 0.1 * circ(m));
    const creat = (m: number) => baseCreat + (leak ? akiAmp * clamp((m - leak.from) / (leak.to - leak.from + 360), 0, 1) : 0);
    // Fluid retention: steady from the first dose (0.5–1.5 kg/day, the usual course), plus up to
    // 0.4 kg/h of third-spacing at the height of a capillary leak.
    const retainKgPerMin = rng.uniform(0.5, 1.5) / 1440;
    let gained = 0;
    let leakGained = 0;
    const weightAt: number[] = [];
    for (let m = 0; m <= totalMin; m++) {
      const leakKg = (0.4 / 60) * leakFraction(leak, m);
      leakGained += leakKg;
      gained += leakKg + (doses.length && m >= doses[0] ? retainKgPerMin : 0);
      weightAt.push(weightKg + gained);
    }

    // Admit first (one minute before the start, so it precedes every other patient's data).
    push(-1, { type: 'admit', wardId, bed, weightKg, displayName: `Sim patient ${bed}`, mrn: `SIM-${opts.seed}-${bed}`, baseline: { sbp: baseSbp, map: r0(baseDbp + (baseSbp - baseDbp) / 3), weightKg, creatinine: baseCreat } });

    // Beats: carried across minutes so each rr event holds the intervals that ended within its minute.
    let beatMs = 0;
    let lastLabel: 'sinus' | 'af' | null = null;
    let uoSince = 0;
    let il2Prev = il2Base;
    for (let m = 0; m <= totalMin; m++) {
      if (doses.includes(m)) push(m, { type: 'dose', drug: 'aldesleukin', doseNumber: doses.indexOf(m) + 1, status: 'given' });
      const label = labelledAf(m) ? 'af' : 'sinus';
      if (m % 5 === 0 || label !== lastLabel) {
        push(m, { type: 'rhythm', rhythm: label, hr: r0(hr(m) + rng.normal(0, 3)) });
        lastLabel = label;
      }
      if (m % 5 === 0) {
        const s = sbp(m) + rng.normal(0, 4);
        const d = dbp(m) + rng.normal(0, 3);
        push(m, {
          type: 'vitals',
          method: 'nibp',
          sbp: r0(s),
          dbp: r0(d),
          map: r0(d + (s - d) / 3),
          hr: r0(hr(m) + rng.normal(0, 3)),
          spo2: r0(clamp(97 - 3 * leakFraction(leak, m) + rng.normal(0, 0.8), 80, 100)),
          rr: r0(16 + 5 * leakFraction(leak, m) + rng.normal(0, 1.2)),
          temp: r1(temp(m) + rng.normal(0, 0.1)),
        });
      }
      if (m > 0) {
        // Beats of minute (m-1, m].
        const end = m * MIN;
        const intervals: number[] = [];
        while (true) {
          const mean = 60_000 / hr(m);
          const iv = inAf(m) ? mean * rng.uniform(0.55, 1.45) : mean * (1 + 0.03 * Math.sin(beatMs / 4000) + rng.normal(0, 0.012));
          if (beatMs + iv > end) break;
          beatMs += iv;
          intervals.push(r0(iv));
        }
        if (intervals.length > 0) push(m, { type: 'rr', intervalsMs: intervals });
      }
      if (m > 0 && m % 60 === 0) {
        let vol = 0;
        for (let k = uoSince; k < m; k++) vol += uoRate(k) / 60;
        push(m, { type: 'urine', volumeMl: r0(Math.max(0, vol * (1 + rng.normal(0, 0.08)))), periodStart: iso(uoSince) });
        uoSince = m;
      }
      const h = hourOfDay(m);
      const minuteOfDay = Math.round(h * 60) % 1440;
      if (m === 0 || minuteOfDay === 6 * 60 || minuteOfDay === 14 * 60 || minuteOfDay === 22 * 60) {
        push(m, { type: 'weight', kg: r1(weightAt[m] + rng.normal(0, 0.15)) });
      }
      if (minuteOfDay === 5 * 60 || minuteOfDay === 17 * 60) {
        push(m, { type: 'lab', code: 'CREAT', value: r2(creat(m) * (1 + rng.normal(0, 0.03))), unit: 'mg/dL', loinc: '2160-0', specimenTime: iso(m - 30) });
      }
      if (minuteOfDay === 6 * 60 || minuteOfDay === 18 * 60) {
        const factor = sil2rRising && m >= sil2rFrom ? Math.pow(2.4, 1 + (m - sil2rFrom) / (12 * 60)) : 1 + 0.2 * (m / (24 * 60));
        push(m, { type: 'lab', code: 'SIL2R', value: r0(sil2rBase * factor * (1 + rng.normal(0, 0.05))), unit: 'U/mL', loinc: '76039-7', specimenTime: iso(m - 30) });
      }
      const di = doses.indexOf(m + 30);
      if (di >= 1) {
        const doubled = il2Rising && di >= il2FromDose;
        const value = doubled ? il2Prev * rng.uniform(2.2, 3) : il2Prev * rng.uniform(0.8, 1.05);
        il2Prev = value;
        push(m, { type: 'lab', code: 'IL2', value: r1(value), unit: 'pg/mL', loinc: '33939-0', specimenTime: iso(m) }, startMs + m * MIN + 20 * MIN);
        if (doubled && di === il2FromDose) truth.push({ patientId, kind: 'il2_rising', start: iso(m), end: iso(totalMin), peak: iso(m), detail: `trough ${r1(value)} pg/mL, more than twice the previous (invented: no public IL-2 data)` });
      }
    }

    // Ground truth, measured on the noise-free signals.
    const ep = (kind: TruthKind, w: Window, peak: number, detail: string) => truth.push({ patientId, kind, start: iso(w.from), end: iso(w.to), peak: iso(peak), detail });
    for (const w of spans(totalMin, (m) => sbp(m) < 90 || map(m) < 65)) ep('hypotension', w, argExtreme(w, sbp, -1), `SBP down to ${r0(sbp(argExtreme(w, sbp, -1)))} mmHg, MAP ${r0(map(argExtreme(w, sbp, -1)))}`);
    for (const w of spans(totalMin, (m) => m >= 60 && uoRate(m) < 20)) ep('oliguria', w, argExtreme(w, uoRate, -1), `urine ${r0(uoRate(argExtreme(w, uoRate, -1)))} mL/h at worst`);
    for (const w of spans(totalMin, (m) => temp(m) >= 38)) ep('fever', w, argExtreme(w, temp, 1), `temperature up to ${r1(temp(argExtreme(w, temp, 1)))} °C`);
    if (af) ep('af', af, af.from, `AF at ${r0(afHr)} /min for ${af.to - af.from} min`);
    if (leak) ep('capillary_leak', leak, leak.from + r0((leak.to - leak.from) / 2), `SBP −${r0(leakDepth)} mmHg at full effect, +${r1(leakGained)} kg`);
    for (const w of spans(totalMin, (m) => weightAt[m] >= weightKg * 1.1)) ep('weight_gain', w, w.to, `weight ${weightKg} → ${r1(weightAt[w.to])} kg (≥ 10%)`);
    for (const w of spans(totalMin, (m) => creat(m) >= baseCreat + 0.3)) ep('aki', w, w.to, `creatinine ${baseCreat} → ${r2(creat(w.to))} mg/dL`);
    if (sil2rRising && sil2rFrom <= totalMin) ep('sil2r_rising', { from: sil2rFrom, to: totalMin }, totalMin, 'sIL-2R more than doubling per 12 h (invented values)');
    onPatient?.(p + 1);
  }

  tagged.sort((a, b) => a.at - b.at || a.p - b.p || a.n - b.n);
  truth.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : a.kind < b.kind ? -1 : 1));
  return { events: tagged.map((t) => t.e), truth };
}
