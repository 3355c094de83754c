import type { DoseSchedule } from '@vigil/contracts';
import type { RulesEngine, ThresholdSet } from '@vigil/rules';

/** What the rules engine derives for a patient's tile beyond the stored readings. */
export interface PatientDerived {
  /** NEWS2 total (shown, not alarmed), or null without data. */
  news2: number | null;
  /** The threshold set in force (defaults ← ward ← patient). */
  thresholds: ThresholdSet;
  /** The last documented dose and the next one due, or null before the first dose. */
  dose: DoseSchedule | null;
}

export function derivedOf(engine: RulesEngine, patientId: string): PatientDerived {
  return { news2: engine.news2(patientId), thresholds: engine.thresholdsFor(patientId), dose: engine.doseSchedule(patientId) };
}
