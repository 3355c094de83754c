import { bpIsArtefact, type AlertSeverity, type ClinicalEvent, type Evidence, type VitalsEvent } from '@vigil/contracts';
import { fire, prompt, resolve, stepDown, type Rule, type RuleSignal } from '../engine/rule';
import { milder, RecheckPair } from '../engine/recheck-pair';
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
 * HYPOTENSION (CLINICAL_RULES.md §6.1 as amended by §10). Intermittent readings (NIBP, and arterial
 * values ≥ 60 s after the previous arterial one) need 2 consecutive qualifying readings at any gap up
 * to the staleness limit; the first raises a LOW recheck prompt (one reading suffices if SBP <70). A
 * continuous arterial line needs 60 s of qualifying samples. Resolve: SBP ≥90 and MAP ≥65 on 2
 * consecutive readings spanning the 15-min resolve window (§6.0 hysteresis; or 15 min arterial) and no
 * vasopressor rise in 60 min; if C3 (<80% of baseline) still
 * holds, a MEDIUM/HIGH alert steps down to LOW instead and resolves when C3 clears. BP artefacts
 * (§10 physiological bounds) are ignored: they neither qualify nor count as normal.
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
    'intermittentStaleH',
    'arterialSustainSec',
    'hypoResolveSpanMin',
    'pressorRelativeMax',
    'pressorAbsoluteMax',
  ];

  /** A confirmed alert is open (not a recheck prompt). */
  private firing = false;
  private readonly pair = new RecheckPair();
  /** Intermittency of arterial values, judged on the arterial route alone. */
  private readonly arterialCadence = new RecheckPair();
  /** Consecutive intermittent readings with C1/C2 clear, and with C3 clear as well. */
  private goodBp = 0;
  private goodAll = 0;
  /** When the current runs of good intermittent readings began (the resolve window counts from there). */
  private goodBpSince = 0;
  private goodAllSince = 0;
  private readonly badArterial = new ContinuousRun();
  private readonly goodArterial = new ContinuousRun();
  private readonly calmArterial = new ContinuousRun();
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
    const stale = this.pair.staleAt(ctx.t.intermittentStaleH * HOUR);
    if (stale !== null && now >= stale) {
      this.pair.normal();
      if (ctx.alerts.isPrompt(this.id)) return resolve(stale, `no repeat blood pressure within ${ctx.t.intermittentStaleH} h of the recheck prompt`);
    }
    const due = this.recovering() ? null : this.ackEscalationDue(ctx);
    if (due === null || now < due) return undefined;
    this.ackEscalated = true;
    return fire(due, 'high', `Hypotension still active ${ctx.t.hypoAckEscalateMin} min after acknowledgement`, []);
  }

  nextDue(ctx: PatientContext): number | null {
    this.sync(ctx);
    const stale = this.pair.staleAt(ctx.t.intermittentStaleH * HOUR);
    const ack = this.recovering() ? null : this.ackEscalationDue(ctx);
    if (stale === null) return ack;
    return ack === null ? stale : Math.min(stale, ack);
  }

  /** §6.1: an acknowledged MEDIUM alert becomes HIGH this long after the acknowledgement, if the hypotension still holds. */
  private ackEscalationDue(ctx: PatientContext): number | null {
    const ackAt = ctx.alerts.acknowledgedAt(this.id);
    if (!this.firing || this.ackEscalated || ackAt === null || ctx.alerts.severity(this.id) !== 'medium') return null;
    return ackAt + ctx.t.hypoAckEscalateMin * MIN;
  }

  /**
   * The latest BP clears C1/C2 and the alert is only waiting out its resolve window. "Still active"
   * in §6.1's escalation means the hypotension, not the latch: a patient whose pressure has come
   * back is neither escalated to HIGH nor re-notified after the snooze; a low reading after the due
   * time escalates (or re-notifies) at that reading.
   */
  recovering(): boolean {
    return this.firing && (this.goodBp > 0 || this.goodArterial.running);
  }

  /** A qualifying reading while the alert is open: its band, or the acknowledgement escalation if that fell due during a recovery that failed. */
  private raiseOrEscalate(r: Reading, ctx: PatientContext): RuleSignal | undefined {
    const due = this.ackEscalationDue(ctx);
    if (due === null || r.at < due || r.severity === 'high') return this.raiseTo(r, ctx);
    this.ackEscalated = true;
    return fire(r.at, 'high', crsTag(`Hypotension still active ${ctx.t.hypoAckEscalateMin} min after acknowledgement: ${r.why}`, ctx), evidenceOf(r));
  }

  /** The alert book is the truth (alerts survive replays); a closed alert clears per-alert state. */
  private sync(ctx: PatientContext): void {
    this.firing = ctx.alerts.isOpen(this.id) && !ctx.alerts.isPrompt(this.id);
    if (!this.firing) this.ackEscalated = false;
  }

  private onVitals(event: VitalsEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    if (event.sbp === undefined && event.map === undefined) return undefined;
    // §10: an artefact is stored and shown, but neither raises nor clears anything.
    if (bpIsArtefact(event)) return undefined;
    const reading = classify(event, at, ctx);
    if (event.method === 'arterial') {
      if (!this.arterialCadence.isIntermittent(at)) return this.arterial(reading, at, ctx);
      // A spot value may start a continuous run (a line just connected, or back after a gap): it seeds the runs.
      const bpOk = reading.severity === null || (reading.severity === 'low' && this.firing && ctx.alerts.severity(this.id) !== 'low');
      if (!bpOk && !this.firing) this.badArterial.add(at, reading.severity ?? 'low', evidenceOf(reading));
      else this.badArterial.reset();
      if (bpOk && this.firing) {
        this.goodArterial.reset();
        this.goodArterial.add(at, 'low', evidenceOf(reading));
        this.calmArterial.reset();
        if (reading.severity === null) this.calmArterial.add(at, 'low', evidenceOf(reading));
      }
    }
    return this.intermittent(reading, event, at, ctx);
  }

  private intermittent(r: Reading, event: VitalsEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    const t = ctx.t;
    const route = event.method === 'arterial' ? 'arterial value' : 'NIBP';
    const bpOk = r.severity === null || (r.severity === 'low' && this.firing && ctx.alerts.severity(this.id) !== 'low');
    // A low reading on either route breaks the continuous reverse runs (a patient may have both routes).
    if (event.method !== 'arterial') {
      if (!bpOk) this.goodArterial.reset();
      if (r.severity !== null) this.calmArterial.reset();
    }
    if (bpOk) {
      // C1/C2 clear: counts towards the resolve (a C3-only reading counts only for a MEDIUM/HIGH alert).
      if (this.goodBp++ === 0) this.goodBpSince = at;
      if (r.severity === null) {
        if (this.goodAll++ === 0) this.goodAllSince = at;
      } else this.goodAll = 0;
      this.pair.normal(at);
      if (!this.firing) {
        if (ctx.alerts.isPrompt(this.id) && this.pair.pending === null) return resolve(at, `repeat ${route} did not confirm (${bpText(event)})`, evidenceOf(r));
        return undefined;
      }
      // §6.0 hysteresis: the recovery must hold over the resolve window (§6.1's 15 min), not only on 2
      // readings: a cuff cycling every 5 min otherwise resolved and re-raised one episode within minutes.
      const span = t.hypoResolveSpanMin * MIN;
      const held = this.goodBp >= t.hypoResolveReadings && at - this.goodBpSince >= span;
      const calm = this.goodAll >= t.hypoResolveReadings && at - this.goodAllSince >= span;
      return this.resolveOrStepDown(r, at, ctx, held, calm, `${t.hypoResolveReadings} consecutive readings SBP ≥${t.sbpLow} and MAP ≥${t.mapLow} over ${t.hypoResolveSpanMin} min`);
    }
    this.goodBp = 0;
    this.goodAll = 0;
    if (this.firing) return this.raiseOrEscalate(r, ctx);
    if (r.severity === null) return undefined;
    if (event.sbp !== undefined && event.sbp < t.sbpSingleReading) {
      this.pair.normal();
      return this.start(r, `${r.why} (single reading <${t.sbpSingleReading})`, evidenceOf(r), ctx);
    }
    const outcome = this.pair.qualifying({ at, severity: r.severity, why: r.why, evidence: evidenceOf(r) }, t.intermittentStaleH * HOUR);
    if (outcome.kind === 'confirm') {
      const { first, second } = outcome;
      return this.start({ ...r, severity: milder(first.severity, second.severity) }, `${r.why}, confirmed on 2 consecutive readings ${gapText(second.at - first.at)} apart`, [...first.evidence, ...second.evidence], ctx);
    }
    return prompt(at, `Recheck: ${r.why}: repeat ${event.method === 'arterial' ? 'blood pressure' : 'NIBP'} within ${t.nibpPairMaxGapMin} min`, evidenceOf(r));
  }

  private arterial(r: Reading, at: number, ctx: PatientContext): RuleSignal | undefined {
    const t = ctx.t;
    if (r.severity === null || (r.severity === 'low' && this.firing && ctx.alerts.severity(this.id) !== 'low')) {
      this.badArterial.reset();
      this.pair.normal(at);
      if (ctx.alerts.isPrompt(this.id) && this.pair.pending === null) return resolve(at, `arterial SBP ≥${t.sbpLow} and MAP ≥${t.mapLow} after the recheck prompt`, evidenceOf(r));
      if (!this.firing) return undefined;
      this.goodArterial.add(at, 'low', evidenceOf(r));
      if (r.severity === null) this.calmArterial.add(at, 'low', evidenceOf(r));
      else this.calmArterial.reset();
      const span = t.hypoResolveArterialMin * MIN;
      return this.resolveOrStepDown(r, at, ctx, this.goodArterial.sustained(at, span), this.calmArterial.sustained(at, span), `arterial SBP ≥${t.sbpLow} and MAP ≥${t.mapLow} for ${t.hypoResolveArterialMin} min`);
    }
    this.goodArterial.reset();
    this.calmArterial.reset();
    this.goodBp = 0;
    this.goodAll = 0;
    if (this.firing) return this.raiseOrEscalate(r, ctx);
    this.badArterial.add(at, r.severity, evidenceOf(r));
    if (!this.badArterial.sustained(at, t.arterialSustainSec * 1000)) return undefined;
    const { floor, evidence } = this.badArterial;
    this.badArterial.reset();
    this.pair.normal();
    return this.start({ ...r, severity: floor }, `${r.why}, sustained ${t.arterialSustainSec} s (arterial)`, evidence, ctx);
  }

  private start(r: Reading, message: string, evidence: Evidence[], ctx: PatientContext): RuleSignal {
    this.firing = true;
    this.goodBp = 0;
    this.goodAll = 0;
    this.ackEscalated = false;
    return fire(r.at, r.severity ?? 'medium', crsTag(message, ctx), evidence);
  }

  private raiseTo(r: Reading, ctx: PatientContext): RuleSignal | undefined {
    return r.severity ? fire(r.at, r.severity, crsTag(r.why, ctx), evidenceOf(r)) : undefined;
  }

  /**
   * §6.1 resolve, exactly as §10 reads it: C1/C2 clear on the reverse run resolves a MEDIUM/HIGH
   * alert; if C3 still holds it steps down to LOW (its own state) instead. A LOW alert needs C3 clear.
   */
  private resolveOrStepDown(r: Reading, at: number, ctx: PatientContext, bpOk: boolean, allOk: boolean, why: string): RuleSignal | undefined {
    const severity = ctx.alerts.severity(this.id);
    if (severity !== 'low' && !bpOk) return undefined;
    if (pressorBand(ctx, at).severity) return undefined;
    if (ctx.pressors.raisedWithin(at, ctx.t.pressorStableMin * MIN)) return undefined;
    if (severity !== 'low' && r.severity === 'low') return stepDown(at, 'low', `Stepped down to LOW: ${why}; ${r.why} (C3) still holds`, evidenceOf(r));
    if (!allOk) return undefined;
    this.firing = false;
    this.goodBp = 0;
    this.goodAll = 0;
    this.goodArterial.reset();
    this.calmArterial.reset();
    this.pair.normal();
    return resolve(at, why, evidenceOf(r));
  }
}

/** "45 min", "2 h 10 min": the gap between the two readings of a confirmed pair. */
function gapText(ms: number): string {
  const m = Math.round(ms / MIN);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

function bpText(e: VitalsEvent): string {
  return [e.sbp !== undefined ? `SBP ${e.sbp}` : '', e.map !== undefined ? `MAP ${e.map}` : ''].filter(Boolean).join(', ');
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
