import type { ClinicalEvent, Evidence } from '@vigil/contracts';
import { fire, prompt, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { RecheckPair } from '../engine/recheck-pair';
import { SampleRun } from '../engine/sample-run';
import { HOUR, MIN } from '../time';
import type { ThresholdKey } from '../threshold-set';

/**
 * FEVER (§6.10 as amended by §10): ≥38.0 °C on 2 consecutive readings at any gap up to the
 * staleness limit (the first raises a LOW recheck prompt). Expected within 6 h of a dose (LOW);
 * MEDIUM for ≥39.1 °C or more than 6 h after the last dose (rule out infection). Resolves after
 * <38.0 °C for 4 h. A temperature below 30 °C is an artefact (§10): ignored.
 */
export class FeverRule implements Rule {
  readonly id = 'fever' as const;
  readonly inputs = ['vitals'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['tempFever', 'tempHigh', 'feverExpectedH', 'feverResolveH', 'intermittentStaleH'];

  // Temperatures are charted every 2–4 h [D14 Table 2]: allow that gap inside one run.
  private readonly afebrile = new SampleRun(4 * HOUR);
  private readonly pair = new RecheckPair();
  private firing = false;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    this.firing = ctx.alerts.isOpen(this.id) && !ctx.alerts.isPrompt(this.id); // the alert book is the truth
    if (event.type !== 'vitals' || event.temp === undefined || event.temp < 30) return undefined;
    const t = ctx.t;
    const temp = event.temp;
    const evidence: Evidence[] = [{ eventId: event.id, time: event.time, field: 'temp', value: temp }];
    if (temp < t.tempFever) {
      this.afebrile.hit(at);
      this.pair.normal(at);
      if (!this.firing) return ctx.alerts.isPrompt(this.id) && this.pair.pending === null ? resolve(at, `repeat temperature ${temp} °C did not confirm`, evidence) : undefined;
      if (this.afebrile.held(t.feverResolveH * HOUR)) {
        this.firing = false;
        return resolve(at, `Temperature <${t.tempFever} °C for ${t.feverResolveH} h`, evidence);
      }
      return undefined;
    }
    this.afebrile.miss();
    let all = evidence;
    if (!this.firing) {
      const outcome = this.pair.qualifying({ at, severity: 'low', why: `Temperature ${temp} °C`, evidence }, t.intermittentStaleH * HOUR);
      if (outcome.kind === 'prompt') return prompt(at, `Recheck: temperature ${temp} °C (≥${t.tempFever}): repeat temperature`, evidence);
      all = [...outcome.first.evidence, ...evidence];
    }
    const dose = ctx.lastGivenDose(at);
    const sinceDose = dose ? at - dose.at : Infinity;
    this.firing = true;
    if (temp >= t.tempHigh) return fire(at, 'medium', `Temperature ${temp} °C (≥${t.tempHigh})`, all);
    if (sinceDose > t.feverExpectedH * HOUR)
      return fire(at, 'medium', `Temperature ${temp} °C (≥${t.tempFever}) ${dose ? `${Math.round(sinceDose / HOUR)} h after the last dose` : 'with no dose given'}: rule out infection`, all);
    return fire(at, 'low', `Temperature ${temp} °C (≥${t.tempFever}) ${Math.round(sinceDose / MIN)} min after a dose (expected)`, all);
  }

  onTick(now: number, ctx: PatientContext): RuleSignal | undefined {
    const stale = this.pair.staleAt(ctx.t.intermittentStaleH * HOUR);
    if (stale === null || now < stale) return undefined;
    this.pair.normal();
    return ctx.alerts.isPrompt(this.id) ? resolve(stale, `no repeat temperature within ${ctx.t.intermittentStaleH} h of the recheck prompt`) : undefined;
  }

  nextDue(ctx: PatientContext): number | null {
    return this.pair.staleAt(ctx.t.intermittentStaleH * HOUR);
  }

  /** Afebrile since the latest reading: the alert only waits out its 4-h resolve window (no re-notification). */
  recovering(ctx: PatientContext): boolean {
    return ctx.alerts.isOpen(this.id) && !ctx.alerts.isPrompt(this.id) && this.afebrile.active;
  }
}

