import type { ClinicalEvent } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { SampleRun } from '../engine/sample-run';
import { HOUR, MIN, toIso } from '../time';
import type { ThresholdKey } from '../threshold-set';

/**
 * FEVER (§6.10): ≥38.0 °C on 2 readings ≥30 min apart. Expected within 6 h of a dose (LOW); MEDIUM
 * for ≥39.1 °C or more than 6 h after the last dose (rule out infection). Resolves after <38.0 °C for 4 h.
 */
export class FeverRule implements Rule {
  readonly id = 'fever' as const;
  readonly inputs = ['vitals'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['tempFever', 'tempHigh', 'feverConfirmMin', 'feverExpectedH', 'feverResolveH'];

  // Temperatures are charted every 2–4 h [D14 Table 2]: allow that gap inside one run.
  private readonly febrile = new SampleRun(4 * HOUR);
  private readonly afebrile = new SampleRun(4 * HOUR);
  private firstEvidence: { eventId: string; at: number; value: number } | null = null;
  private firing = false;

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    this.firing = ctx.alerts.isOpen(this.id); // the alert book is the truth (alerts survive replays)
    if (event.type !== 'vitals' || event.temp === undefined) return undefined;
    const t = ctx.t;
    const temp = event.temp;
    if (temp >= t.tempFever) {
      if (!this.febrile.active) this.firstEvidence = { eventId: event.id, at, value: temp };
      this.febrile.hit(at);
      this.afebrile.miss();
    } else {
      this.febrile.miss();
      this.afebrile.hit(at);
    }
    if (temp >= t.tempFever && (this.firing || this.febrile.held(t.feverConfirmMin * MIN))) {
      const dose = ctx.lastGivenDose(at);
      const sinceDose = dose ? at - dose.at : Infinity;
      const first = this.firstEvidence;
      const evidence = first && first.eventId !== event.id ? [{ eventId: first.eventId, time: toIso(first.at), field: 'temp', value: first.value }, tempEvidence(event.id, event.time, temp)] : [tempEvidence(event.id, event.time, temp)];
      this.firing = true;
      if (temp >= t.tempHigh) return fire(at, 'medium', `Temperature ${temp} °C (≥${t.tempHigh})`, evidence);
      if (sinceDose > t.feverExpectedH * HOUR)
        return fire(at, 'medium', `Temperature ${temp} °C (≥${t.tempFever}) ${dose ? `${Math.round(sinceDose / HOUR)} h after the last dose` : 'with no dose given'}: rule out infection`, evidence);
      return fire(at, 'low', `Temperature ${temp} °C (≥${t.tempFever}) ${Math.round(sinceDose / MIN)} min after a dose (expected)`, evidence);
    }
    if (this.firing && this.afebrile.held(t.feverResolveH * HOUR)) {
      this.firing = false;
      return resolve(at, `Temperature <${t.tempFever} °C for ${t.feverResolveH} h`, [tempEvidence(event.id, event.time, temp)]);
    }
    return undefined;
  }
}

function tempEvidence(eventId: string, time: string, value: number) {
  return { eventId, time, field: 'temp', value };
}
