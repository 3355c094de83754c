import type { ClinicalEvent, Evidence } from '@vigil/contracts';
import { fire, prompt, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { milder, RecheckPair } from '../engine/recheck-pair';
import { SampleRun } from '../engine/sample-run';
import { HOUR, MIN, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

/**
 * TACHYCARDIA (§6.8 as amended by §10): HR 100–130 is LOW (informational between doses), >130 HIGH.
 * Sustain: a continuous feed (readings < 60 s apart) needs 5 min; intermittent readings need 2
 * consecutive qualifying readings at any gap up to the staleness limit, the first raising a LOW
 * recheck prompt. Relative tachycardia still present at a dose while HYPOTENSION and FEVER are
 * inactive is MEDIUM [D14]. Resolves after HR <100 over 15 min (two readings at least 15 min apart
 * when charted). HR 0 is an artefact (§10): ignored.
 */
export class TachycardiaRule implements Rule {
  readonly id = 'tachycardia' as const;
  readonly inputs = ['vitals', 'rhythm', 'dose'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['hrRelative', 'hrAbsolute', 'hrSustainMin', 'hrResolve', 'hrResolveMin', 'intermittentStaleH'];

  private readonly relative = new SampleRun(5 * MIN);
  private readonly absolute = new SampleRun(5 * MIN);
  /** Calm readings may be hours apart when charted: the run tolerates gaps up to the staleness limit. */
  private calm = new SampleRun(4 * HOUR);
  private calmGap = 4 * HOUR;
  private readonly pair = new RecheckPair();
  private firing = false;
  /** The latest HR reading, updated in place (one per vitals event). */
  private readonly lastHr = { value: 0, at: Number.NEGATIVE_INFINITY, eventId: '' };

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    this.sync(ctx);
    const t = ctx.t;
    if (event.type === 'dose') return this.atDose(event.id, at, ctx);
    const hr = event.type === 'vitals' || event.type === 'rhythm' ? event.hr : undefined;
    if (hr === undefined || hr <= 0) return undefined;
    const intermittent = this.pair.isIntermittent(at);
    this.lastHr.value = hr;
    this.lastHr.at = at;
    this.lastHr.eventId = event.id;
    if (hr > t.hrAbsolute) this.absolute.hit(at);
    else this.absolute.miss();
    if (hr >= t.hrRelative) this.relative.hit(at);
    else this.relative.miss();
    const calmGap = t.intermittentStaleH * HOUR;
    if (this.calmGap !== calmGap) {
      this.calm = new SampleRun(calmGap);
      this.calmGap = calmGap;
    }
    if (hr < t.hrResolve) this.calm.hit(at);
    else this.calm.miss();
    const evidence = hrEvidence(event.id, event.time, hr);
    const severity = hr > t.hrAbsolute ? 'high' : hr >= t.hrRelative ? 'low' : null;
    const band = hr > t.hrAbsolute ? `>${t.hrAbsolute}` : `${t.hrRelative}–${t.hrAbsolute}`;
    if (severity === null) {
      this.pair.normal(at);
      if (!this.firing) return ctx.alerts.isPrompt(this.id) && this.pair.pending === null ? resolve(at, `repeat HR ${hr} /min did not confirm`, evidence) : undefined;
      if (this.calm.held(t.hrResolveMin * MIN)) {
        this.firing = false;
        return resolve(at, `HR <${t.hrResolve} /min for ${t.hrResolveMin} min`, evidence);
      }
      return undefined;
    }
    if (this.firing) return severity === 'high' ? fire(at, 'high', `HR ${hr} /min (${band})`, evidence) : undefined;
    if (!intermittent) {
      // A continuous feed: the §6.8 5-min sustain.
      const sustain = t.hrSustainMin * MIN;
      if (this.absolute.held(sustain)) return this.start(at, 'high', `HR ${hr} /min (${band}) sustained ${t.hrSustainMin} min`, evidence);
      if (this.relative.held(sustain)) return this.start(at, 'low', `HR ${hr} /min (${band}) sustained ${t.hrSustainMin} min`, evidence);
      return undefined;
    }
    const outcome = this.pair.qualifying({ at, severity, why: `HR ${hr} /min (${band})`, evidence }, t.intermittentStaleH * HOUR);
    if (outcome.kind === 'confirm') {
      const { first, second } = outcome;
      return this.start(at, milder(first.severity, second.severity), `${second.why}, confirmed on 2 consecutive readings`, [...first.evidence, ...second.evidence]);
    }
    return prompt(at, `Recheck: HR ${hr} /min (${band}): repeat HR`, evidence);
  }

  onTick(now: number, ctx: PatientContext): RuleSignal | undefined {
    const stale = this.pair.staleAt(ctx.t.intermittentStaleH * HOUR);
    if (stale === null || now < stale) return undefined;
    this.pair.normal();
    return ctx.alerts.isPrompt(this.id) ? resolve(stale, `no repeat HR within ${ctx.t.intermittentStaleH} h of the recheck prompt`) : undefined;
  }

  nextDue(ctx: PatientContext): number | null {
    return this.pair.staleAt(ctx.t.intermittentStaleH * HOUR);
  }

  /** HR < 100 since the latest reading: the alert only waits out its 15-min resolve window (no re-notification). */
  recovering(ctx: PatientContext): boolean {
    return ctx.alerts.isOpen(this.id) && !ctx.alerts.isPrompt(this.id) && this.calm.active;
  }

  private start(at: number, severity: 'low' | 'medium' | 'high', why: string, evidence: Evidence[]): RuleSignal {
    this.firing = true;
    this.pair.normal();
    return fire(at, severity, why, evidence);
  }

  /** The alert book is the truth (alerts survive replays); a recheck prompt is not yet an alert. */
  private sync(ctx: PatientContext): void {
    this.firing = ctx.alerts.isOpen(this.id) && !ctx.alerts.isPrompt(this.id);
  }

  /** At T_dose: relative tachycardia counts (MEDIUM, HOLD) only once hypotension and fever are corrected [D14]. */
  private atDose(eventId: string, at: number, ctx: PatientContext): RuleSignal | undefined {
    const t = ctx.t;
    const hr = this.lastHr;
    if (!this.firing || at - hr.at > 2 * HOUR || hr.value < t.hrRelative) return undefined;
    if (ctx.alerts.isOpen('hypotension') || ctx.alerts.isOpen('fever')) return undefined;
    return fire(at, 'medium', `HR ${hr.value} /min persists at dose time with hypotension and fever inactive (hold criterion)`, [
      { eventId: hr.eventId, time: toIso(hr.at), field: 'hr', value: hr.value },
      { eventId, time: toIso(at), field: 'dose', value: 'T_dose' },
    ]);
  }
}

function hrEvidence(eventId: string, time: string, value: number): Evidence[] {
  return [{ eventId, time, field: 'hr', value }];
}
