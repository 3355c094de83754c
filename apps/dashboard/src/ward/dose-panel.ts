import { doseGateRecord, type Alert, type DoseGateRecord, type DoseSchedule } from '@vigil/contracts';

/** What a bed tile and the patient view say about dosing (§10): the gate's decision and the dose timing. */
export interface DosePanelView {
  /**
   * The gate's decision: the pending one before the next dose, or the one the last documented (or
   * expired) dose was decided on, with its outcome. Null when the gate has not spoken for that dose.
   */
  gate: DoseGateRecord | null;
  last: DoseSchedule['lastDose'] | null;
  next: DoseSchedule['nextDose'] | null;
}

/** The patient's newest DOSE_GATE alert, open or closed (one per dose): an open one first, else the last changed. */
export function newestGateAlert(alerts: Iterable<Alert>): Alert | undefined {
  let best: Alert | undefined;
  for (const a of alerts) {
    // A cancelled gate was withdrawn (late or corrected data): it decided nothing.
    if (a.rule !== 'dose_gate' || a.state === 'cancelled') continue;
    const open = a.state !== 'resolved';
    const bestOpen = best !== undefined && best.state !== 'resolved' && best.state !== 'cancelled';
    if (!best || (open && !bestOpen) || (open === bestOpen && Date.parse(a.updatedAt) > Date.parse(best.updatedAt))) best = a;
  }
  return best;
}

/**
 * The dose panel from the engine's dose schedule (WardPatient.dose) and the patient's newest gate
 * alert. A closed decision is shown while it is about the last dose (documented or expired): once a
 * later dose is documented without a gate, it no longer speaks for anything. Null when there
 * is nothing to say (no dose documented and no gate).
 */
export function dosePanelView(schedule: DoseSchedule | null | undefined, gateAlert: Alert | undefined): DosePanelView | null {
  let gate = gateAlert ? doseGateRecord(gateAlert) : null;
  if (gate && gate.outcome !== 'pending' && schedule && gate.doseNumber !== null) {
    const about = gate.outcome === 'expired' ? schedule.nextDose?.doseNumber : schedule.lastDose.doseNumber;
    // Older than the dose the schedule is about: superseded. Newer: the schedule is not refreshed yet.
    if (about !== undefined && gate.doseNumber < about) gate = null;
  }
  if (!gate && !schedule) return null;
  return { gate, last: schedule?.lastDose ?? null, next: schedule?.nextDose ?? null };
}

/** The reasons in one line: what was missing for "HOLD — data missing", else the engine's why. */
export function gateReason(gate: DoseGateRecord): string {
  return gate.decision === 'HOLD — data missing' && gate.missing.length ? `missing: ${gate.missing.join('; ')}` : gate.why;
}
