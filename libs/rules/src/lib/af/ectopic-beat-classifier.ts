/**
 * Labels ectopic beats from RR intervals alone, for monitors that send no beat classes (ENG, issue 18,
 * tuned on MIT-BIH Arrhythmia, see docs/VALIDATION.md). Two tests, two beats of lookahead:
 * 1. Against a regular underlying rhythm: judged only while the last 8 intervals taken as normal are
 *    regular (6th minus 3rd sorted value ≤ 15% of their median m; in AF that almost never holds).
 *    - a premature beat with a compensatory pause: RR_i < 0.9·m, RR_{i+1} > 1.1·m and
 *      |RR_i + RR_{i+1} − 2m| ≤ 0.15·2m (a PVC's or an interpolated PAC's signature);
 *    - a couplet: RR_i and RR_{i+1} < 0.9·m, then RR_{i+2} > 1.1·m.
 * 2. Bigeminy, trigeminy and couplet-trigeminy, whatever the reference (frequent ectopy leaves no
 *    regular stretch to define one): over the last three periods the intervals repeat with period 2
 *    (every short interval < 0.9× both neighbours) or period 3 (the same phase < 0.9× the longest
 *    of its period each time, and not followed by an interval < 0.9× it), each interval within 25% of
 *    the one a period before; the short phase's intervals end ectopic beats.
 * The ectopic beats are labelled V (premature, of unknown origin); the intervals they end and the
 * pause after them are then not rhythm, as with a monitor's labels.
 */
export const ECTOPY = {
  /** Intervals in the normal-rhythm reference. */
  refBeats: 8,
  /** A beat is judged against the reference only when its spread (6th − 3rd of 8) is at most this share of its median. */
  maxSpread: 0.15,
  prematurity: 0.1,
  pause: 0.1,
  compensation: 0.15,
  /** Test 2's tolerance between an interval and the one a period before; 0 turns test 2 off. */
  patternTolerance: 0.25,
  /** Periods of a bigeminal (period-2) pattern that must be seen, 3 or 4 (chance alternation in AF is rarer over 4). */
  bigeminyPeriods: 3,
  /** Test 2's tolerance for the premature phase (the coupling interval) between periods; 0: patternTolerance's. */
  couplingTolerance: 0.25,
  /** Test 2: each period's coupling ratio (premature interval ÷ the period's longest) within this of the previous period's; 0: not tested. */
  ratioTolerance: 0,
  /**
   * Dash's TPR floor is lowered by this times the share of the window's intervals dropped as ectopic
   * (DashAfDetector's tprRelief): labelled beats are the series' local minima, so dropping them drops
   * turning points, and AF with chance patterns then failed the TPR band. 0: §3.2's band.
   */
  tprRelief: 1,
  /** Robust-irregularity gate (DashAfDetector's RobustGate): median-filtered nRMSSD floor; 0: off. */
  mfNrmssdMin: 0,
  /** Robust-irregularity gate: most share of small successive differences; 0: off. */
  smallDeltasMax: 0,
  /** Robust-irregularity gate: the small-differences test only below this nRMSSD; 0: always. */
  smallDeltasBelowNrmssd: 0,
  /** 1: a Dash-AF window is AF only when the mean COSEn of the beats in its span exceeds cosenMin (CosenTracker); 0: off. */
  cosenGate: 1,
  cosenMin: -1.6,
} as const;

/** The constants before the pattern test (issue 18's first detector), for before/after runs. */
export const ECTOPY_REFERENCE_ONLY: EctopyParams = { refBeats: 8, maxSpread: 0.1, prematurity: 0.15, pause: 0.1, compensation: 0.15, patternTolerance: 0, bigeminyPeriods: 3, couplingTolerance: 0, ratioTolerance: 0, tprRelief: 0, mfNrmssdMin: 0, smallDeltasMax: 0, smallDeltasBelowNrmssd: 0, cosenGate: 0, cosenMin: -1.6 };

/** AF_RR of issue 18's third sitting: no COSEn gate (`validate-af --detector ectopy-v3`). */
export const ECTOPY_V3: EctopyParams = { ...ECTOPY, cosenGate: 0 };

/**
 * Issue 18's fourth sitting: the third sitting's constants plus the robust-irregularity gate (a Dash-AF window with
 * nRMSSD < 0.2 is not AF when more than 30% of its successive differences are below 3% of its mean),
 * TPR relief 2; run with afRrResolveWindows 32. Chosen by the declared rule on the tune set (MITDB and
 * AFDB's even-numbered records). Not AF_RR's default: see docs/VALIDATION.md.
 */
