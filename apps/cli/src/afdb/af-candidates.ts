import { EctopyAwareAfDetector, DashAfDetector, ECTOPY, RollingRatioReference, defaultThresholds, type DashWindow, type EctopyParams } from '@vigil/rules';
import type { AfRecord } from './afdb-record';

/**
 * Issue 18's candidate AF detectors, side by side on the same 128-beat windows (prototype harness:
 * per-beat features over the record's raw RR, summed over each window's span). Each candidate turns
 * the windows of a base detector into verdicts; scoring is af-validation's, unchanged.
 */

/** Per-beat features over a record's raw RR series, as prefix sums so a window's mean is O(1). */
export interface BeatFeatures {
  /** Prefix sums of per-beat COSEn (Lake & Moorman 2011, 12 beats) and of its validity. */
  cosen: Float64Array;
  cosenValid: Float64Array;
  /** Prefix sums of per-beat Petrėnas 2015 AF flags (causal). */
  petrenas: Float64Array;
}

/**
 * Coefficient of sample entropy over the 12 RR intervals ending at each beat (s): m = 1, r from 30 ms
 * in 10-ms steps until at least 5 matches of length 2; COSEn = SampEn + ln(2r) − ln(mean RR).
 */
export function cosenSeries(rrMs: Float64Array, n = 12): Float64Array {
  const out = new Float64Array(rrMs.length).fill(NaN);
  const x = new Float64Array(n);
  const d1 = new Float64Array(((n - 1) * (n - 2)) / 2);
  const d2 = new Float64Array(d1.length);
  for (let i = n - 1; i < rrMs.length; i++) {
    let mean = 0;
    for (let k = 0; k < n; k++) {
      x[k] = rrMs[i - n + 1 + k] / 1000;
      mean += x[k];
    }
    mean /= n;
    let q = 0;
    for (let a = 0; a < n - 1; a++)
      for (let b = a + 1; b < n - 1; b++) {
        d1[q] = Math.abs(x[a] - x[b]);
        d2[q] = Math.max(d1[q], Math.abs(x[a + 1] - x[b + 1]));
        q++;
      }
    let r = 0.03;
    let A = 0;
    let B = 0;
    for (; r <= 0.5; r += 0.01) {
      A = 0;
      B = 0;
      for (let k = 0; k < q; k++) {
        if (d1[k] <= r) B++;
        if (d2[k] <= r) A++;
      }
      if (A >= 5) break;
    }
    if (A === 0 || B === 0) continue;
    out[i] = -Math.log(A / B) + Math.log(2 * r) - Math.log(mean);
  }
  return out;
}

/**
 * Petrėnas 2015 (CLINICAL_RULES §9), causal: 3-point median of RR (one beat of lookahead), RR trend
 * and irregularity by exponential averagers (α), irregularity = share of the 8-beat window's pairs of
 * median-filtered RR ≥ γ apart over the trend, bigeminy suppression B = (Σ r_m / Σ r − 1)², output
 * O = I when B̄ ≥ δ else B̄; a beat is AF when O > η.
 */
export function petrenasSeries(rrMs: Float64Array, eta: number, alpha = 0.02, gamma = 0.03, delta = 2e-4, N = 8): Uint8Array {
  const len = rrMs.length;
  const out = new Uint8Array(len);
  const rm = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const a = rrMs[Math.max(0, i - 1)] / 1000;
    const b = rrMs[i] / 1000;
    const c = rrMs[Math.min(len - 1, i + 1)] / 1000;
    rm[i] = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
  let trend = rm[0] || 0.8;
  let mBar = 0;
  let bBar = 0;
  for (let i = 0; i < len; i++) {
    trend += alpha * (rm[i] - trend);
    if (i < N - 1) continue;
    let pairs = 0;
    let differ = 0;
    let sm = 0;
    let sr = 0;
    for (let a = i - N + 1; a <= i; a++) {
      sm += rm[a];
      sr += rrMs[a] / 1000;
      for (let b = a + 1; b <= i; b++) {
        pairs++;
        if (Math.abs(rm[a] - rm[b]) >= gamma) differ++;
      }
    }
    mBar += alpha * (differ / pairs - mBar);
    bBar += alpha * ((sm / sr - 1) ** 2 - bBar);
    const irregularity = mBar / trend;
    const o = bBar >= delta ? irregularity : bBar;
    out[i] = o > eta ? 1 : 0;
  }
  return out;
}

export function beatFeatures(rec: AfRecord, petrenasEta = 0.5): BeatFeatures {
  const c = cosenSeries(rec.rrMs);
  const p = petrenasSeries(rec.rrMs, petrenasEta);
  const n = rec.rrMs.length;
  const cosen = new Float64Array(n + 1);
  const cosenValid = new Float64Array(n + 1);
  const petrenas = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = c[i] === c[i];
    cosen[i + 1] = cosen[i] + (v ? c[i] : 0);
    cosenValid[i + 1] = cosenValid[i] + (v ? 1 : 0);
    petrenas[i + 1] = petrenas[i] + p[i];
  }
  return { cosen, cosenValid, petrenas };
}

/** Beat index range [from, to) of the record's beats inside [startMs, endMs]. */
export function spanIndices(rec: AfRecord, startMs: number, endMs: number): [number, number] {
  const after = (t: number) => {
    let lo = 0;
    let hi = rec.timeMs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rec.timeMs[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [after(startMs - 1e-6), after(endMs)];
}

export function windowMean(prefix: Float64Array, valid: Float64Array | null, from: number, to: number): number {
  const n = valid ? valid[to] - valid[from] : to - from;
  return n > 0 ? (prefix[to] - prefix[from]) / n : NaN;
}

/** The base windows: Dash alone, or Dash on normal-to-normal intervals with the RR-only ectopic classifier (constants given). */
export function baseWindows(rec: AfRecord, detector: 'dash' | 'ectopy', ectopy: EctopyParams = ECTOPY): DashWindow[] {
  const t = defaultThresholds().values;
  const d = detector === 'dash' ? new DashAfDetector(t, new RollingRatioReference()) : new EctopyAwareAfDetector(t, new RollingRatioReference(), ectopy);
  const out: DashWindow[] = [];
  for (let i = 0; i < rec.rrMs.length; i++) d.push(rec.rrMs[i], rec.timeMs[i], 0, out);
  d.newSeries(out);
  return out;
}
