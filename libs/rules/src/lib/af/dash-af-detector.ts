import type { ThresholdValues } from '../threshold-set';
import { dashFeaturesWithCut, nrmssdUpperBound, type DashFeatures, type TrimCut } from './dash-features';
import { SlidingExtremes } from './sliding-extremes';
import { RollingRatioReference, type RatioReference } from './ratio-percentiles';
import { robustIrregularity, type RobustIrregularity } from './robust-irregularity';

export type DashParams = Pick<
  ThresholdValues,
  'dashWindow' | 'dashStep' | 'dashTrim' | 'dashNrmssd' | 'dashShannon' | 'dashTprLow' | 'dashTprHigh' | 'dashMaxExcludedFraction' | 'rrMinMs' | 'rrMaxMs' | 'rrGapMs'
>;

export interface DashWindow extends DashFeatures {
  af: boolean;
  /** More than the allowed share of the window's raw beats were removed (ectopic or artifact): no verdict. */
  excluded: boolean;
  startMs: number;
  endMs: number;
  /** How many of the window's beats carried tag 1 (validation passes the reference AF label). */
  tagged: number;
  /** Raw beats spanned, including those removed. */
  rawBeats: number;
  /** Intervals inside the window's span dropped because they touch a beat labelled non-normal (not counted in rawBeats). */
  labelled: number;
  /** nRMSSD of the window after a 3-point median filter (computed for windows Dash calls AF when a robust gate is on; NaN otherwise). */
  mfNrmssd?: number;
  /** Share of successive differences below 3% of the window's mean (computed with mfNrmssd). */
  smallDeltas?: number;
  /** Mean COSEn of the raw beats in the window's span (EctopyAwareAfDetector's COSEn gate, for windows Dash calls AF). */
  cosen?: number;
}

/** The robust-irregularity gate (issue 18, fourth sitting; robust-irregularity.ts): 0 turns each test off. */
export interface RobustGate {
  /** A Dash-AF window is AF only when its median-filtered nRMSSD exceeds this. */
  mfNrmssdMin: number;
  /** ... and when at most this share of its successive differences are below 3% of its mean (0: off). */
  smallDeltasMax: number;
  /** The small-differences test applies only to windows whose nRMSSD is below this (0: to every window). */
  smallDeltasBelowNrmssd: number;
}
const NO_GATE: RobustGate = { mfNrmssdMin: 0, smallDeltasMax: 0, smallDeltasBelowNrmssd: 0 };

/** Char code of 'N', a normal beat's class. */
const NORMAL = 78;

/** newSeries()'s batch: no beats, only the flush. */
const NO_BEATS = new Float64Array(0);

/**
 * Streaming Dash 2009 AF detector, exactly CLINICAL_RULES.md §3.2: input guard (250–2500 ms, new
 * series after a >3 s gap), ectopic removal by the ratio test with percentiles from a reference
 * buffer, 128-beat windows stepping 16, nRMSSD and Shannon entropy on the trimmed series, TPR on the
 * untrimmed one (÷128), AF when all three are inside their bands.
 */
