import { readCsvObjects } from '@vigil/interop';
import { episodes, resolveTimes, type Reading, type ReadingKind, type TruthEpisode } from './chart-runs';
import { chartMs, chartSeries, fahrenheitToC, labelSeries, same, type ChartSeries } from './chart-series';
import { CREATININE_ITEM, URINE_ITEMS } from './mimic-import';

export type { TruthEpisode } from './chart-runs';

/**
 * Reference episodes computed from the MIMIC-III demo's charted values alone, independently of the
 * rules engine (no engine code, no canonical events): what a clinician reading the chart would call
 * sustained hypotension and KDIGO oliguria, and the charted definition of each rule whose documented
 * severity is MEDIUM or HIGH (CLINICAL_RULES §6 with §10), at any band where the chart defines it, with
 * the charted resolves and DATA_GAP's input times. Used by `validate-mimic` as the truth to score
 * against, and for the alarm-burden floors (burden-floor.ts, all-band-floor.ts).
 */
const MIN = 60_000;
const HOUR = 60 * MIN;
/** §10's staleness limit: two readings further apart are not consecutive. */
const STALE = 4 * HOUR;

const items = (ids: string[], f: (v: number) => number = same) => Object.fromEntries(ids.map((id) => [id, f]));
const MAP = { items: items(['52', '220052', '225312', '6702', '456', '220181', '443']), bounds: [20, 300], worst: 'min' } as const;
const SBP = { items: items(['51', '220050', '6701', '455', '220179', '442']), bounds: [30, 300], worst: 'min' } as const;
const TEMP = { items: { ...items(['676', '223762']), ...items(['678', '223761'], fahrenheitToC) }, bounds: [30, 45], worst: 'max' } as const;
const SPO2 = { items: items(['646', '220277']), bounds: [50, 100], worst: 'min' } as const;
const HR = { items: items(['211', '220045']), bounds: [1, 300], worst: 'max' } as const;
const RHYTHM_ITEMS = new Set(['212', '220048']);
/** §6.2's labels: AF, atrial flutter, SVT (MIMIC's CareVue and MetaVision texts). */
const AF_TEXTS = new Set(['Atrial Fib', 'AF (Atrial Fibrillation)', 'Atrial Flutter', 'A Flut (Atrial Flutter)', 'Supravent Tachy', 'SVT (Supra Ventricular Tachycardia)']);
/** Sinus rhythm, §6.2's resolve (any rate; a block, paced or junctional rhythm is not sinus). */
const SINUS_TEXTS = new Set(['SR (Sinus Rhythm)', 'Normal Sinus', 'ST (Sinus Tachycardia)', 'Sinus Tachy', 'SB (Sinus Bradycardia)', 'Sinus Brady', 'Sinus Arrhythmia']);

/** The rules with a charted definition at every band and a documented MEDIUM/HIGH severity (CLINICAL_RULES §6, §10). */
export const CHARTED_RULES = ['af_rhythm', 'fever', 'hypotension', 'hypoxia', 'tachycardia'] as const;
/** With creatinine, charted only in its absolute MEDIUM+ bands (the relative ones need a pre-dose baseline). */
export const FLOOR_RULES = [...CHARTED_RULES, 'creatinine'] as const;
export type ChartedRule = (typeof FLOOR_RULES)[number];

export interface RuleTruth {
  /** Episodes that, under the documented severity, must have a MEDIUM or HIGH alert of the rule open. */
  mediumPlus: TruthEpisode[];
  /** Episodes of the rule's charted condition at any band: what explains an alert of the rule (null: not chartable). */
  anyBand: TruthEpisode[] | null;
  /** stay → the times at which the rule's documented resolve condition was met on the chart. */
  resolves: Map<string, number[]>;
  /** After a resolve, how long no episode may start for a new one to count as a new onset (§6.2). */
  quietMs: number;
}

export interface MimicTruth {
  hypotension: TruthEpisode[];
  /** The same episodes with no limit on the gap between the two readings. */
  hypotensionAnyGap: TruthEpisode[];
  oliguria: TruthEpisode[];
  /** stay → urine chart times at which every chartable OLIGURIA criterion had resolved (§6.4, read strictly). */
  oliguriaResolves: Map<string, number[]>;
  rules: Record<ChartedRule, RuleTruth>;
  /** stay → when urine and vitals were charted, and when the stay ended: DATA_GAP's inputs (data-gap-floor.ts). */
  arrivals: Map<string, StayArrivals>;
}

