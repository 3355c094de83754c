import type { AcknowledgeEvent, ClinicalEvent, Evidence } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleOutput, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import type { DashWindow } from '../af/dash-af-detector';
import { EctopyAwareAfDetector } from '../af/ectopy-aware-af-detector';
import { MIN, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

/**
 * AF_RR (§6.3, §10): the Dash 2009 detector on the normal-to-normal intervals of `rr` events (beat
 * classes from the monitor, else ectopic beats recognised from the RR; windows that a 12-beat COSEn reads
 * as regular are not AF; see EctopyAwareAfDetector). ≥2 consecutive AF windows raise MEDIUM
 * ("suspected AF — confirm on ECG"); HIGH with a concurrent monitor AF label, HR >130 or SBP <90;
 * suppressed while AF_RHYTHM_LABEL was already active; afRrResolveWindows (24) consecutive non-AF windows resolve.
 */
export class AfRrRule implements Rule {
  readonly id = 'af_rr' as const;
  readonly inputs = ['rr', 'vitals', 'rhythm'] as const;
  readonly carriedAcrossReplay = true;
  readonly thresholdKeys: readonly ThresholdKey[] = ['dashNrmssd', 'dashShannon', 'dashTprLow', 'dashTprHigh', 'dashWindow', 'dashStep', 'afRrSustainWindows', 'afRrResolveWindows'];

  private detector: EctopyAwareAfDetector | null = null;
  private readonly windows: DashWindow[] = [];
  private positives = 0;
  private negatives = 0;
  private firing = false;
  private lastEnd = Number.NEGATIVE_INFINITY;
  private muted = false;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleOutput {
    this.firing = ctx.alerts.isOpen(this.id); // the alert book is the truth (alerts survive replays)
    if (event.type !== 'rr') return this.firing ? this.corroborate(event, at, ctx) : undefined;
    // A batch that ends at or before the last beat already fed is a replay or duplicate of the beat stream.
    if (at <= this.lastEnd) return undefined;
    this.detector ??= new EctopyAwareAfDetector(ctx.t);
    const out = this.windows;
    out.length = 0;
    // Until this batch raises, only AF windows' features can appear in a transition (see onWindow).
    this.detector.skipNonAfFeatures = !this.firing;
    // The monitor's beat classes, when it sends them: only normal-to-normal intervals are rhythm.
    this.detector.pushBatch(event.intervalsMs, at, 0, out, event.beatClasses ?? null);
    this.lastEnd = at;
    // Every transition the batch causes, in order: a resolve and a re-raise (or a whole episode) inside
    // one long batch are separate alerts, not merged into the last signal.
    let signals: RuleSignal[] | undefined;
    for (const w of out) {
      const s = this.onWindow(w, event.id, ctx);
      if (s) (signals ??= []).push(s);
    }
    return signals;
  }

  /**
   * Clinician "not AF" feedback (an acknowledgement whose note says "not AF") closes the alert and
   * mutes the detector until this irregular stretch ends (4 non-AF windows), so it does not re-raise
   * at once on the same rhythm. The ack and its note stay in the audit for threshold review.
   */
  onAcknowledge(event: AcknowledgeEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    this.firing = ctx.alerts.isOpen(this.id); // the alert book is the truth (alerts survive replays)
    if (!this.firing || !/\bnot\s+af\b/i.test(event.note ?? '')) return undefined;
    this.firing = false;
    this.muted = true;
    this.positives = 0;
    return resolve(at, `clinician feedback: not AF (${event.by})`, [{ eventId: event.id, time: event.time, field: 'note', value: event.note ?? '' }]);
  }

  private onWindow(w: DashWindow, eventId: string, ctx: PatientContext): RuleSignal | undefined {
    if (w.excluded) return undefined;
    const t = ctx.t;
    if (w.af) {
      this.positives++;
      this.negatives = 0;
    } else {
      this.negatives++;
      this.positives = 0;
    }
    if (this.muted) {
      if (this.negatives >= t.afRrResolveWindows) this.muted = false;
      return undefined;
    }
    if (!this.firing && this.positives >= t.afRrSustainWindows) {
      // The RR detector only corroborates a monitor label that is already alarming.
      if (ctx.alerts.isOpen('af_rhythm')) return undefined;
      this.firing = true;
      const high = this.highReason(w.endMs, ctx);
      return fire(w.endMs, high ? 'high' : 'medium', `Suspected AF from RR intervals — confirm on ECG (${describe(w)}; ${this.positives} consecutive windows)${high ? `; ${high}` : ''}`, windowEvidence(w, eventId));
    }
    if (this.firing && this.negatives >= t.afRrResolveWindows) {
      this.firing = false;
      return resolve(w.endMs, `${t.afRrResolveWindows} consecutive non-AF RR windows (${describe(w)})`, windowEvidence(w, eventId));
    }
    return undefined;
  }

  /** While open: HIGH once the monitor label agrees or HR >130 / SBP <90 occur. */
  private corroborate(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    if (ctx.alerts.severity(this.id) === 'high') return undefined;
    const why = this.highReason(at, ctx);
    if (!why) return undefined;
    return fire(at, 'high', `Suspected AF from RR intervals corroborated: ${why}`, [{ eventId: event.id, time: toIso(at), field: event.type, value: why }]);
  }

  private highReason(at: number, ctx: PatientContext): string | null {
    const t = ctx.t;
    if (ctx.alerts.isOpen('af_rhythm') || (ctx.rhythm && ['af', 'aflutter'].includes(ctx.rhythm.label) && at - ctx.rhythm.at < 60 * MIN)) return 'monitor rhythm label agrees';
    const hr = ctx.recent('hr', at, 5 * MIN);
    if (hr && hr.value > t.afRrHrHigh) return `HR ${hr.value} > ${t.afRrHrHigh}`;
    const sbp = ctx.recent('sbp', at, 15 * MIN);
    if (sbp && sbp.value < t.sbpLow) return `SBP ${sbp.value} < ${t.sbpLow}`;
    return null;
  }
}

function describe(w: DashWindow): string {
  return `nRMSSD ${w.nrmssd.toFixed(3)}, ShE ${w.shannon.toFixed(3)}, TPR ${w.tpr.toFixed(3)}`;
}

function windowEvidence(w: DashWindow, eventId: string): Evidence[] {
  const time = toIso(w.endMs);
  return [
    { eventId, time, field: 'nrmssd', value: round(w.nrmssd) },
    { eventId, time, field: 'shannon', value: round(w.shannon) },
    { eventId, time, field: 'tpr', value: round(w.tpr) },
  ];
}

const round = (v: number) => Math.round(v * 1000) / 1000;
