import { DashAfDetector, type DashParams, type DashWindow } from './dash-af-detector';
import { ECTOPY, EctopicBeatClassifier, type EctopyParams } from './ectopic-beat-classifier';
import type { RatioReference } from './ratio-percentiles';
import { CosenTracker } from './cosen-tracker';

/**
 * AF_RR's detector (issue 18): Dash 2009 (§3.2) on normal-to-normal intervals, the beats' classes
 * taken from the monitor when it sends them and otherwise from the RR intervals themselves
 * (EctopicBeatClassifier: premature beats with a compensatory pause, and couplets, against a regular
 * underlying rhythm). Frequent PVCs and PACs in sinus rhythm then no longer read as irregular
 * rhythm, while AF (never regular enough to define a premature beat) reaches Dash unchanged.
 * COSEn gate (issue 18, fourth sitting; ECTOPY.cosenGate): a window Dash calls AF stays AF only when
 * the mean 12-beat COSEn of the raw beats in its span is above cosenMin (−1.6): a wandering sinus rate
 * with random premature beats reads as AF over 128 beats but is regular over 12 (docs/VALIDATION.md).
 * Same interface and windows as DashAfDetector; two more beats of lookahead.
 */
export class EctopyAwareAfDetector {
  private readonly dash: DashAfDetector;
  private readonly classifier: EctopicBeatClassifier;
  private lastT = Number.NEGATIVE_INFINITY;
  private tag = 0;
  /** COSEn of the raw beats (every interval, labelled or not), when the COSEn gate is on. */
  private readonly cosen: CosenTracker | null;
  private readonly cosenMin: number;

  constructor(
    private readonly p: DashParams,
    reference?: RatioReference,
    ectopy: EctopyParams = ECTOPY,
  ) {
    this.cosen = ectopy.cosenGate ? new CosenTracker() : null;
    this.cosenMin = ectopy.cosenMin;
    this.dash = new DashAfDetector(p, reference, ectopy.tprRelief, { mfNrmssdMin: ectopy.mfNrmssdMin, smallDeltasMax: ectopy.smallDeltasMax, smallDeltasBelowNrmssd: ectopy.smallDeltasBelowNrmssd });
    this.classifier = new EctopicBeatClassifier(p.rrMinMs, p.rrMaxMs, ectopy);
  }

  get skipNonAfFeatures(): boolean {
    return this.dash.skipNonAfFeatures;
  }
  set skipNonAfFeatures(v: boolean) {
    this.dash.skipNonAfFeatures = v;
  }
  /** Beats removed by Dash's guard and ratio test (labelled ectopic beats are not counted: they are known). */
  get removed(): number {
    return this.dash.removed;
  }

  /** One interval ending at tMs; beatClass: the monitor's class letter code when it labels beats (then used as is). */
  push(rrMs: number, tMs: number, tag = 0, out: DashWindow[] = [], beatClass = -1): DashWindow[] {
    if (beatClass >= 0) {
      this.drain(out, true);
      this.cosenBeat(rrMs, tMs);
      const from = out.length;
      this.dash.push(rrMs, tMs, tag, out, beatClass);
      this.gate(out, from);
      this.lastT = tMs;
      return out;
    }
    this.beat(rrMs, tMs, tag, out);
    return out;
  }

  /** A monitor's batch whose last beat ends at endMs (earlier beats' times counted back, as AF_RR does). */
  pushBatch(intervalsMs: ArrayLike<number>, endMs: number, tag = 0, out: DashWindow[] = [], classes: string | null = null): DashWindow[] {
    if (classes !== null) {
      this.drain(out, true);
      if (this.cosen) {
        let t = endMs;
        for (let i = intervalsMs.length - 1; i > 0; i--) t -= intervalsMs[i];
        for (let i = 0; i < intervalsMs.length; i++) {
          if (i > 0) t += intervalsMs[i];
          this.cosenBeat(intervalsMs[i], t);
        }
      }
      const from = out.length;
      this.dash.pushBatch(intervalsMs, endMs, tag, out, classes);
      this.gate(out, from);
      this.lastT = endMs;
      return out;
    }
    let t = endMs;
    for (let i = intervalsMs.length - 1; i > 0; i--) t -= intervalsMs[i];
    for (let i = 0; i < intervalsMs.length; i++) {
      if (i > 0) t += intervalsMs[i];
      this.beat(intervalsMs[i], t, tag, out);
    }
    return out;
  }

  newSeries(out: DashWindow[] = []): DashWindow[] {
    this.drain(out, true);
    this.classifier.reset();
    this.cosen?.newSeries();
    const from = out.length;
    this.dash.newSeries(out);
    this.gate(out, from);
    return out;
  }

  private beat(rrMs: number, tMs: number, tag: number, out: DashWindow[]): void {
    // A gap with no beats (Dash restarts its series on it) also ends the rhythm the classifier knows.
    if (tMs - this.lastT - rrMs > this.p.rrGapMs || rrMs > this.p.rrGapMs) {
      this.drain(out, true);
      this.classifier.reset();
      this.cosen?.newSeries();
    }
    this.cosenBeat(rrMs, tMs);
    this.lastT = tMs;
    this.tag = tag;
    this.classifier.push(rrMs, tMs);
    this.drain(out, false);
  }

  /** Passes the decided intervals, with their classes, to Dash (all pending ones with flush). */
  private drain(out: DashWindow[], flush: boolean): void {
    const c = this.classifier;
    if (flush) c.flush();
    const from = out.length;
    while (c.ready()) {
      this.dash.push(c.rrMs, c.tMs, this.tag, out, c.classCode);
      c.next();
    }
    this.gate(out, from);
  }

  /** Feeds the COSEn tracker one raw interval (the guard's range only: artefacts have no rhythm's entropy). */
  private cosenBeat(rrMs: number, tMs: number): void {
    if (this.cosen && rrMs >= this.p.rrMinMs && rrMs <= this.p.rrMaxMs) this.cosen.push(rrMs, tMs);
  }

  /** The COSEn gate on the windows out[from…]: a Dash-AF window whose beats' mean COSEn is not above cosenMin is not AF. */
  private gate(out: DashWindow[], from: number): void {
    if (!this.cosen) return;
    for (let k = from; k < out.length; k++) {
      const w = out[k];
      if (!w.af) continue;
      const c = this.cosen.meanBetween(w.startMs - 1e-6, w.endMs);
      w.cosen = c;
      if (!(c > this.cosenMin)) w.af = false;
    }
  }
}