export interface StayArrivals {
  urine: number[];
  vitals: number[];
  /** ICU out-time (or the last chart, if later). */
  end: number;
}

type Classify = (v: number) => ReadingKind;
const readings = (series: ChartSeries, kind: Classify) =>
  new Map([...series].map(([stay, m]) => [stay, [...m].map(([t, v]): Reading => ({ t, kind: kind(v) }))]));
const allEpisodes = (byStay: Map<string, Reading[]>, staleMs = STALE) => [...byStay].flatMap(([stay, rs]) => episodes(stay, rs, staleMs));

function ruleTruth(anyBand: Map<string, Reading[]>, mediumPlus: Map<string, Reading[]>, resolveMs: number, quietMs = 0): RuleTruth {
  return {
    mediumPlus: allEpisodes(mediumPlus),
    anyBand: allEpisodes(anyBand),
    resolves: new Map([...anyBand].map(([stay, rs]) => [stay, resolveTimes(rs, resolveMs, STALE)])),
    quietMs,
  };
}

/**
 * HYPOTENSION as charted (§6.1, §10): a chart time (MAP and SBP, any route, the lowest of each) is
 * low when MAP < 65 or SBP < 90 (C1/C2, MEDIUM or HIGH; SBP < 70 confirms alone), normal only when
 * both were charted and MAP ≥ 65 and SBP ≥ 90. Resolve: normal on 2 consecutive chart times
 * spanning ≥ 15 min (§6.1's NIBP and arterial resolves, whichever is stricter). MEDIUM+ episodes are
 * the issue's sustained hypotension (MAP < 65 on 2 consecutive MAP readings), which it asks ≥ 95% of.
 */
function hypotensionReadings(map: ChartSeries, sbp: ChartSeries): Map<string, Reading[]> {
  const out = new Map<string, Reading[]>();
  for (const stay of new Set([...map.keys(), ...sbp.keys()])) {
    const m = map.get(stay) ?? new Map<number, number>();
    const s = sbp.get(stay) ?? new Map<number, number>();
    const rs: Reading[] = [];
    for (const t of new Set([...m.keys(), ...s.keys()])) {
      const mv = m.get(t);
      const sv = s.get(t);
      const low = (mv !== undefined && mv < 65) || (sv !== undefined && sv < 90);
      const normal = mv !== undefined && sv !== undefined && !low;
      rs.push({ t, kind: low ? 'q' : normal ? 'r' : 'x', alone: sv !== undefined && sv < 70 });
    }
    out.set(stay, rs);
  }
  return out;
}

/** Non-error urine charts per stay: chart time → mL (several rows of a time, e.g. two sites, add up). */
function urineCharts(rows: Record<string, string>[]): Map<string, Map<number, number>> {
  const byStay = new Map<string, Map<number, number>>();
  for (const r of rows) {
    if (!URINE_ITEMS.has(r['itemid']) || r['iserror'] === '1' || r['value'] === '') continue;
    const v = Number(r['value']);
    if (!Number.isFinite(v) || v < 0 || v > 5000) continue;
    const m = byStay.get(r['icustay_id']) ?? new Map<number, number>();
    byStay.set(r['icustay_id'], m);
    const t = chartMs(r['charttime']);
    m.set(t, (m.get(t) ?? 0) + v);
  }
  return byStay;
}

/**
 * KDIGO oliguria (stage ≥ 1): at a urine chart time t, the volume charted in (t − 6 h, t] is below
 * 0.5 mL/kg/h × 6 h for the importer's nominal 70 kg (210 mL), counted only where urine was
 * charted throughout (a chart at or before t − 6 h and no gap over 3 h between charts in the window).
 * An episode is a run of such chart times.
 *
 * Resolves (§6.4, read strictly: the latest close any criterion allows, for the floor): at a chart time
 * t where the mL/kg resolve holds, ≥ 0.5 mL/kg/h over the 6 h after the criterion was last met (no
 * qualifying chart in (t − 6 h, t], 6 h charted throughout, ≥ 210 mL), and no other chartable criterion
 * can keep the alert open: ≥ 4 mL/kg over 8 h charted throughout (O4, and so O3's 160 mL), and every
 * chart in (t − 2 h, t] at ≥ 20 mL/h over its period since the previous chart (O1/O2, hourly).
 */
