import { readCsvObjects } from '@vigil/interop';
import { URINE_ITEMS } from './mimic-import';

/**
 * Reference episodes computed from the MIMIC-III demo's charted values alone, independently of the
 * rules engine (no engine code, no canonical events): what a clinician reading the chart would call
 * sustained hypotension and KDIGO oliguria. Used by `validate-mimic` as the truth to score against.
 */
const HOUR = 3_600_000;
const MAP_ITEMS = new Set(['52', '220052', '225312', '6702', '456', '220181', '443']);

/** MIMIC chart times are `YYYY-MM-DD HH:MM:SS` (date-shifted, read as UTC). */
const ms = (s: string) => Date.parse(`${s.replace(' ', 'T')}Z`);

export interface TruthEpisode {
  stay: string;
  /** First qualifying chart. */
  start: number;
  /** The chart that makes it sustained (the 2nd low MAP; the first KDIGO-qualifying urine chart). */
  confirmedAt: number;
  end: number;
  charts: number;
}

export interface MimicTruth {
  hypotension: TruthEpisode[];
  /** The same episodes with no limit on the gap between the two readings. */
  hypotensionAnyGap: TruthEpisode[];
  oliguria: TruthEpisode[];
}

/**
 * Sustained hypotension: MAP < 65 mmHg on ≥ 2 consecutive charted MAP readings (any route: the
 * lowest MAP charted at a time), no reading ≥ 65 between them and no more than `maxGapH` between
 * consecutive readings. MAP < 20 or flagged `error` is not a reading (a zeroed line).
 */
function hypotensionEpisodes(rows: Record<string, string>[], maxGapMs: number): TruthEpisode[] {
  const byStay = new Map<string, Map<number, number>>();
  for (const r of rows) {
    if (!MAP_ITEMS.has(r['itemid']) || r['error'] === '1' || r['valuenum'] === '') continue;
    const v = Number(r['valuenum']);
    if (!Number.isFinite(v) || v < 20 || v > 300) continue;
    const m = byStay.get(r['icustay_id']) ?? new Map<number, number>();
    byStay.set(r['icustay_id'], m);
    const t = ms(r['charttime']);
    m.set(t, Math.min(v, m.get(t) ?? Infinity));
  }
  const out: TruthEpisode[] = [];
  for (const [stay, m] of byStay) {
    const charts = [...m].sort((a, b) => a[0] - b[0]);
    let run: Array<[number, number]> = [];
    const flush = () => {
      if (run.length >= 2) out.push({ stay, start: run[0][0], confirmedAt: run[1][0], end: run[run.length - 1][0], charts: run.length });
      run = [];
    };
    for (const [t, v] of charts) {
      if (v < 65) {
        if (run.length && t - run[run.length - 1][0] > maxGapMs) flush();
        run.push([t, v]);
      } else flush();
    }
    flush();
  }
  return out;
}

/**
 * KDIGO oliguria (stage ≥ 1): at a urine chart time t, the volume charted in (t − 6 h, t] is below
 * 0.5 mL/kg/h × 6 h for the importer's nominal 70 kg (210 mL), counted only where urine was
 * charted throughout (a chart at or before t − 6 h and no gap over 3 h between charts in the window).
 * An episode is a run of such chart times.
 */
function oliguriaEpisodes(rows: Record<string, string>[], weightKg: number): TruthEpisode[] {
  const byStay = new Map<string, Map<number, number>>();
  for (const r of rows) {
    if (!URINE_ITEMS.has(r['itemid']) || r['iserror'] === '1' || r['value'] === '') continue;
    const v = Number(r['value']);
    if (!Number.isFinite(v) || v < 0 || v > 5000) continue;
    const m = byStay.get(r['icustay_id']) ?? new Map<number, number>();
    byStay.set(r['icustay_id'], m);
    const t = ms(r['charttime']);
    m.set(t, (m.get(t) ?? 0) + v);
  }
  const limit = 0.5 * weightKg * 6;
  const out: TruthEpisode[] = [];
  for (const [stay, m] of byStay) {
    const charts = [...m].sort((a, b) => a[0] - b[0]);
    let cur: TruthEpisode | null = null;
    for (let i = 0; i < charts.length; i++) {
      const t = charts[i][0];
      let j = i;
      let vol = 0;
      let continuous = true;
      while (j >= 0 && charts[j][0] > t - 6 * HOUR) {
        vol += charts[j][1];
        if (j > 0 && charts[j][0] - charts[j - 1][0] > 3 * HOUR) continuous = false;
        j--;
      }
      const covered = j >= 0 && continuous;
      const yes = covered && vol < limit;
      if (yes) {
        if (cur) {
          cur.end = t;
          cur.charts++;
        } else cur = { stay, start: t, confirmedAt: t, end: t, charts: 1 };
      } else if (covered && cur) {
        out.push(cur);
        cur = null;
      }
    }
    if (cur) out.push(cur);
  }
  return out;
}

export function mimicTruth(tables: { vitals: string; outputs: string }, weightKg = 70): MimicTruth {
  const vitals = readCsvObjects(tables.vitals);
  const outputs = readCsvObjects(tables.outputs);
  return {
    hypotension: hypotensionEpisodes(vitals, 4 * HOUR),
    hypotensionAnyGap: hypotensionEpisodes(vitals, Infinity),
    oliguria: oliguriaEpisodes(outputs, weightKg),
  };
}
