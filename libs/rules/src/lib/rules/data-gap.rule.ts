import type { ClinicalEvent, Evidence } from '@vigil/contracts';
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
 * in, urine output 3 h once urine monitoring started). A reading that arrives exactly on the interval
 * is on time, so the alert never opens and closes at the same instant. Judged on arrival (issue 16):
 * urine charted 3 h late for an earlier hour is one arrival, when it arrives.
 *
 * Hysteresis (§6.0, issue 15): a reading after the gap brings the input back but does not resolve;
 * the reverse condition (the input arriving within its interval) must hold for one interval, i.e. a
 * second reading arrives, later, within the interval of the first. An input charted every 4 h on a
 * 3-h ward is one alert that stays open (re-stated as it comes back and goes overdue again), not an
 * alert every 4 h; an input going overdue while the alert is open re-states it, never raises another.
 * The alert resolves once every input of it is back on cadence, or when it is closed elsewhere.
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
  /** Inputs of the open alert still missing. */
  private overdue = new Set<Input>();
  /** Inputs of the open alert that arrived once after their gap: when, and the event, awaiting a second on-cadence arrival. */
  private back = new Map<Input, { at: number; eventId: string }>();

  /** The ward's expected interval for an input, in ms (thresholds are per ward). */
  private expectedMs(input: Input, t: ThresholdValues): number {
    if (input === 'monitor') return Math.max(t.monitorGapMin * MIN, this.monitorSpanMs);
    return (input === 'vitals' ? t.vitalsGapH : t.urineGapH) * HOUR;
  }

  private expectedText(input: Input, t: ThresholdValues): string {
    if (input === 'monitor') return `${Math.round(this.expectedMs(input, t) / MIN)} min`;
    return `${input === 'vitals' ? t.vitalsGapH : t.urineGapH} h`;
  }

  /** The alert book is the truth: closed elsewhere (a clinician, discharge) forgets the episode. */
  private syncWithBook(ctx: PatientContext): void {
    if (ctx.alerts.isOpen(this.id)) return;
    if (this.overdue.size > 0) this.overdue.clear();
    if (this.back.size > 0) this.back.clear();
  }

  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleSignal | undefined {
    const input: Input | null = event.type === 'vitals' ? 'vitals' : event.type === 'urine' ? 'urine' : event.type === 'rr' ? 'monitor' : null;
    if (input === null) return undefined;
    if (event.type === 'rr' && at >= this.last.monitor) {
      let span = 0;
      for (let i = 0; i < event.intervalsMs.length; i++) span += event.intervalsMs[i];
      this.monitorSpanMs = span;
    }
    this.syncWithBook(ctx);
    // Adopted open after a replay with nothing known of it: this input counts as the missing one.
    if (ctx.alerts.isOpen(this.id) && this.overdue.size === 0 && this.back.size === 0) this.overdue.add(input);
    if (at > this.last[input]) this.last[input] = at;
    const first = this.back.get(input);
    if (this.overdue.has(input) || (first !== undefined && at - first.at > this.expectedMs(input, ctx.t))) {
      // Back after the gap: the alert stays open and says so (`updated`, no new alarm).
      this.overdue.delete(input);
      this.back.set(input, { at, eventId: event.id });
      return this.restate(at, ctx);
    }
    // A batch charted at one instant is one arrival: the second reading must come later.
    if (first === undefined || at <= first.at) return undefined;
    this.back.delete(input);
    const why = `${LABEL[input]} back on cadence: 2 readings within ${this.expectedText(input, ctx.t)}`;
    const evidence = [
      { eventId: first.eventId, time: toIso(first.at), field: `back_${input}`, value: toIso(first.at) },
      { eventId: event.id, time: toIso(at), field: 'type', value: event.type },
    ];
    if (this.overdue.size > 0 || this.back.size > 0) return this.restate(at, ctx, why);
    return resolve(at, why, evidence);
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
    this.syncWithBook(ctx);
    const due: Input[] = INPUTS.filter((k) => this.last[k] > Number.NEGATIVE_INFINITY && !this.overdue.has(k) && now - this.last[k] > this.expectedMs(k, t));
    if (due.length === 0) return undefined;
    const wasOpen = this.overdue.size > 0 || this.back.size > 0;
    for (const k of due) {
      this.overdue.add(k);
      this.back.delete(k);
    }
    const at = Math.min(...due.map((k) => this.last[k] + this.expectedMs(k, t) + 1));
    // Already open (another input, or this one back and missing again): the same technical
    // condition goes on, re-stated (same LOW band, no new alarm).
    if (wasOpen) return this.restate(at, ctx);
    const why = due.map((k) => `no ${LABEL[k]} for more than ${this.expectedText(k, t)}`).join('; ');
    return fire(at, 'low', `Data gap: ${why}`, due.map((k) => this.lastEvidence(k)));
  }

  private lastEvidence(k: Input): Evidence {
    return { eventId: '', time: toIso(this.last[k]), field: `last_${k}`, value: toIso(this.last[k]) };
  }

  /** The open alert re-stated as it stands now: what is missing, what is back and awaits a second reading. */
  private restate(at: number, ctx: PatientContext, lead?: string): RuleSignal {
    const t = ctx.t;
    const parts: string[] = lead ? [lead] : [];
    const evidence: Evidence[] = [];
    for (const k of INPUTS) {
      if (this.overdue.has(k)) {
        parts.push(`no ${LABEL[k]} for more than ${this.expectedText(k, t)}`);
        evidence.push(this.lastEvidence(k));
      }
      const b = this.back.get(k);
      if (b) {
        parts.push(`${LABEL[k]} back, open until a 2nd reading within ${this.expectedText(k, t)}`);
        evidence.push({ eventId: b.eventId, time: toIso(b.at), field: `back_${k}`, value: toIso(b.at) });
      }
    }
    return { ...fire(at, 'low', `Data gap: ${parts.join('; ')}`, evidence), restate: true };
  }
}