function oliguriaTruth(byStay: Map<string, Map<number, number>>, weightKg: number): { episodes: TruthEpisode[]; resolves: Map<string, number[]> } {
  const limit = 0.5 * weightKg * 6;
  const out: TruthEpisode[] = [];
  const resolves = new Map<string, number[]>();
  for (const [stay, m] of byStay) {
    const charts = [...m].sort((a, b) => a[0] - b[0]);
    /** Volume in (t − h, t] for the chart at i, and whether urine was charted throughout it. */
    const windowAt = (i: number, hours: number) => {
      const t = charts[i][0];
      let j = i;
      let vol = 0;
      let continuous = true;
      while (j >= 0 && charts[j][0] > t - hours * HOUR) {
        vol += charts[j][1];
        if (j > 0 && charts[j][0] - charts[j - 1][0] > 3 * HOUR) continuous = false;
        j--;
      }
      return { vol, covered: j >= 0 && continuous };
    };
    const qualifies = charts.map((_, i) => {
      const w = windowAt(i, 6);
      return { covered: w.covered, yes: w.covered && w.vol < limit, vol: w.vol };
    });
    let cur: TruthEpisode | null = null;
    const rs: number[] = [];
    for (let i = 0; i < charts.length; i++) {
      const t = charts[i][0];
      const { covered, yes, vol } = qualifies[i];
      if (yes) {
        if (cur) {
          cur.end = t;
          cur.charts++;
        } else cur = { stay, start: t, confirmedAt: t, end: t, charts: 1 };
      } else if (covered && cur) {
        out.push(cur);
        cur = null;
      }
      let quiet = covered && vol >= limit;
      for (let j = i - 1; quiet && j >= 0 && charts[j][0] > t - 6 * HOUR; j--) if (qualifies[j].yes) quiet = false;
      const shift = windowAt(i, 8);
      quiet &&= shift.covered && shift.vol >= 4 * weightKg;
      for (let j = i; quiet && j >= 0 && charts[j][0] > t - 2 * HOUR; j--) quiet = j > 0 && charts[j][1] / ((charts[j][0] - charts[j - 1][0]) / HOUR) >= 20;
      if (quiet) rs.push(t);
    }
    if (cur) out.push(cur);
    resolves.set(stay, rs);
  }
  return { episodes: out, resolves };
}

/**
 * CREATININE (§6.5), from results collected inside the ICU stay (same admission), no sustain.
 * MEDIUM+: a result ≥ 2.5 mg/dL (R1 MEDIUM, A1 and K3's 4.0 HIGH). Any band adds K1's first half, a
 * rise ≥ 0.3 mg/dL over a result of the stay within the previous 48 h (LOW); K1's "≥ 1.5× baseline"
 * and K2/K3's ratios need the pre-dose baseline (§6.0), which MIMIC has no dose to define. No resolve
 * is claimed: below a band the alert may stay open on a baseline criterion the chart cannot decide,
 * so a stay's results are one group at most.
 */
function creatinineTruth(labs: Record<string, string>[], icustays: Record<string, string>[]): RuleTruth {
  const mediumPlus: TruthEpisode[] = [];
  const anyBand: TruthEpisode[] = [];
  for (const stay of icustays) {
    const [from, to] = [chartMs(stay['intime']), chartMs(stay['outtime'])];
    const results: Array<[number, number]> = [];
    for (const r of labs) {
      if (r['itemid'] !== CREATININE_ITEM || r['hadm_id'] !== stay['hadm_id'] || r['valuenum'] === '') continue;
      const t = chartMs(r['charttime']);
      const v = Number(r['valuenum']);
      if (t >= from && t <= to && v > 0 && v <= 30) results.push([t, v]);
    }
    results.sort((a, b) => a[0] - b[0]);
    for (const [t, v] of results) {
      const e = { stay: stay['icustay_id'], start: t, confirmedAt: t, end: t, charts: 1 };
      const k1 = results.some(([u, w]) => u < t && u >= t - 48 * HOUR && v - w >= 0.3 - 1e-9);
      if (v >= 2.5) mediumPlus.push(e);
      if (v >= 2.5 || k1) anyBand.push(e);
    }
  }
  return { mediumPlus, anyBand, resolves: new Map(), quietMs: 0 };
}

/**
 * DATA_GAP's inputs as charted (§6.0, §10): urine charts (the urine items, not error-flagged) and
 * vitals charts (any non-error numeric row of the vitals table except the rhythm label: every charted
 * vital sign is the input arriving, an artefact value included). The stay ends at its ICU out-time.
 */
