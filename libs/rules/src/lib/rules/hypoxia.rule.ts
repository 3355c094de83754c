import type { AlertSeverity, ClinicalEvent, Evidence, VitalsEvent } from '@vigil/contracts';
import { fire, prompt, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { milder, RecheckPair } from '../engine/recheck-pair';
import { SampleRun } from '../engine/sample-run';
import { crsTag } from '../engine/crs-tag';
import { HOUR, MIN } from '../time';
import { DEVICE_RANK, oxygenRequirement, type OxygenRequirement, type OxygenSupport } from '../engine/oxygen-requirement';
import type { ThresholdKey } from '../threshold-set';

/**
 * HYPOXIA (§6.9 as amended by §10): SpO2 <90% (MEDIUM) or <85% (HIGH). A continuous oximeter
 * (readings < 60 s apart) needs 30 s / 15 s; intermittent spot checks need 2 consecutive qualifying
 * readings at any gap up to the staleness limit, the first raising a LOW recheck prompt. Oxygen
 * requirement (flow, FiO2 and device as last charted, §10 "Oxygen") documented for 30 min: 3–4 L/min
 * MEDIUM [D14 relative]; >4 L/min or FiO2 ≥40% HIGH [D14 absolute]; >6 L/min, high-flow,
 * non-rebreather or NIV HIGH (ASTCT analogue); intubated HIGH at once. Resolves on SpO2 >90% over
 * 10 min with O2 not raised and below the requirement bands. SpO2 <50% is an artefact (§10): ignored.
 */
export class HypoxiaRule implements Rule {
  readonly id = 'hypoxia' as const;
  readonly inputs = ['vitals'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['spo2Low', 'spo2Severe', 'spo2SustainSec', 'spo2SevereSustainSec', 'o2RelativeLpm', 'o2AbsoluteLpm', 'o2HighFlowLpm', 'fio2AbsolutePct', 'o2SustainMin', 'intermittentStaleH'];

  private readonly low = new SampleRun(MIN);
  private readonly severe = new SampleRun(MIN);
  private readonly o2Relative = new SampleRun(2 * 60 * MIN);
  private readonly o2Absolute = new SampleRun(2 * 60 * MIN);
  /** Good readings may be hours apart when charted. */
  private readonly good = new SampleRun(4 * HOUR);
  private readonly pair = new RecheckPair();
  /** Oxygen support as last charted: each part stays until charted again (a chart gives what changed). */
  private support: OxygenSupport = {};
  private requirement: OxygenRequirement = { level: 'none', immediate: false, why: '' };
  private flowRaisedAt = Number.NEGATIVE_INFINITY;
  private firing = false;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    this.firing = ctx.alerts.isOpen(this.id) && !ctx.alerts.isPrompt(this.id); // the alert book is the truth
    if (event.type !== 'vitals') return undefined;
    const spo2 = event.spo2 !== undefined && event.spo2 >= 50 ? event.spo2 : undefined;
    const charted = event.o2FlowLpm !== undefined || event.fio2Pct !== undefined || event.o2Device !== undefined;
    if (spo2 === undefined && !charted) return undefined;
    const t = ctx.t;
    if (charted) {
      this.noteSupport(event, at);
      this.requirement = oxygenRequirement(this.support, t);
      if (this.requirement.level !== 'none') this.o2Relative.hit(at);
      else this.o2Relative.miss();
      if (this.requirement.level === 'absolute') this.o2Absolute.hit(at);
      else this.o2Absolute.miss();
    }
    let severity: AlertSeverity | null = null;
    let why = '';
    let recheck: RuleSignal | undefined;
    if (spo2 !== undefined) {
      const intermittent = this.pair.isIntermittent(at);
      const s = spo2;
      if (s < t.spo2Severe) this.severe.hit(at);
      else this.severe.miss();
      if (s < t.spo2Low) this.low.hit(at);
      else this.low.miss();
      if (s > t.spo2Low) this.good.hit(at);
      else this.good.miss();
      const band: AlertSeverity | null = s < t.spo2Severe ? 'high' : s < t.spo2Low ? 'medium' : null;
      if (band === null) {
        this.pair.normal(at);
        if (!this.firing && ctx.alerts.isPrompt(this.id) && this.pair.pending === null) recheck = resolve(at, `repeat SpO2 ${s}% did not confirm`, fields(event));
      } else if (this.firing) [severity, why] = [band, `SpO2 ${s}% (<${band === 'high' ? t.spo2Severe : t.spo2Low})`];
      else if (!intermittent) {
        if (this.severe.held(t.spo2SevereSustainSec * 1000)) [severity, why] = ['high', `SpO2 ${s}% (<${t.spo2Severe}) sustained ${t.spo2SevereSustainSec} s`];
        else if (this.low.held(t.spo2SustainSec * 1000)) [severity, why] = ['medium', `SpO2 ${s}% (<${t.spo2Low}) sustained ${t.spo2SustainSec} s`];
      } else {
        const text = `SpO2 ${s}% (<${band === 'high' ? t.spo2Severe : t.spo2Low})`;
        const outcome = this.pair.qualifying({ at, severity: band, why: text, evidence: fields(event) }, t.intermittentStaleH * HOUR);
        if (outcome.kind === 'confirm') [severity, why] = [milder(outcome.first.severity, band), `${text}, confirmed on 2 consecutive readings`];
        else recheck = prompt(at, crsTag(`Recheck: ${text}: repeat SpO2`, ctx), fields(event));
      }
    }
    const o2Span = t.o2SustainMin * MIN;
    const need = this.requirement;
    if (severity !== 'high' && need.level === 'absolute' && (need.immediate || this.o2Absolute.held(o2Span, at))) {
      severity = 'high';
      why = need.immediate ? need.why : `${need.why} needed for ${t.o2SustainMin} min`;
    } else if (severity === null && need.level === 'relative' && this.o2Relative.held(o2Span, at)) {
      severity = 'medium';
      why = `${need.why} needed for ${t.o2SustainMin} min`;
    }
    if (severity) {
      this.firing = true;
      this.pair.normal();
      return fire(at, severity, crsTag(why, ctx), fields(event));
    }
    if (recheck) return recheck;
    if (!this.firing) return undefined;
    const o2Ok = this.requirement.level === 'none' && at - this.flowRaisedAt >= t.spo2ResolveMin * MIN;
    if (this.good.held(t.spo2ResolveMin * MIN) && o2Ok) {
      this.firing = false;
      return resolve(at, `SpO2 >${t.spo2Low}% for ${t.spo2ResolveMin} min on stable or falling O2`, fields(event));
    }
    return undefined;
  }

  /** SpO2 > 90% with no oxygen requirement since the latest reading: the alert only waits out its resolve window. */
  recovering(ctx: PatientContext): boolean {
    return ctx.alerts.isOpen(this.id) && !ctx.alerts.isPrompt(this.id) && this.good.active && this.requirement.level === 'none';
  }

  /**
   * Folds a chart of oxygen support into the last known one. Room air clears flow and FiO2; a new
   * device without a flow drops the old device's flow (it belonged to that device). Any increase
   * (flow, FiO2 or device) restarts the 10 min a resolve needs on stable or falling O2.
   */
  private noteSupport(e: VitalsEvent, at: number): void {
    const prev = this.support;
    const next: OxygenSupport = { ...prev };
    if (e.o2Device !== undefined) {
      if (e.o2Device === 'room-air') {
        delete next.flowLpm;
        delete next.fio2Pct;
      } else if (prev.device !== undefined && prev.device !== e.o2Device && e.o2FlowLpm === undefined) delete next.flowLpm;
      next.device = e.o2Device;
    }
    if (e.o2FlowLpm !== undefined) next.flowLpm = e.o2FlowLpm;
    if (e.fio2Pct !== undefined) next.fio2Pct = e.fio2Pct;
    const raised =
      (next.flowLpm ?? 0) > (prev.flowLpm ?? 0) ||
      (next.fio2Pct ?? 21) > (prev.fio2Pct ?? 21) ||
      (next.device !== undefined && DEVICE_RANK[next.device] > (prev.device !== undefined ? DEVICE_RANK[prev.device] : 0));
    if (raised) this.flowRaisedAt = at;
    this.support = next;
  }

  onTick(now: number, ctx: PatientContext): RuleSignal | undefined {
    const stale = this.pair.staleAt(ctx.t.intermittentStaleH * HOUR);
    if (stale === null || now < stale) return undefined;
    this.pair.normal();
    return ctx.alerts.isPrompt(this.id) ? resolve(stale, `no repeat SpO2 within ${ctx.t.intermittentStaleH} h of the recheck prompt`) : undefined;
  }

  nextDue(ctx: PatientContext): number | null {
    return this.pair.staleAt(ctx.t.intermittentStaleH * HOUR);
  }
}

function fields(e: VitalsEvent): Evidence[] {
  const time = e.time;
  const out: Evidence[] = [];
  if (e.spo2 !== undefined) out.push({ eventId: e.id, time, field: 'spo2', value: e.spo2 });
  if (e.o2FlowLpm !== undefined) out.push({ eventId: e.id, time, field: 'o2FlowLpm', value: e.o2FlowLpm });
  if (e.fio2Pct !== undefined) out.push({ eventId: e.id, time, field: 'fio2Pct', value: e.fio2Pct });
  if (e.o2Device !== undefined) out.push({ eventId: e.id, time, field: 'o2Device', value: e.o2Device });
  return out;
}
