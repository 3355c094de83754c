import type { ThresholdValues } from '../threshold-set';
import { dashFeaturesWithCut, isDashAf, nrmssdUpperBound, type DashFeatures, type TrimCut } from './dash-features';
import { SlidingExtremes } from './sliding-extremes';
import { RollingRatioReference, type RatioReference } from './ratio-percentiles';

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
}


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
  /** The ring's smallest and largest values, kept as beats enter and leave, so a window's trim needs no scan. */
  private readonly extremes: SlidingExtremes;
  private readonly cut: TrimCut = { lowCut: 0, lowTies: 0, highCut: 0, highTies: 0, yMin: 0, yMax: 0 };
  removed = 0;
  /**
   * Set by a consumer that needs features only of AF windows: a window proven non-AF cheaply (TPR
   * outside its band, or an upper bound of nRMSSD below the threshold) then carries NaN for nRMSSD and
   * ShE, and costs no trim pass and no upkeep of the kept extremes. Emitting an AF window clears it,
   * as the consumer may need every later window's features (AF_RR describes the window that resolves
   * its alert).
   */
  skipNonAfFeatures = false;

  constructor(
    private readonly p: DashParams,
    private readonly reference: RatioReference = new RollingRatioReference(),
  ) {
    const n = p.dashWindow;
    this.win = new Float64Array(2 * n);
    this.winT = new Float64Array(n);
    this.winRaw = new Float64Array(n);
    this.winTag = new Uint8Array(n);
    this.turning = new Uint8Array(n);
    this.extremes = new SlidingExtremes(p.dashTrim, n);
  }

  /** Feeds one RR interval ending at beat time tMs; returns the windows completed by it (0 or 1, or flushes). */
  push(rrMs: number, tMs: number, tag = 0, out: DashWindow[] = []): DashWindow[] {
    const raw = this.rawIndex++;
    // Step 0: a gap with no beats longer than rrGapMs starts a new series.
    if (tMs - this.lastBeatT - rrMs > this.p.rrGapMs || rrMs > this.p.rrGapMs) this.newSeries(out);
    this.lastBeatT = tMs;
    if (rrMs < this.p.rrMinMs || rrMs > this.p.rrMaxMs) {
      this.removed++;
      return out;
    }
    if (this.lastRr === this.lastRr) this.reference.add(rrMs / this.lastRr, tMs); // (not NaN)
    this.lastRr = rrMs;
    const k = (this.pStart + this.pending++) & 3;
    this.pRr[k] = rrMs;
    this.pT[k] = tMs;
    this.pRaw[k] = raw;
    this.pTag[k] = tag;
    this.drain(out, false);
    return out;
  }

  /** Starts a new series: the beats still awaiting lookahead are kept (they cannot be tested). */
  newSeries(out: DashWindow[] = []): DashWindow[] {
    this.drain(out, true);
    this.prevRr = NaN;
    this.lastRr = NaN;
    this.filled = 0;
    this.head = 0;
    this.tagged = 0;
    this.turningCount = 0;
    this.sinceWindow = 0;
    this.extremes.reset();
    return out;
  }

  private drain(out: DashWindow[], flush: boolean): void {
    // Step 1: beat i is ectopic when RR_i/RR_{i−1} < p1, RR_{i+1}/RR_i > p99 and RR_{i+1}/RR_{i+2} > p25.
    const r = this.pRr;
    while (this.pending >= 3 || (flush && this.pending > 0)) {
      const s = this.pStart;
      const r0 = r[s];
      const pct = this.pending >= 3 && this.prevRr === this.prevRr ? this.reference.percentiles() : null;
      if (pct) {
        const r1 = r[(s + 1) & 3];
        if (r0 / this.prevRr < pct.p1 && r1 / r0 > pct.p99 && r1 / r[(s + 2) & 3] > pct.p25) {
          this.prevRr = r1;
          this.removed += 2;
          this.pStart = (s + 2) & 3;
          this.pending -= 2;
          continue;
        }
      }
      this.prevRr = r0;
      this.pStart = (s + 1) & 3;
      this.pending--;
      this.accept(r0, this.pT[s], this.pRaw[s], this.pTag[s], out);
    }
  }

  private accept(rr: number, t: number, raw: number, tag: number, out: DashWindow[]): void {
    const n = this.p.dashWindow;
    const at = this.head;
    // The running tag count loses the beat this one overwrites (while the ring is full).
    if (this.filled === n) {
      this.tagged -= this.winTag[at];
      this.turningCount -= this.turning[at];
      this.extremes.remove(this.win[at], at);
    }
    this.turning[at] = 0;
    if (this.filled >= 2) {
      // Step 6, kept as beats arrive: the previous beat now has both neighbours (mirrored ring: no wrap).
      const prev = this.win[at + n - 1];
      const f = +((prev - this.win[at + n - 2]) * (prev - rr) > 0);
      this.turning[at === 0 ? n - 1 : at - 1] = f;
      this.turningCount += f;
    }
    this.extremes.add(rr, at);
    this.win[at] = rr;
    this.win[at + n] = rr;
    this.winT[at] = t;
    this.winRaw[at] = raw;
    this.winTag[at] = tag;
    this.tagged += tag;
    this.head = at + 1 === n ? 0 : at + 1;
    if (this.filled < n) this.filled++;
    this.sinceWindow++;
    if (this.filled < n) return;
    // Step 2: the first window when 128 values are in, then every 16 new values.
    if (this.sinceWindow < this.p.dashStep) return;
    this.sinceWindow = 0;
    const tagged = this.tagged;
    const first = this.head; // oldest
    const last = (this.head + n - 1) % n;
    // The window's TP: all flagged beats but the oldest, which has no neighbour before it in the window.
    const tp = this.turningCount - this.turning[first];
    let nrmssd = NaN;
    let shannon = NaN;
    let tpr = tp / n;
    let af = false;
    if (!this.skipNonAfFeatures || !this.provablyNotAf(first, n, tpr)) {
      this.cutWindow(first, n);
      const f = dashFeaturesWithCut(this.win, first, n, this.cut, tp);
      ({ nrmssd, shannon, tpr } = f);
      af = isDashAf(f, this.p);
      if (af) this.skipNonAfFeatures = false;
    }
    const rawBeats = this.winRaw[last] - this.winRaw[first] + 1;
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
  private provablyNotAf(first: number, n: number, tpr: number): boolean {
    const p = this.p;
    const settled = !(tpr > p.dashTprLow && tpr < p.dashTprHigh) || (p.dashNrmssd > 0 && nrmssdUpperBound(this.win, first, n, p.dashTrim) < p.dashNrmssd * (1 - 1e-9));
    if (settled) this.extremes.reset();
    return settled;
  }
}