function stayArrivals(vitals: Record<string, string>[], urine: Map<string, Map<number, number>>, icustays: Record<string, string>[]): Map<string, StayArrivals> {
  const out = new Map<string, StayArrivals>();
  const of = (stay: string) => {
    const a = out.get(stay) ?? { urine: [], vitals: [], end: Number.NEGATIVE_INFINITY };
    out.set(stay, a);
    return a;
  };
  for (const r of vitals) if (!RHYTHM_ITEMS.has(r['itemid']) && r['error'] !== '1' && r['valuenum'] !== '') of(r['icustay_id']).vitals.push(chartMs(r['charttime']));
  for (const [stay, m] of urine) of(stay).urine.push(...m.keys());
  for (const s of icustays) if (out.has(s['icustay_id']) && s['outtime']) of(s['icustay_id']).end = chartMs(s['outtime']);
  for (const a of out.values()) for (const t of [...a.urine, ...a.vitals]) if (t > a.end) a.end = t;
  return out;
}

export function mimicTruth(tables: { vitals: string; outputs: string; labs?: string; icustays?: string }, weightKg = 70): MimicTruth {
  const vitals = readCsvObjects(tables.vitals);
  const outputs = readCsvObjects(tables.outputs);
  const map = chartSeries(vitals, MAP);
  // Sustained hypotension as the issue defines it: MAP < 65 on ≥ 2 consecutive MAP readings, no reading ≥ 65 between.
  const mapLow = readings(map, (v) => (v < 65 ? 'q' : 'r'));
  const temp = chartSeries(vitals, TEMP);
  const spo2 = chartSeries(vitals, SPO2);
  const hr = chartSeries(vitals, HR);
  const rhythm = labelSeries(vitals, RHYTHM_ITEMS, (text) => (!text ? null : AF_TEXTS.has(text) ? 2 : SINUS_TEXTS.has(text) ? 0 : 1));
  // FEVER (§6.10, §10): ≥ 38.0 °C on 2 readings; MIMIC has no IL-2 dose, so every one is MEDIUM. Resolve < 38.0 °C for 4 h.
  const fever = readings(temp, (v) => (v >= 38.0 ? 'q' : 'r'));
  // HYPOXIA H1 (§6.9, §10): SpO2 < 90% on 2 readings, MEDIUM. Resolve SpO2 > 90% for 10 min (O2 is not in the extract).
  const hypoxia = readings(spo2, (v) => (v < 90 ? 'q' : v > 90 ? 'r' : 'x'));
  // TACHYCARDIA (§6.8, §10): HR ≥ 100 on 2 readings (LOW), > 130 HIGH. Resolve HR < 100 for 15 min.
  const tachy = readings(hr, (v) => (v >= 100 ? 'q' : 'r'));
  const tachyHigh = readings(hr, (v) => (v > 130 ? 'q' : v < 100 ? 'r' : 'x'));
  // AF_RHYTHM_LABEL (§6.2): AF, flutter or SVT charted on 2 consecutive rhythm charts (the label held, not one
  // glance), HIGH at onset. Resolve: sinus on 2 charts spanning ≥ 30 min; a new onset counts 60 min after it.
  const af = readings(rhythm, (v) => (v === 2 ? 'q' : v === 0 ? 'r' : 'x'));
  const hypo = hypotensionReadings(map, chartSeries(vitals, SBP));
  const hypotension = ruleTruth(hypo, mapLow, 15 * MIN);
  const urine = urineCharts(outputs);
  const oliguria = oliguriaTruth(urine, weightKg);
  const icustays = readCsvObjects(tables.icustays ?? '');
  return {
    hypotension: hypotension.mediumPlus,
    hypotensionAnyGap: allEpisodes(mapLow, Infinity),
    oliguria: oliguria.episodes,
    oliguriaResolves: oliguria.resolves,
    rules: {
      hypotension,
      fever: ruleTruth(fever, fever, 4 * HOUR),
      hypoxia: ruleTruth(hypoxia, hypoxia, 10 * MIN),
      tachycardia: ruleTruth(tachy, tachyHigh, 15 * MIN),
      af_rhythm: ruleTruth(af, af, 30 * MIN, 60 * MIN),
      creatinine: creatinineTruth(readCsvObjects(tables.labs ?? ''), icustays),
    },
    arrivals: stayArrivals(vitals, urine, icustays),
  };
}
