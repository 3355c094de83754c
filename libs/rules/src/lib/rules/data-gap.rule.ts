import type { ClinicalEvent } from '@vigil/contracts';
import { fire, resolve, type Rule, type RuleSignal } from '../engine/rule';
import type { PatientContext } from '../engine/patient-context';
import { HOUR, MIN, toIso } from '../time';
import type { ThresholdKey, ThresholdValues } from '../threshold-set';

type Input = 'vitals' | 'urine' | 'monitor';
const INPUTS: readonly Input[] = ['vitals', 'urine', 'monitor'];
const LABEL: Record<Input, string> = { vitals: 'vitals', urine: 'urine output', monitor: 'monitor RR feed' };

/**
 * DATA_GAP (§6.0 as amended by §10): a LOW technical alert when an expected input has been missing
 * for strictly longer than the ward's expected interval (defaults: vitals 4 h once any vitals came
 * in, urine output 3 h once urine monitoring started). A reading that arrives exactly on the interval is on time, so the alert never opens and closes at
 * the same instant. Resolves when every overdue input has arrived again. Judged on arrival (issue 16):
 * urine charted 3 h late for an earlier hour still ends the gap once, when it arrives.
 *
 * The monitor feed (§10: rhythm/RR, 5 min, once the patient has a feed): an RR batch is stamped with
 * its last beat and sent when complete, so a monitor that batches 10 min of beats is silent for 10 min
 * between arrivals by design. The feed's expected interval is therefore the longer of the ward's
 * (monitorGapMin) and the span of the latest batch (the sum of its intervals): a batch longer than 5 min
 * never reads as a gap before it could have arrived, and a feed silent for longer than its own cadence
 * still does. Only RR batches are the feed's heartbeat: a monitor sends a rhythm label when the
 * rhythm changes, so hours without one are normal.
 */
export class DataGapRule implements Rule {
  readonly id = 'data_gap' as const;
  readonly inputs = ['vitals', 'urine', 'rr'] as const;
  readonly thresholdKeys: readonly ThresholdKey[] = ['vitalsGapH', 'urineGapH', 'monitorGapMin'];
  // A gap is about data not arriving (§10): `at` is the arrival time, and late data never rebuild it.
  readonly judgedOnArrival = true;
  readonly carriedAcrossReplay = true;

  // −Infinity = never received (numbers only: unboxed doubles).
  private readonly last: Record<Input, number> = { vitals: Number.NEGATIVE_INFINITY, urine: Number.NEGATIVE_INFINITY, monitor: Number.NEGATIVE_INFINITY };
  /** Span of the latest RR batch, ms: the monitor's own sending cadence. */
  private monitorSpanMs = 0;
  private overdue = new Set<Input>();

  /** The ward's expected interval for an input, in ms (thresholds are per ward). */
  private expectedMs(input: Input, t: ThresholdValues): number {
    if (input === 'monitor') return Math.max(t.monitorGapMin * MIN, this.monitorSpanMs);
    return (input === 'vitals' ? t.vitalsGapH : t.urineGapH) * HOUR;
  }

  private expectedText(input: Input, t: ThresholdValues): string {
    if (input === 'monitor') return `${Math.round(this.expectedMs(input, t) / MIN)} min`;
    return `${input === 'vitals' ? t.vitalsGapH : t.urineGapH} h`;
  }

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    const input: Input | null = event.type === 'vitals' ? 'vitals' : event.type === 'urine' ? 'urine' : event.type === 'rr' ? 'monitor' : null;
    if (input === null) return undefined;
    if (event.type === 'rr' && at >= this.last.monitor) {
      let span = 0;
      for (let i = 0; i < event.intervalsMs.length; i++) span += event.intervalsMs[i];
      this.monitorSpanMs = span;
    }
    // The alert book is the truth: closed elsewhere (discharge) clears, adopted after a replay counts as overdue.
    if (!ctx.alerts.isOpen(this.id)) {
      if (this.overdue.size > 0) this.overdue.clear();
    } else if (this.overdue.size === 0) this.overdue.add(input);
    if (at > this.last[input]) this.last[input] = at;
    if (this.overdue.size === 0 || !this.overdue.has(input)) return undefined;
    this.overdue.delete(input);
    if (this.overdue.size > 0) return undefined;
    return resolve(at, `${LABEL[input]} received again`, [{ eventId: event.id, time: toIso(at), field: 'type', value: event.type }]);
  }

  /** 1 ms after the interval: only a gap strictly longer than expected is one. */
  nextDue(ctx: PatientContext): number | null {
    let d: number | null = null;
    for (const k of INPUTS) {
      if (this.last[k] === Number.NEGATIVE_INFINITY || this.overdue.has(k)) continue;
      const due = this.last[k] + this.expectedMs(k, ctx.t) + 1;
      if (d === null || due < d) d = due;
    }
    return d;
  }

  onTick(now: number, ctx: PatientContext): RuleSignal | undefined {
    const t = ctx.t;
    if (!ctx.alerts.isOpen(this.id)) this.overdue.clear();
    const due: Input[] = INPUTS.filter((k) => this.last[k] > Number.NEGATIVE_INFINITY && !this.overdue.has(k) && now - this.last[k] > this.expectedMs(k, t));
    if (due.length === 0) return undefined;
    const wasOpen = this.overdue.size > 0;
    for (const k of due) this.overdue.add(k);
    // Already open for another input: record it (same LOW severity, no new alarm).
    if (wasOpen) return undefined;
    const at = Math.min(...due.map((k) => this.last[k] + this.expectedMs(k, t) + 1));
    const why = due.map((k) => `no ${LABEL[k]} for more than ${this.expectedText(k, t)}`).join('; ');
    return fire(at, 'low', `Data gap: ${why}`, due.map((k) => ({ eventId: '', time: toIso(this.last[k]), field: `last_${k}`, value: toIso(this.last[k]) })));
  }
}