export class DashAfDetector {
  // Guarded beats awaiting the 2-beat lookahead of the ectopic test (at most 3), in a 4-slot ring of
  // parallel arrays from pStart: no per-beat allocation, and no copying as beats leave.
  private readonly pRr = new Float64Array(4);
  private readonly pT = new Float64Array(4);
  private readonly pRaw = new Float64Array(4);
  private readonly pTag = new Uint8Array(4);
  private pStart = 0;
  private pending = 0;
  // NaN for "none" rather than null: a field that is only ever a number stays an unboxed double.
  private prevRr = NaN; // RR_{i−1} of the beat under test, the raw guarded predecessor
  private lastRr = NaN; // the last guarded RR pushed (for the reference ratios)
  /** The ring, mirrored: each value is stored at k and k+n, so the window oldest-first is win[head, head+n) with no copy. */
  private readonly win: Float64Array;
  private readonly winT: Float64Array;
  private readonly winRaw: Float64Array;
  private readonly winTag: Uint8Array;
  /** Per ring slot: labelled (non-normal) intervals dropped since the series began, when the beat entered. */
  private readonly winLab: Float64Array;
  private labelledIndex = 0;
  /** Per ring slot: the beat is a turning point between its neighbours (set when the next beat arrives). */
  private readonly turning: Uint8Array;
  /** Turning points among the ring's beats (its newest has none yet): a window's TP, less its oldest's. */
  private turningCount = 0;
  private filled = 0;
  private head = 0;
  private tagged = 0; // tag-1 beats in the ring
  private sinceWindow = 0;
  private rawIndex = 0;
  private lastBeatT = Number.NEGATIVE_INFINITY;
  /** Class of the previous labelled beat (char code), for the normal-to-normal test. */
  private prevClass = NORMAL;
  /** The ring's smallest and largest values, kept as beats enter and leave, so a window's trim needs no scan. */
  private readonly extremes: SlidingExtremes;
  private readonly cut: TrimCut = { lowCut: 0, lowTies: 0, highCut: 0, highTies: 0, yMin: 0, yMax: 0 };
  removed = 0;
  private readonly robust: RobustIrregularity = { smallDeltas: NaN, mfNrmssd: NaN };
  private readonly gated: boolean;
  /** push()'s one-beat batch. */
  private readonly one = new Float64Array(1);
  /**
   * Set by a consumer that needs features only of AF windows: a window proven non-AF cheaply (TPR
   * outside its band, or an upper bound of nRMSSD below the threshold) then carries NaN for nRMSSD and
   * ShE, and costs no trim pass and no upkeep of the kept extremes. Emitting an AF window clears it,
   * as the consumer may need every later window's features (AF_RR describes the window that resolves
   * its alert).
   */
  skipNonAfFeatures = false;

  /**
   * @param tprRelief lowers the TPR band's floor by this times the share of the window's intervals
   * dropped as labelled ectopic (0: §3.2 exactly). Labelled beats are premature, local minima of the
   * series: dropping them drops turning points, so AF whose beats were partly labelled (by chance
   * patterns) reads less random than it is (ENG, issue 18).
   */
  constructor(
    private readonly p: DashParams,
    private readonly reference: RatioReference = new RollingRatioReference(),
    private readonly tprRelief = 0,
    private readonly gate: RobustGate = NO_GATE,
  ) {
    this.gated = gate.mfNrmssdMin > 0 || gate.smallDeltasMax > 0;
    const n = p.dashWindow;
    this.win = new Float64Array(2 * n);
    this.winT = new Float64Array(n);
    this.winRaw = new Float64Array(n);
    this.winTag = new Uint8Array(n);
    this.winLab = new Float64Array(n);
    this.turning = new Uint8Array(n);
    this.extremes = new SlidingExtremes(p.dashTrim, n);
  }

  /**
   * Feeds one RR interval ending at beat time tMs; returns the windows completed by it (0 or 1, or
   * flushes). beatClass: the char code of the ending beat's class (N S V P Q, see BeatClass) when the
   * monitor labels beats; then only intervals between two normal beats are used.
   */
  push(rrMs: number, tMs: number, tag = 0, out: DashWindow[] = [], beatClass = -1): DashWindow[] {
    this.one[0] = rrMs;
    this.feed(this.one, tMs, tag, out, false, null, beatClass);
    return out;
  }

  /**
   * Feeds a monitor's batch of RR intervals whose last beat ends at endMs (each earlier beat's time
   * counted back from it, as AF_RR always has); tag applies to every beat. classes: one class letter
   * per interval (its ending beat), when the monitor labels beats. Returns the windows completed.
   */
  pushBatch(intervalsMs: ArrayLike<number>, endMs: number, tag = 0, out: DashWindow[] = [], classes: string | null = null): DashWindow[] {
    this.feed(intervalsMs, endMs, tag, out, false, classes, -1);
    return out;
  }

  /** Starts a new series: the beats still awaiting lookahead are kept (they cannot be tested). */
  newSeries(out: DashWindow[] = []): DashWindow[] {
    this.feed(NO_BEATS, 0, 0, out, true, null, -1);
    this.prevRr = NaN;
    this.lastRr = NaN;
    this.prevClass = NORMAL;
    this.filled = 0;
    this.head = 0;
    this.tagged = 0;
    this.turningCount = 0;
    this.sinceWindow = 0;
    this.extremes.reset();
    return out;
  }

