import { severityRank, type AlertSeverity, type ClinicalEvent, type Evidence, type VitalsEvent } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { PHENYLEPHRINE } from '../engine/pressor-state';
import { HOUR, MIN, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';
import { ContinuousRun } from '../engine/continuous-run';
import { crsTag } from '../engine/crs-tag';

interface Reading {
  at: number;
  severity: AlertSeverity | null;
  why: string;
  event: VitalsEvent;
}

/** The reading's BP values as evidence, built only when a signal needs it (most readings are normal). */
function evidenceOf(r: Reading): Evidence[] {
  const e = r.event;
  const out: Evidence[] = [];
  if (e.sbp !== undefined) out.push({ eventId: e.id, time: e.time, field: 'sbp', value: e.sbp });
  if (e.map !== undefined) out.push({ eventId: e.id, time: e.time, field: 'map', value: e.map });
  return out;
}

/**
 * HYPOTENSION (CLINICAL_RULES.md §6.1). NIBP needs 2 qualifying readings ≤15 min apart (one if SBP <70);
 * an arterial line needs 60 s of continuous qualifying samples. Resolve needs the reverse condition
 * (2 NIBP readings, or 15 min arterial) and no vasopressor rise in the last 60 min.
 */
export class HypotensionRule implements Rule {
  readonly id = 'hypotension' as const;
  readonly inputs = ['vitals', 'pressor', 'dose'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = [
    'sbpLow',
    'mapLow',
    'sbpSevere',
    'mapSevere',
    'sbpSingleReading',
    'sbpBaselineFraction',
    'nibpPairMaxGapMin',
    'arterialSustainSec',
    'pressorRelativeMax',
    'pressorAbsoluteMax',
  ];

  private firing = false;
  private pendingNibp: Reading | null = null;
  private goodNibp = 0;
  private readonly badArterial = new ContinuousRun();
  private readonly goodArterial = new ContinuousRun();
  private ackEscalated = false;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    this.sync(ctx);
    if (event.type === 'vitals') return this.onVitals(event, at, ctx);
    // Pressor and dose events change P1/P2 (documented infusions and dose-time rates need no sustain).
    const pressor = pressorBand(ctx, at);
    if (event.type === 'pressor' && this.firing && ctx.lastPressorRaised && ctx.alerts.severity(this.id) === 'medium')
      return fire(at, 'high', `Vasopressor ${event.drug} started or raised to ${event.rateMcgKgMin} µg/kg/min while hypotension is active`, [
        { eventId: event.id, time: toIso(at), field: 'rateMcgKgMin', value: event.rateMcgKgMin },
      ]);
    if (pressor.severity) {
      this.firing = true;
      return fire(at, pressor.severity, pressor.why, [{ eventId: event.id, time: toIso(at), field: event.type === 'pressor' ? 'rateMcgKgMin' : 'doseNumber', value: event.type === 'pressor' ? event.rateMcgKgMin : event.type === 'dose' ? event.doseNumber : 0 }]);
    }
    return undefined;
  }

  onTick(now: number, ctx: PatientContext): RuleSignal | undefined {
    this.sync(ctx);
    const ackAt = ctx.alerts.acknowledgedAt(this.id);
    if (!this.firing || this.ackEscalated || ackAt === null || ctx.alerts.severity(this.id) !== 'medium') return undefined;
    const due = ackAt + ctx.t.hypoAckEscalateMin * MIN;
    if (now < due) return undefined;
    this.ackEscalated = true;
    return fire(due, 'high', `Hypotension still active ${ctx.t.hypoAckEscalateMin} min after acknowledgement`, []);
  }

  nextDue(ctx: PatientContext): number | null {
    this.sync(ctx);
    const ackAt = ctx.alerts.acknowledgedAt(this.id);
    if (!this.firing || this.ackEscalated || ackAt === null || ctx.alerts.severity(this.id) !== 'medium') return null;
    return ackAt + ctx.t.hypoAckEscalateMin * MIN;
  }

  /** The alert book is the truth (alerts survive replays); a closed alert clears per-alert state. */
  private sync(ctx: PatientContext): void {
    this.firing = ctx.alerts.isOpen(this.id);
    if (!this.firing) this.ackEscalated = false;
  }

  private onVitals(event: VitalsEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    if (event.sbp === undefined && event.map === undefined) return undefined;
    const reading = classify(event, at, ctx);
    return event.method === 'arterial' ? this.arterial(reading, at, ctx) : this.nibp(reading, event, at, ctx);
  }

  private nibp(r: Reading, event: VitalsEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    const t = ctx.t;
    if (r.severity === null) {
      this.pendingNibp = null;
      if (!this.firing) return undefined;
      this.goodNibp++;
      return this.tryResolve(at, ctx, this.goodNibp >= t.hypoResolveReadings, `${t.hypoResolveReadings} consecutive NIBP readings SBP ≥${t.sbpLow} and MAP ≥${t.mapLow}`, evidenceOf(r));
    }
    // A low reading on either route breaks both reverse runs (a patient may have both routes).
    this.goodNibp = 0;
    this.goodArterial.reset();
    if (this.firing) return this.raiseTo(r, ctx);
    if (event.sbp !== undefined && event.sbp < t.sbpSingleReading) return this.start(r, `${r.why} (single reading <${t.sbpSingleReading})`, evidenceOf(r), ctx);
    const prev = this.pendingNibp;
    if (prev && prev.severity && at - prev.at <= t.nibpPairMaxGapMin * MIN && at > prev.at) {
      this.pendingNibp = null;
      const sev = severityRank[prev.severity] < severityRank[r.severity] ? prev.severity : r.severity;
      return this.start({ ...r, severity: sev }, `${r.why}, sustained 2 NIBP readings`, [...evidenceOf(prev), ...evidenceOf(r)], ctx);
    }
    this.pendingNibp = r;
    return undefined;
  }

  private arterial(r: Reading, at: number, ctx: PatientContext): RuleSignal | undefined {
    const t = ctx.t;
    if (r.severity === null) {
      this.badArterial.reset();
      if (!this.firing) return undefined;
      this.goodArterial.add(at, 'low', evidenceOf(r));
      return this.tryResolve(at, ctx, this.goodArterial.sustained(at, t.hypoResolveArterialMin * MIN), `arterial SBP ≥${t.sbpLow} and MAP ≥${t.mapLow} for ${t.hypoResolveArterialMin} min`, evidenceOf(r));
    }
    this.goodArterial.reset();
    this.goodNibp = 0;
    if (this.firing) return this.raiseTo(r, ctx);
    this.badArterial.add(at, r.severity, evidenceOf(r));
    if (!this.badArterial.sustained(at, t.arterialSustainSec * 1000)) return undefined;
    const { floor, evidence } = this.badArterial;
    this.badArterial.reset();
    return this.start({ ...r, severity: floor }, `${r.why}, sustained ${t.arterialSustainSec} s (arterial)`, evidence, ctx);
  }

  private start(r: Reading, message: string, evidence: Evidence[], ctx: PatientContext): RuleSignal {
    this.firing = true;
    this.goodNibp = 0;
    this.ackEscalated = false;
    return fire(r.at, r.severity ?? 'medium', crsTag(message, ctx), evidence);
  }

  private raiseTo(r: Reading, ctx: PatientContext): RuleSignal | undefined {
    return r.severity ? fire(r.at, r.severity, crsTag(r.why, ctx), evidenceOf(r)) : undefined;
  }

  private tryResolve(at: number, ctx: PatientContext, bpOk: boolean, why: string, evidence: Evidence[]): RuleSignal | undefined {
    if (!bpOk) return undefined;
    if (pressorBand(ctx, at).severity) return undefined;
    if (ctx.pressors.raisedWithin(at, ctx.t.pressorStableMin * MIN)) return undefined;
    this.firing = false;
    this.goodNibp = 0;
    this.goodArterial.reset();
    this.pendingNibp = null;
    return resolve(at, why, evidence);
  }
}

/** Severity band of one BP reading (C1/C2 with P1/P2 modifiers, C3 alone = LOW). */
function classify(e: VitalsEvent, at: number, ctx: PatientContext): Reading {
  const t = ctx.t;
  const c1 = e.sbp !== undefined && e.sbp < t.sbpLow;
  const c2 = e.map !== undefined && e.map < t.mapLow;
  const base = ctx.baseline.sbp;
  const c3 = e.sbp !== undefined && base !== undefined && e.sbp < t.sbpBaselineFraction * base;
  const pressor = pressorBand(ctx, at);
  if (c1 || c2) {
    const parts: string[] = [];
    if (c1) parts.push(`SBP ${e.sbp} mmHg (<${t.sbpLow})`);
    if (c2) parts.push(`MAP ${e.map} mmHg (<${t.mapLow})`);
    const severe = (e.sbp !== undefined && e.sbp < t.sbpSevere) || (e.map !== undefined && e.map < t.mapSevere);
    if (severe) return reading(at, 'high', `${parts.join(', ')}: below the HIGH band (SBP <${t.sbpSevere} or MAP <${t.mapSevere})`, e);
    if (pressor.level === 2) return reading(at, 'high', `${parts.join(', ')} on ${pressor.why}`, e);
    return reading(at, 'medium', parts.join(', ') + (pressor.level === 1 ? ` on ${pressor.why}` : ''), e);
  }
  if (c3) return reading(at, 'low', `SBP ${e.sbp} mmHg below ${Math.round(t.sbpBaselineFraction * 100)}% of baseline ${Math.round(base ?? 0)} mmHg`, e);
  return reading(at, null, '', e);
}


function reading(at: number, severity: AlertSeverity | null, why: string, event: VitalsEvent): Reading {
  return { at, severity, why, event };
}

const NO_PRESSOR = { level: 0, severity: null, why: '' } as const;

/** P1 (relative) / P2 (absolute) vasopressor criteria of [D14]; any other vasopressor counts as P1, two at once as P2. */
export function pressorBand(ctx: PatientContext, at: number): { level: 0 | 1 | 2; severity: AlertSeverity | null; why: string } {
  const t = ctx.t;
  const p = ctx.pressors;
  if (p.isEmpty) return NO_PRESSOR;
  const max = p.max(PHENYLEPHRINE, at, t.pressorWindowH * HOUR);
  let dose: { at: number } | undefined;
  for (let i = ctx.doses.length - 1; i >= 0 && !dose; i--) if (ctx.doses[i].at <= at && ctx.doses[i].at > at - t.pressorWindowH * HOUR) dose = ctx.doses[i];
  const atDose = dose ? p.max(PHENYLEPHRINE, dose.at, 0) : 0;
  if (max >= t.pressorAbsoluteMax || atDose > t.pressorAbsoluteAtDose || p.running() >= 2) {
    const why = p.running() >= 2 ? `${p.running()} vasopressors running (P2)` : `phenylephrine max ${max} / at dose ${atDose} µg/kg/min (P2)`;
    return { level: 2, severity: 'medium', why };
  }
  const other = p.running() - (p.rate(PHENYLEPHRINE) > 0 ? 1 : 0);
  if (max >= t.pressorRelativeMax || atDose > t.pressorRelativeAtDose || other > 0)
    return { level: 1, severity: 'medium', why: other > 0 ? 'a vasopressor (P1)' : `phenylephrine max ${max} / at dose ${atDose} µg/kg/min (P1)` };
  return { level: 0, severity: null, why: '' };
}