export const ECTOPY_ROBUST: EctopyParams = { ...ECTOPY, cosenGate: 0, smallDeltasMax: 0.3, smallDeltasBelowNrmssd: 0.2, tprRelief: 2 };
/** The same gate at 0.4 (picked after seeing all of AFDB: not held out; docs/VALIDATION.md). */
export const ECTOPY_ROBUST_LOOSE: EctopyParams = { ...ECTOPY_ROBUST, smallDeltasMax: 0.4 };

/** The classifier's constants (ECTOPY by default; the validation harness sweeps them). */
export type EctopyParams = { -readonly [K in keyof typeof ECTOPY]: number };

export const NORMAL_CODE = 78; // 'N'
export const ECTOPIC_CODE = 86; // 'V'

/**
 * Streaming classifier: push() an interval, then take() the decided ones (oldest first) while ready().
 * Fixed-size rings; nothing is allocated per beat.
 */
export class EctopicBeatClassifier {
  // Pending intervals (at most 3: the one judged and its two-beat lookahead), ring of 4.
  private readonly rr = new Float64Array(4);
  private readonly t = new Float64Array(4);
  private readonly cls = new Uint8Array(4);
  private start = 0;
  private pending = 0;
  /** How many of the pending intervals (from start) are decided. */
  private decided = 0;
  // The reference: last refBeats normal intervals, in arrival order (ring) and sorted.
  private readonly ref: Float64Array;
  private readonly sorted: Float64Array;
  private refHead = 0;
  private refCount = 0;
  // The last 6 decided intervals, oldest first from histHead (the pattern test's past), whatever their class.
  private readonly hist = new Float64Array(6);
  private histHead = 0;
  private histCount = 0;
  /** The last decided interval ended at an ectopic beat (the one after it is a pause, not rhythm). */
  private afterEctopic = false;
  private readonly e: EctopyParams;

  constructor(
    private readonly minMs = 250,
    private readonly maxMs = 2500,
    params: EctopyParams = ECTOPY,
  ) {
    // Its own copy: a snapshot then restores every classifier exactly as it was (no shared object).
    this.e = { ...params };
    const e = this.e;
    this.ref = new Float64Array(e.refBeats);
    this.sorted = new Float64Array(e.refBeats);
  }

  push(rrMs: number, tMs: number): void {
    const k = (this.start + this.pending++) & 3;
    this.rr[k] = rrMs;
    this.t[k] = tMs;
    this.cls[k] = NORMAL_CODE;
    if (this.pending - this.decided >= 3) this.decide(false);
  }

  /** Decides every pending interval with the lookahead there is (end of series). */
  flush(): void {
    while (this.pending > this.decided) this.decide(true);
  }

  ready(): boolean {
    return this.decided > 0;
  }

  /** The oldest decided interval's RR, time and class code; read them, then call next(). */
  get rrMs(): number {
    return this.rr[this.start];
  }
  get tMs(): number {
    return this.t[this.start];
  }
  get classCode(): number {
    return this.cls[this.start];
  }
  next(): void {
    this.start = (this.start + 1) & 3;
    this.pending--;
    this.decided--;
  }

  /** Forgets the rhythm (a new series after a gap); pending intervals must have been flushed and taken. */
  reset(): void {
    this.refCount = 0;
    this.refHead = 0;
    this.histCount = 0;
    this.histHead = 0;
    this.afterEctopic = false;
  }

  /** Judges the first undecided interval (decided ones all precede it). */
  private decide(flush: boolean): void {
    const e = this.e;
    const s = (this.start + this.decided) & 3;
    const left = this.pending - this.decided;
    const r0 = this.rr[s];
    if (e.patternTolerance > 0 && left >= 3 && this.inPattern(s)) {
      this.cls[s] = ECTOPIC_CODE;
      this.settle(s, true);
      return;
    }
    const n = this.refCount;
    if (n === e.refBeats) {
      const sorted = this.sorted;
      const m = sorted[n >> 1];
      // Spread: 6th minus 3rd of the 8 sorted values (the middle of the reference, ectopy-proof).
      if (sorted[(n >> 1) + 1] - sorted[n >> 2] <= e.maxSpread * m && r0 < (1 - e.prematurity) * m && left >= 2) {
        const r1 = this.rr[(s + 1) & 3];
        const long = (1 + e.pause) * m;
        if (r1 > long && Math.abs(r0 + r1 - 2 * m) <= e.compensation * 2 * m) {
          this.cls[s] = ECTOPIC_CODE; // the pause after it stays N: its interval touches an ectopic beat
          this.settle(s, true);
          this.settle((s + 1) & 3, false);
          return;
        }
        if (left >= 3 && r1 < (1 - e.prematurity) * m && this.rr[(s + 2) & 3] > long) {
          this.cls[s] = ECTOPIC_CODE;
          this.cls[(s + 1) & 3] = ECTOPIC_CODE;
          this.settle(s, true);
          this.settle((s + 1) & 3, true);
          this.settle((s + 2) & 3, false);
          return;
        }
      }
      if (!flush && left < 3) return;
    }
    // An interval outside the artefact guard is the AF detector's to drop; it never becomes the reference,
    // nor does the pause after an ectopic beat.
    if (r0 >= this.minMs && r0 <= this.maxMs && !this.afterEctopic) this.addReference(r0);
    this.settle(s, false);
  }