  /**
   * The per-beat pipeline: step 0's guard, the ectopic reference, step 1's ratio test once two beats
   * of lookahead are in, and the ring's upkeep; with flush, first accepts the beats still awaiting
   * lookahead, untested. Runs on local copies of the detector's counters (written back before
   * anything that reads them: a new series, a window, the end), so a batch's beats stay in registers.
   */
  private feed(rr: ArrayLike<number>, endMs: number, tag: number, out: DashWindow[], flush: boolean, classes: string | null, oneClass: number): void {
    const p = this.p;
    const n = p.dashWindow;
    const { win, winT, winRaw, winTag, turning, pRr, pT, pRaw, pTag, reference, extremes } = this;
    let { rawIndex, lastBeatT, lastRr, prevRr, pStart, pending, head, filled, turningCount, tagged, sinceWindow, removed } = this;
    let t = endMs;
    for (let i = rr.length - 1; i > 0; i--) t -= rr[i];
    for (let i = flush ? -1 : 0; i < rr.length; i++) {
      if (i >= 0) {
        const v = rr[i];
        if (i > 0) t += v;
        // Step 0: a gap with no beats longer than rrGapMs starts a new series.
        if (t - lastBeatT - v > p.rrGapMs || v > p.rrGapMs) {
          this.store(rawIndex, lastBeatT, lastRr, prevRr, pStart, pending, head, filled, turningCount, tagged, sinceWindow, removed);
          this.newSeries(out);
          ({ lastRr, prevRr, pStart, pending, head, filled, turningCount, tagged, sinceWindow, removed } = this);
        }
        lastBeatT = t;
        // Labelled beats (§6.3 input: "consecutive normal-labelled QRS"): an interval touching a
        // non-normal beat is not an RR of the rhythm; it is dropped before the guard and not counted
        // as removed (a labelled ectopic beat is known, not a doubt about the window).
        const cls = classes !== null ? classes.charCodeAt(i) : oneClass;
        if (cls >= 0) {
          const usable = cls === NORMAL && this.prevClass === NORMAL;
          this.prevClass = cls;
          if (!usable) {
            this.labelledIndex++;
            continue;
          }
        }
        const raw = rawIndex++;
        if (v < p.rrMinMs || v > p.rrMaxMs) {
          removed++;
          continue;
        }
        if (lastRr === lastRr) reference.add(v / lastRr, t); // (not NaN)
        lastRr = v;
        const k = (pStart + pending++) & 3;
        pRr[k] = v;
        pT[k] = t;
        pRaw[k] = raw;
        pTag[k] = tag;
      }
      // Step 1: beat i is ectopic when RR_i/RR_{i−1} < p1, RR_{i+1}/RR_i > p99 and RR_{i+1}/RR_{i+2} > p25.
      while (pending >= 3 || (i < 0 && pending > 0)) {
        const s = pStart;
        const r0 = pRr[s];
        const pct = pending >= 3 && prevRr === prevRr ? reference.percentiles() : null;
        if (pct) {
          const r1 = pRr[(s + 1) & 3];
          if (r0 / prevRr < pct.p1 && r1 / r0 > pct.p99 && r1 / pRr[(s + 2) & 3] > pct.p25) {
            prevRr = r1;
            removed += 2;
            pStart = (s + 2) & 3;
            pending -= 2;
            continue;
          }
        }
        prevRr = r0;
        pStart = (s + 1) & 3;
        pending--;
        // The beat enters the ring; the one it overwrites (while the ring is full) leaves the running counts.
        const at = head;
        if (filled === n) {
          tagged -= winTag[at];
          turningCount -= turning[at];
          extremes.remove(win[at], at);
        }
        turning[at] = 0;
        if (filled >= 2) {
          // Step 6, kept as beats arrive: the previous beat now has both neighbours (mirrored ring: no wrap).
          const prev = win[at + n - 1];
          const f = +((prev - win[at + n - 2]) * (prev - r0) > 0);
          turning[at === 0 ? n - 1 : at - 1] = f;
          turningCount += f;
        }
        extremes.add(r0, at);
        win[at] = r0;
        win[at + n] = r0;
        winT[at] = pT[s];
        winRaw[at] = pRaw[s];
        winTag[at] = pTag[s];
        this.winLab[at] = this.labelledIndex;
        tagged += pTag[s];
        head = at + 1 === n ? 0 : at + 1;
        if (filled < n) filled++;
        sinceWindow++;
        // Step 2: the first window when 128 values are in, then every 16 new values.
        if (filled === n && sinceWindow >= p.dashStep) {
          sinceWindow = 0;
          this.store(rawIndex, lastBeatT, lastRr, prevRr, pStart, pending, head, filled, turningCount, tagged, sinceWindow, removed);
          this.emitWindow(out);
        }
      }
    }
    this.store(rawIndex, lastBeatT, lastRr, prevRr, pStart, pending, head, filled, turningCount, tagged, sinceWindow, removed);
  }

