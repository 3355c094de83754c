import type { ClinicalEvent } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { SampleRun } from '../engine/sample-run';
import { MIN, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

/**
 * TACHYCARDIA (§6.8): HR 100–130 for 5 min is LOW (informational between doses); still present at a
 * dose while HYPOTENSION and FEVER are inactive it is MEDIUM [D14 counts it only then]; >130 for
 * 5 min is HIGH. Resolves after HR <100 for 15 min.
 */
export class TachycardiaRule implements Rule {
  readonly id = 'tachycardia' as const;
  readonly inputs = ['vitals', 'rhythm', 'dose'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['hrRelative', 'hrAbsolute', 'hrSustainMin', 'hrResolve', 'hrResolveMin'];

  private readonly relative = new SampleRun(5 * MIN);
  private readonly absolute = new SampleRun(5 * MIN);
  private readonly calm = new SampleRun(15 * MIN);
  private firing = false;
  /** The latest HR reading, updated in place (one per vitals event). */
  private readonly lastHr = { value: 0, at: Number.NEGATIVE_INFINITY, eventId: '' };

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    this.firing = ctx.alerts.isOpen(this.id); // the alert book is the truth (alerts survive replays)
    const t = ctx.t;
    if (event.type === 'dose') return this.atDose(event.id, at, ctx);
    const hr = event.type === 'vitals' || event.type === 'rhythm' ? event.hr : undefined;
    if (hr === undefined) return undefined;
    this.lastHr.value = hr;
    this.lastHr.at = at;
    this.lastHr.eventId = event.id;
    if (hr > t.hrAbsolute) this.absolute.hit(at);
    else this.absolute.miss();
    if (hr >= t.hrRelative) this.relative.hit(at);
    else this.relative.miss();
    if (hr < t.hrResolve) this.calm.hit(at);
    else this.calm.miss();
    const sustain = t.hrSustainMin * MIN;
    if (this.absolute.held(sustain)) {
      this.firing = true;
      return fire(at, 'high', `HR ${hr} /min (>${t.hrAbsolute}) sustained ${t.hrSustainMin} min`, hrEvidence(event.id, event.time, hr));
    }
    if (this.relative.held(sustain) && !this.firing) {
      this.firing = true;
      return fire(at, 'low', `HR ${hr} /min (${t.hrRelative}–${t.hrAbsolute}) sustained ${t.hrSustainMin} min`, hrEvidence(event.id, event.time, hr));
    }
    if (this.firing && this.calm.held(t.hrResolveMin * MIN)) {
      this.firing = false;
      return resolve(at, `HR <${t.hrResolve} /min for ${t.hrResolveMin} min`, hrEvidence(event.id, event.time, hr));
    }
    return undefined;
  }

  /** At T_dose: relative tachycardia counts (MEDIUM, HOLD) only once hypotension and fever are corrected [D14]. */
  private atDose(eventId: string, at: number, ctx: PatientContext): RuleSignal | undefined {
    const t = ctx.t;
    const hr = this.lastHr;
    if (at - hr.at > 15 * MIN || hr.value < t.hrRelative || !this.relative.held(t.hrSustainMin * MIN)) return undefined;
    if (ctx.alerts.isOpen('hypotension') || ctx.alerts.isOpen('fever')) return undefined;
    this.firing = true;
    return fire(at, 'medium', `HR ${hr.value} /min persists at dose time with hypotension and fever inactive (hold criterion)`, [
      { eventId: hr.eventId, time: toIso(hr.at), field: 'hr', value: hr.value },
      { eventId, time: toIso(at), field: 'dose', value: 'T_dose' },
    ]);
  }
}

function hrEvidence(eventId: string, time: string, value: number) {
  return [{ eventId, time, field: 'hr', value }];
}
