import type { Alert } from '@vigil/contracts';

/** The dose gate's decision as the engine states it (CLINICAL_RULES.md §10 "DOSE_GATE never says nothing"). */
export type GateDecisionText = 'PROCEED-CHECK' | 'HOLD' | 'HOLD — data missing' | 'STOP-REVIEW';

export interface DoseGateView {
  decision: GateDecisionText;
  doseNumber: number | null;
  /** ISO time the dose is due (T_dose). */
  doseDue: string | null;
  /** 'T-2h' or 'T_dose': which checkpoint made the decision. */
  checkpoint: string | null;
  /** Why, as the engine wrote it (criteria and missing inputs), without the decision and dose prefix. */
  why: string;
  /** Inputs the gate found missing or stale (the reason for "HOLD — data missing"). */
  missing: string[];
  severity: Alert['severity'];
  alertId: string;
}

const DECISIONS: readonly GateDecisionText[] = ['PROCEED-CHECK', 'HOLD — data missing', 'HOLD', 'STOP-REVIEW'];

/**
 * The gate decision pending for a patient: the open DOSE_GATE alert (one per dose; the T_dose decision
 * restates the T − 2 h one), read from the evidence the engine attaches, never guessed from severity.
 * Null when no gate is open (no dose scheduled, or the dose was documented).
 */
export function doseGateView(alerts: readonly Alert[]): DoseGateView | null {
  const gate = alerts.filter((a) => a.rule === 'dose_gate' && a.state !== 'resolved' && a.state !== 'cancelled').sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))[0];
  if (!gate) return null;
  const field = (name: string) => gate.evidence.find((e) => e.field === name)?.value;
  const stated = field('decision');
  const decision = DECISIONS.find((d) => d === stated) ?? DECISIONS.find((d) => gate.message.startsWith(d));
  if (!decision) return null;
  const doseNumber = field('doseNumber');
  const doseDue = field('doseDue');
  const checkpoint = field('checkpoint');
  const colon = gate.message.indexOf(': ');
  return {
    decision,
    doseNumber: typeof doseNumber === 'number' ? doseNumber : null,
    doseDue: typeof doseDue === 'string' ? doseDue : null,
    checkpoint: typeof checkpoint === 'string' ? checkpoint : null,
    why: colon >= 0 ? gate.message.slice(colon + 2) : '',
    missing: gate.evidence.filter((e) => e.field === 'missing').map((e) => String(e.value)),
    severity: gate.severity,
    alertId: gate.id,
  };
}
