import type { AlertSeverity, ClinicalEvent, Evidence, VitalsEvent } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { SampleRun } from '../engine/sample-run';
import { crsTag } from '../engine/crs-tag';
import { MIN } from '../time';
import type { ThresholdKey } from '../threshold-set';

/**
 * HYPOXIA (§6.9): SpO2 <90% for 30 s (MEDIUM) or <85% for 15 s (HIGH); oxygen requirement documented
 * for 30 min: 3–4 L/min MEDIUM [D14 relative], >4 L/min HIGH [D14 absolute], >6 L/min HIGH (ASTCT
 * analogue). Resolves on SpO2 >90% for 10 min with O2 not raised and below the requirement bands.
 */
export class HypoxiaRule implements Rule {
  readonly id = 'hypoxia' as const;
  readonly inputs = ['vitals'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['spo2Low', 'spo2Severe', 'spo2SustainSec', 'spo2SevereSustainSec', 'o2RelativeLpm', 'o2AbsoluteLpm', 'o2HighFlowLpm', 'o2SustainMin'];

  // Spot checks may be minutes apart; a continuous oximeter gives many samples per minute.
  private readonly low = new SampleRun(5 * MIN);
  private readonly severe = new SampleRun(5 * MIN);
  private readonly o2Relative = new SampleRun(2 * 60 * MIN);
  private readonly o2Absolute = new SampleRun(2 * 60 * MIN);
  private readonly good = new SampleRun(5 * MIN);
  private lastFlow = 0;
  private flowRaisedAt = Number.NEGATIVE_INFINITY;
  private firing = false;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    this.firing = ctx.alerts.isOpen(this.id); // the alert book is the truth (alerts survive replays)
    if (event.type !== 'vitals' || (event.spo2 === undefined && event.o2FlowLpm === undefined)) return undefined;
    const t = ctx.t;
    if (event.o2FlowLpm !== undefined) {
      const flow = event.o2FlowLpm;
      if (flow > this.lastFlow) this.flowRaisedAt = at;
      this.lastFlow = flow;
      if (flow >= t.o2RelativeLpm) this.o2Relative.hit(at);
      else this.o2Relative.miss();
      if (flow > t.o2AbsoluteLpm) this.o2Absolute.hit(at);
      else this.o2Absolute.miss();
    }
    let severity: AlertSeverity | null = null;
    let why = '';
    if (event.spo2 !== undefined) {
      const s = event.spo2;
      if (s < t.spo2Severe) this.severe.hit(at);
      else this.severe.miss();
      if (s < t.spo2Low) this.low.hit(at);
      else this.low.miss();
      if (s > t.spo2Low) this.good.hit(at);
      else this.good.miss();
      if (this.severe.held(t.spo2SevereSustainSec * 1000)) [severity, why] = ['high', `SpO2 ${s}% (<${t.spo2Severe}) sustained ${t.spo2SevereSustainSec} s`];
      else if (this.low.held(t.spo2SustainSec * 1000)) [severity, why] = ['medium', `SpO2 ${s}% (<${t.spo2Low}) sustained ${t.spo2SustainSec} s`];
    }
    const o2Span = t.o2SustainMin * MIN;
    if (severity !== 'high' && this.o2Absolute.held(o2Span, at)) {
      severity = 'high';
      why = this.lastFlow > t.o2HighFlowLpm ? `O2 ${this.lastFlow} L/min (>${t.o2HighFlowLpm}, high-flow) for ${t.o2SustainMin} min` : `O2 ${this.lastFlow} L/min (>${t.o2AbsoluteLpm}) needed for ${t.o2SustainMin} min`;
    } else if (severity === null && this.o2Relative.held(o2Span, at)) {
      severity = 'medium';
      why = `O2 ${this.lastFlow} L/min (${t.o2RelativeLpm}–${t.o2AbsoluteLpm}) needed for ${t.o2SustainMin} min`;
    }
    if (severity) {
      this.firing = true;
      return fire(at, severity, crsTag(why, ctx), fields(event));
    }
    if (!this.firing) return undefined;
    const o2Ok = this.lastFlow < t.o2RelativeLpm && at - this.flowRaisedAt >= t.spo2ResolveMin * MIN;
    if (this.good.held(t.spo2ResolveMin * MIN) && o2Ok) {
      this.firing = false;
      return resolve(at, `SpO2 >${t.spo2Low}% for ${t.spo2ResolveMin} min on stable or falling O2`, fields(event));
    }
    return undefined;
  }
}

function fields(e: VitalsEvent): Evidence[] {
  const time = e.time;
  const out: Evidence[] = [];
  if (e.spo2 !== undefined) out.push({ eventId: e.id, time, field: 'spo2', value: e.spo2 });
  if (e.o2FlowLpm !== undefined) out.push({ eventId: e.id, time, field: 'o2FlowLpm', value: e.o2FlowLpm });
  return out;
}
