/**
 * Coefficient of sample entropy (Lake & Moorman 2011, CLINICAL_RULES §3.1), streaming, per beat, over
 * the 12 RR intervals ending at each beat (in s): m = 1, tolerance r from 30 ms in 10-ms steps (at most
 * 500 ms) until at least 5 template matches of length 2; COSEn = SampEn + ln(2r) − ln(mean RR), where
 * SampEn = −ln(A/B), B the pairs of length-1 templates within r, A those of length 2. A beat whose
 * matches stay at 0 has no COSEn. AF's COSEn is high (about −1 and above), sinus rhythm's low (−2 and
 * below), and it needs only 12 beats, so a regular rhythm with a few ectopic beats reads low where
 * Dash's 128-beat nRMSSD reads high.
 *
 * meanBetween() gives the mean COSEn of the beats in a time span (a Dash window's), from a ring of
 * running sums. Fixed typed arrays; nothing is allocated per beat.
 */
export const COSEN_BEATS = 12;
/** Beats whose COSEn the ring keeps for meanBetween(): more than a 128-interval window's span with every beat labelled. */
const KEEP = 1024;
/** Ring of the last beats' intervals and distance steps (a power of two above 12). */
const RING = 16;
const MIN_MATCHES = 5;
const R0 = 0.03;
const R_STEP = 0.01;
const R_MAX = 0.5;

export class CosenTracker {
  /** The last 12 intervals (s) by absolute beat index mod 16. */
  private readonly x = new Float64Array(RING);
  /** r-grid step of |x_i − x_j| for the beats i, j (mod 16) now in the window, set as each beat arrives. */
  private readonly stepOf = new Int32Array(RING * RING);
  /** Beats pushed in this series (the newest's absolute index + 1). */
  private filled = 0;
  /** Template pairs per r-grid step (last slot: beyond R_MAX), for length 2 (A) and length 1 (B). */
  private readonly histA = new Int32Array(STEPS + 1);
  private readonly histB = new Int32Array(STEPS + 1);
  // Per beat (ring of KEEP): time, and running sums of COSEn and of beats that have one, after it.
  private readonly t = new Float64Array(KEEP);
  private readonly sum = new Float64Array(KEEP);
  private readonly valid = new Float64Array(KEEP);
  private count = 0;
  private runningSum = 0;
  private runningValid = 0;
  /** The COSEn of the last beat pushed (NaN when it has none). */
  last = NaN;

  /** One RR interval (ms) ending at tMs. */
  push(rrMs: number, tMs: number): number {
    const j = this.filled++;
    const v = rrMs / 1000;
    const { x, stepOf } = this;
    const jr = j & (RING - 1);
    x[jr] = v;
    // The new beat's distance steps to the 11 before it (the only new ones in the window).
    for (let i = Math.max(0, j - COSEN_BEATS + 1); i < j; i++) {
      const ir = i & (RING - 1);
      const k = step(Math.abs(x[ir] - v));
      stepOf[ir * RING + jr] = k;
      stepOf[jr * RING + ir] = k;
    }
    const c = this.filled >= COSEN_BEATS ? this.compute(j - COSEN_BEATS + 1) : NaN;
    this.last = c;
    if (c === c) {
      this.runningSum += c;
      this.runningValid++;
    }
    const k = this.count % KEEP;
    this.t[k] = tMs;
    this.sum[k] = this.runningSum;
    this.valid[k] = this.runningValid;
    this.count++;
    return c;
  }

  /** Starts a new series (after a gap): COSEn needs 12 new intervals; the kept beats stay for meanBetween(). */
  newSeries(): void {
    this.filled = 0;
  }

  /** Mean COSEn of the beats with fromMs ≤ time ≤ toMs among the last 1023 kept (NaN when none has one). */
  meanBetween(fromMs: number, toMs: number): number {
    if (this.count === 0) return NaN;
    // The oldest kept beat's running sums are the baseline: beats (oldest, newest] can be summed.
    const oldest = this.count > KEEP ? this.count - KEEP : -1;
    let i = this.count - 1;
    while (i > oldest && this.t[i % KEEP] > toMs) i--;
    if (i <= oldest) return NaN;
    const end = i % KEEP;
    while (i > oldest && this.t[i % KEEP] >= fromMs) i--;
    const sumBefore = i >= 0 ? this.sum[i % KEEP] : 0;
    const validBefore = i >= 0 ? this.valid[i % KEEP] : 0;
    const nValid = this.valid[end] - validBefore;
    return nValid > 0 ? (this.sum[end] - sumBefore) / nValid : NaN;
  }

  /**
   * COSEn of the 12 intervals from beat `first`. Each template distance's r-grid step (the smallest
   * r = 30 + 10·k ms that admits it; beyond 500 ms, none) is known from the beats' arrival; the pairs
   * are counted per step for length 1 (B) and length 2 (A); the first step at which A reaches 5 is r,
   * and A and B are the counts up to it: the r search and the counting in one pass.
   */
  private compute(first: number): number {
    const n = COSEN_BEATS;
    const { x, stepOf } = this;
    const hA = this.histA;
    const hB = this.histB;
    hA.fill(0);
    hB.fill(0);
    let mean = 0;
    for (let k = 0; k < n; k++) mean += x[(first + k) & (RING - 1)];
    mean /= n;
    // Template pairs (a, b), a < b, whose length-2 templates both fit: a, b ≤ n − 2 (positions from first).
    // The step of a length-2 distance is the larger of its two length-1 steps (steps grow with distance).
    for (let a = 0; a < n - 1; a++) {
      const ra = ((first + a) & (RING - 1)) * RING;
      const ra1 = ((first + a + 1) & (RING - 1)) * RING;
      for (let b = a + 1; b < n - 1; b++) {
        const s1 = stepOf[ra + ((first + b) & (RING - 1))];
        const s2 = stepOf[ra1 + ((first + b + 1) & (RING - 1))];
        hB[s1]++;
        hA[s1 > s2 ? s1 : s2]++;
      }
    }
    let A = 0;
    let B = 0;
    let k = 0;
    for (; k < STEPS; k++) {
      A += hA[k];
      B += hB[k];
      if (A >= MIN_MATCHES) break;
    }
    if (k === STEPS) k = STEPS - 1;
    if (A === 0 || B === 0) return NaN;
    // SampEn + ln 2r − ln mean = ln(B · 2r / (A · mean)).
    return Math.log((B * 2 * (R0 + k * R_STEP)) / (A * mean));
  }
}

/** Steps on the r grid up to R_MAX (47 for 30…500 ms), and one more for "beyond". */
const STEPS = Math.round((R_MAX - R0) / R_STEP) + 1;

/** The r-grid step of a template distance d (s): the smallest k with d ≤ R0 + k·R_STEP; STEPS when beyond R_MAX. */
function step(d: number): number {
  const k = Math.ceil((d - R0) / R_STEP - 1e-9);
  return k < 0 ? 0 : k < STEPS ? k : STEPS;
}