  /** Pending slot k is decided (in order): it joins the pattern test's past. */
  private settle(k: number, ectopic: boolean): void {
    this.hist[this.histHead] = this.rr[k];
    this.histHead = this.histHead === 5 ? 0 : this.histHead + 1;
    if (this.histCount < 6) this.histCount++;
    this.afterEctopic = ectopic;
    this.decided++;
  }

  /**
   * Slot s (with its two lookahead intervals) sits in a period-2 or period-3 pattern spanning the last
   * three periods, and is premature against the longest interval of its period.
   */
  private inPattern(s: number): boolean {
    const e = this.e;
    const tol = e.patternTolerance;
    const x0 = this.rr[s];
    const x1 = this.rr[(s + 1) & 3];
    const x2 = this.rr[(s + 2) & 3];
    const hc = this.histCount;
    const short = 1 - e.prematurity;
    // Period 2 over six intervals: h3 h2 h1 x0 x1 x2.
    if (hc >= 3) {
      const h1 = this.past(1);
      const h2 = this.past(2);
      const h3 = this.past(3);
      // Alternation: every short interval premature against both its neighbours (bigeminy's signature).
      const alternates = x0 < short * x1 && x0 < short * h1 && h2 < short * h1 && h2 < short * h3 && x2 < short * x1;
      const fourth = e.bigeminyPeriods < 4 || (hc >= 5 && close(h2, this.past(4), tol) && close(h3, this.past(5), tol) && this.past(4) < short * h3 && this.past(4) < short * this.past(5));
      const ct = e.couplingTolerance > 0 ? e.couplingTolerance : tol;
      if (alternates && fourth && close(x2, x0, ct) && close(x0, h2, ct) && close(x1, h1, tol) && close(h1, h3, tol) && steady(h2 / h3, x0 / h1, x2 / x1, e.ratioTolerance))
        return true;
    }
    // Period 3 over nine intervals: h6 … h1 x0 x1 x2.
    if (hc >= 6) {
      const h1 = this.past(1);
      const h2 = this.past(2);
      const h3 = this.past(3);
      const ct = e.couplingTolerance > 0 ? e.couplingTolerance : tol;
      if (close(x0, h3, ct) && close(h3, this.past(6), ct) && close(x1, h2, tol) && close(h2, this.past(5), tol) && close(x2, h1, tol) && close(h1, this.past(4), tol)) {
        // The same phase is premature in every period (a step change of rate is no pattern).
        const h4 = this.past(4);
        const h5 = this.past(5);
        const h6 = this.past(6);
        // Not followed by a much shorter interval: in N N V the normal interval before the premature one
        // is shorter than the pause, but it is not premature.
        const m0 = Math.max(x0, x1, x2);
        const m1 = Math.max(h3, h2, h1);
        const m2 = Math.max(h6, h5, h4);
        if (x0 < short * m0 && x1 >= short * x0 && h3 < short * m1 && h6 < short * m2 && steady(h6 / m2, h3 / m1, x0 / m0, e.ratioTolerance)) return true;
      }
    }
    return false;
  }

  /** The k-th most recent decided interval (1 ≤ k ≤ 6). */
  private past(k: number): number {
    const i = this.histHead - k;
    return this.hist[i < 0 ? i + 6 : i];
  }

  /** The interval joins the reference; the oldest leaves it (sorted copy kept by insertion, ≤ 8 moves). */
  private addReference(v: number): void {
    const size = this.e.refBeats;
    const sorted = this.sorted;
    let n = this.refCount;
    if (n === size) {
      // Remove the oldest value from the sorted copy.
      const old = this.ref[this.refHead];
      let i = 0;
      while (sorted[i] !== old) i++;
      for (; i < n - 1; i++) sorted[i] = sorted[i + 1];
      n--;
    }
    let j = n;
    while (j > 0 && sorted[j - 1] > v) {
      sorted[j] = sorted[j - 1];
      j--;
    }
    sorted[j] = v;
    this.ref[this.refHead] = v;
    this.refHead = this.refHead + 1 === size ? 0 : this.refHead + 1;
    this.refCount = n + 1;
  }
}

/** Three periods' coupling ratios, each within tol of the one before (tol 0: not tested). */
function steady(c0: number, c1: number, c2: number, tol: number): boolean {
  return tol <= 0 || (Math.abs(c1 - c0) <= tol && Math.abs(c2 - c1) <= tol);
}

/** a and b within tol of the larger. */
function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * (a > b ? a : b);
}
