import type { Alert } from './alert.schema';

/** The dose gate's decisions (CLINICAL_RULES.md §10 "DOSE_GATE never says nothing"). */
export const doseGateDecisions = ['PROCEED-CHECK', 'HOLD', 'HOLD — data missing', 'STOP-REVIEW'] as const;
export type DoseGateDecision = (typeof doseGateDecisions)[number];

/** What was done with the dose the decision was for: still open, documented given or held, or no dose documented in time. */
export type DoseGateOutcome = 'pending' | 'given' | 'held' | 'expired';

/**
 * One dose's gate record: the last decision the gate made before that dose (T − 2 h or T_dose), why,
 * the criteria and missing inputs it found, and the outcome. Served by `GET /api/patients/:id/dose-decisions`
 * (newest dose first) and read by the dashboard from the DOSE_GATE alert on the socket, open or closed.
 */
export interface DoseGateRecord {
  alertId: string;
  patientId: string;
  doseNumber: number | null;
  /** ISO time the dose was due (T_dose). */
  doseDue: string | null;
  /** 'T−2 h' or 'T_dose': the checkpoint that made the last decision. */
  checkpoint: string | null;
  decision: DoseGateDecision;
  /** ISO time of the last decision. */
  decidedAt: string;
  /** The reasons as the engine wrote them (criteria and missing inputs). */
  why: string;
  absolute: string[];
  relative: string[];
  /** Inputs the gate found missing or stale (the reason for "HOLD — data missing"). */
  missing: string[];
  severity: Alert['severity'];
  outcome: DoseGateOutcome;
  /** The documented dose's effective time (or when the gate expired); null while pending. */
  outcomeAt: string | null;
}

/**
 * Reads a DOSE_GATE alert (open or closed) back into its dose record, from the evidence the engine
 * attaches, never guessed from severity. Null for any other alert, or a gate alert without a decision.
 */
export function doseGateRecord(alert: Alert): DoseGateRecord | null {
  // A cancelled gate was withdrawn by late or corrected data (the decision it made no longer precedes
  // the dose in effective time): it is no record of a dose; the alert history keeps it, audited.
  if (alert.rule !== 'dose_gate' || alert.state === 'cancelled') return null;
  const item = (name: string) => alert.evidence.find((e) => e.field === name);
  const all = (name: string) => alert.evidence.filter((e) => e.field === name).map((e) => String(e.value));
  const decisionItem = item('decision');
  const decision = doseGateDecisions.find((d) => d === decisionItem?.value) ?? doseGateDecisions.find((d) => alert.message.startsWith(d));
  if (!decision) return null;
  const doseNumber = item('doseNumber')?.value;
  const doseDue = item('doseDue')?.value;
  const checkpoint = item('checkpoint')?.value;
  const stated = item('why')?.value;
  const colon = alert.message.indexOf(': ');
  // Older alerts (before the decision's reasons were kept as evidence) still say them in an open alert's message.
  const why = typeof stated === 'string' ? stated : alert.state !== 'resolved' && colon >= 0 ? alert.message.slice(colon + 2) : '';
  const closed = alert.state === 'resolved';
  const outcomeItem = item('outcome');
  const outcomeValue = outcomeItem?.value ?? item('status')?.value;
  const outcome: DoseGateOutcome = !closed ? 'pending' : outcomeValue === 'given' || outcomeValue === 'held' ? outcomeValue : 'expired';
  return {
    alertId: alert.id,
    patientId: alert.patientId,
    doseNumber: typeof doseNumber === 'number' ? doseNumber : null,
    doseDue: typeof doseDue === 'string' ? doseDue : null,
    checkpoint: typeof checkpoint === 'string' ? checkpoint : null,
    decision,
    decidedAt: decisionItem?.time ?? alert.updatedAt,
    why,
    absolute: all('absolute'),
    relative: all('relative'),
    missing: all('missing'),
    severity: alert.severity,
    outcome,
    // The dose's own time (a record of a dose documented before its checkpoint closes at the checkpoint).
    outcomeAt: closed ? (outcomeItem?.time || alert.resolvedAt) ?? alert.updatedAt : null,
  };
}
