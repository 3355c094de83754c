import { DashAfDetector, type DashParams, type DashWindow } from './dash-af-detector';
import { ECTOPY, EctopicBeatClassifier, type EctopyParams } from './ectopic-beat-classifier';
import type { RatioReference } from './ratio-percentiles';

/**
 * AF_RR's detector (issue 18): Dash 2009 (§3.2) on normal-to-normal intervals, the beats' classes
 * taken from the monitor when it sends them and otherwise from the RR intervals themselves
 * (EctopicBeatClassifier: premature beats with a compensatory pause, and couplets, against a regular
 * underlying rhythm). Frequent PVCs and PACs in sinus rhythm then no longer read as irregular
 * rhythm, while AF (never regular enough to define a premature beat) reaches Dash unchanged.
 * Same interface and windows as DashAfDetector; two more beats of lookahead.
 */
export class EctopyAwareAfDetector {
  private readonly dash: DashAfDetector;
  private readonly classifier: EctopicBeatClassifier;
  private lastT = Number.NEGATIVE_INFINITY;
  private tag = 0;

  constructor(
    private readonly p: DashParams,
    reference?: RatioReference,
    ectopy: EctopyParams = ECTOPY,
  ) {
    this.dash = new DashAfDetector(p, reference, ectopy.tprRelief);
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
      this.dash.push(rrMs, tMs, tag, out, beatClass);
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
      this.dash.pushBatch(intervalsMs, endMs, tag, out, classes);
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
    return this.dash.newSeries(out);
  }

  private beat(rrMs: number, tMs: number, tag: number, out: DashWindow[]): void {
    // A gap with no beats (Dash restarts its series on it) also ends the rhythm the classifier knows.
    if (tMs - this.lastT - rrMs > this.p.rrGapMs || rrMs > this.p.rrGapMs) {
      this.drain(out, true);
      this.classifier.reset();
    }
    this.lastT = tMs;
    this.tag = tag;
    this.classifier.push(rrMs, tMs);
    this.drain(out, false);
  }

  /** Passes the decided intervals, with their classes, to Dash (all pending ones with flush). */
  private drain(out: DashWindow[], flush: boolean): void {
    const c = this.classifier;
    if (flush) c.flush();
    while (c.ready()) {
      this.dash.push(c.rrMs, c.tMs, this.tag, out, c.classCode);
      c.next();
    }
  }
}