  /** Writes feed()'s working copies back (no closure: one that captured them would keep them out of registers). */
  private store(rawIndex: number, lastBeatT: number, lastRr: number, prevRr: number, pStart: number, pending: number, head: number, filled: number, turningCount: number, tagged: number, sinceWindow: number, removed: number): void {
    this.rawIndex = rawIndex;
    this.lastBeatT = lastBeatT;
    this.lastRr = lastRr;
    this.prevRr = prevRr;
    this.pStart = pStart;
    this.pending = pending;
    this.head = head;
    this.filled = filled;
    this.turningCount = turningCount;
    this.tagged = tagged;
    this.sinceWindow = sinceWindow;
    this.removed = removed;
  }

  /** The window now in the ring (oldest at head), with its verdict. */
  private emitWindow(out: DashWindow[]): void {
    const n = this.p.dashWindow;
    const tagged = this.tagged;
    const first = this.head; // oldest
    const last = (this.head + n - 1) % n;
    // The window's TP: all flagged beats but the oldest, which has no neighbour before it in the window.
    const tp = this.turningCount - this.turning[first];
    let nrmssd = NaN;
    let shannon = NaN;
    let tpr = tp / n;
    let af = false;
    let mfNrmssd = NaN;
    let smallDeltas = NaN;
    const rawBeats = this.winRaw[last] - this.winRaw[first] + 1;
    const labelled = this.winLab[last] - this.winLab[first];
    const tprLow = this.p.dashTprLow - (this.tprRelief > 0 ? (this.tprRelief * labelled) / (rawBeats + labelled) : 0);
    if (!this.skipNonAfFeatures || !this.provablyNotAf(first, n, tpr, tprLow)) {
      this.cutWindow(first, n);
      const f = dashFeaturesWithCut(this.win, first, n, this.cut, tp);
      ({ nrmssd, shannon, tpr } = f);
      af = f.nrmssd > this.p.dashNrmssd && f.shannon > this.p.dashShannon && f.tpr > tprLow && f.tpr < this.p.dashTprHigh;
      if (af && this.gated) {
        // The robust-irregularity gate (off when its constants are 0): irregularity carried by a few beats is not AF's.
        const r = robustIrregularity(this.win, first, n, this.robust);
        const g = this.gate;
        if (g.mfNrmssdMin > 0 && !(r.mfNrmssd > g.mfNrmssdMin)) af = false;
        if (g.smallDeltasMax > 0 && !(r.smallDeltas <= g.smallDeltasMax) && (g.smallDeltasBelowNrmssd === 0 || f.nrmssd < g.smallDeltasBelowNrmssd)) af = false;
        mfNrmssd = r.mfNrmssd;
        smallDeltas = r.smallDeltas;
      }
      if (af) this.skipNonAfFeatures = false;
    }
    out.push({
      nrmssd,
      shannon,
      tpr,
      af,
      excluded: (rawBeats - n) / rawBeats > this.p.dashMaxExcludedFraction,
      startMs: this.winT[first] - this.win[first],
      endMs: this.winT[last],
      tagged,
      rawBeats,
      labelled,
      mfNrmssd,
      smallDeltas,
    });
  }

  /** The current window's trim into `cut`, from the kept extremes (rescanning the window when too few are kept). */
  private cutWindow(first: number, n: number): void {
    if (!this.extremes.cut(this.cut)) {
      this.extremes.rebuild(this.win, first, n, first);
      this.extremes.cut(this.cut);
    }
  }

  /**
   * The window cannot be AF (§3.2 step 7 needs all three features inside their bands): its TPR is
   * outside the band, or an upper bound of its nRMSSD is below the threshold (by a margin far above
   * rounding). Then the kept extremes are dropped too: upkeep stops until a window needs its trim,
   * which rebuilds them from that window.
   */
  private provablyNotAf(first: number, n: number, tpr: number, tprLow: number): boolean {
    const p = this.p;
    const settled = !(tpr > tprLow && tpr < p.dashTprHigh) || (p.dashNrmssd > 0 && nrmssdUpperBound(this.win, first, n, p.dashTrim) < p.dashNrmssd * (1 - 1e-9));
    if (settled) this.extremes.reset();
    return settled;
  }
}
