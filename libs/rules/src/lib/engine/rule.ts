import type { AcknowledgeEvent, AlertRule, AlertSeverity, ClinicalEvent, ClinicalEventType, Evidence } from '@vigil/contracts';
import type { ThresholdKey } from '../threshold-set';
import type { PatientContext } from './patient-context';

/** The rule's condition is met (after its sustain): raise, or raise severity at once if already open. */
export interface FireSignal {
  kind: 'fire';
  at: number;
  severity: AlertSeverity;
  message: string;
  evidence: Evidence[];
  /**
   * §10: a LOW "recheck" prompt raised on the first qualifying intermittent reading. A later fire
   * without it confirms the alert (same id, `updated`), even at the same severity.
   */
  prompt?: boolean;
  /** Re-states an open alert (`updated` with this message and evidence) even at the same band. */
  restate?: boolean;
}

/**
 * §10 "resolve exactly as written": the condition that raised the alert has resolved but a milder
 * one still holds (C3 after C1/C2); the open alert steps down to this band, audited as `updated`.
 */
export interface StepDownSignal {
  kind: 'stepdown';
  at: number;
  severity: AlertSeverity;
  message: string;
  evidence: Evidence[];
  /** The evidence replaces the alert's (a new decision), instead of adding to it. */
  restate?: boolean;
}

/** The rule's resolve condition (with hysteresis) is met. */
export interface ResolveSignal {
  kind: 'resolve';
  at: number;
  message: string;
  evidence: Evidence[];
}

export type RuleSignal = FireSignal | ResolveSignal | StepDownSignal;
/** A rule may emit several signals for one input (e.g. resolve a band and raise the next), in order. */
export type RuleOutput = RuleSignal | RuleSignal[] | undefined;

/**
 * One clinical rule for one patient. Rules keep their own sustain/hysteresis state and speak only in
 * signals; the alert lifecycle (ids, acknowledgement, escalation, re-notification) lives in AlertBook.
 */
export interface Rule {
  readonly id: AlertRule;
  /** Event types this rule reads; the patient engine dispatches only these. */
  readonly inputs: readonly ClinicalEventType[];
  /**
   * True for a rule fed by a stream that is not kept for replay (RR beats): after a late event its
   * instance and its open alert are carried over to the replayed state instead of being rebuilt.
   */
  readonly carriedAcrossReplay?: boolean;
  /**
   * True for a rule about data arriving rather than what they say (DATA_GAP, §10): it sees each event
   * once, at the engine time it arrived, and is carried across rebuilds (implies carriedAcrossReplay).
   */
  readonly judgedOnArrival?: boolean;
  /**
   * How many evidence items the alert keeps (default 24: what raised it and the latest trail). A rule
   * whose evidence is a record bounded by construction (DOSE_GATE's decision) sets it so nothing is cut.
   */
  readonly evidenceLimit?: number;
  /** Threshold keys recorded on the alert, so the audit shows the numbers in force. */
  readonly thresholdKeys: readonly ThresholdKey[];
  onEvent(event: ClinicalEvent, at: number, ctx: PatientContext): RuleOutput;
  /** Timers: sustain windows that complete without a new sample, ack-based escalation, gaps. */
  onTick?(now: number, ctx: PatientContext): RuleOutput;
  /** Clinician feedback on this rule's alert (an acknowledge event that matched it). */
  onAcknowledge?(event: AcknowledgeEvent, at: number, ctx: PatientContext): RuleOutput;
  /** The earliest time onTick would act, so timers run in due order however coarse the ticks are. */
  nextDue?(ctx: PatientContext): number | null;
  /**
   * The condition that raised the open alert no longer holds: the alert stays open only for its
   * resolve window (§6.0 hysteresis). Re-notification after the acknowledgement snooze is for a
   * condition that "still holds" (§6.0), so it waits until the rule fires again. Absent: it holds.
   */
  recovering?(ctx: PatientContext): boolean;
  /**
   * The acknowledged alert is never re-notified on the snooze timer (§6.2: "no re-alarm while AF
   * continues" [Drew14]; a lab result, which cannot change before the next draw). A higher band still re-notifies.
   */
  readonly noRealarm?: boolean;
}

export function fire(at: number, severity: AlertSeverity, message: string, evidence: Evidence[]): FireSignal {
  return { kind: 'fire', at, severity, message, evidence };
}

export function resolve(at: number, message: string, evidence: Evidence[] = []): ResolveSignal {
  return { kind: 'resolve', at, message, evidence };
}

export function prompt(at: number, message: string, evidence: Evidence[]): FireSignal {
  return { kind: 'fire', at, severity: 'low', message, evidence, prompt: true };
}

export function stepDown(at: number, severity: AlertSeverity, message: string, evidence: Evidence[]): StepDownSignal {
  return { kind: 'stepdown', at, severity, message, evidence };
}
