import type { ObservationTarget } from './observation-target';
import type { OxygenDevice } from '@vigil/contracts';
import type { RhythmLabel } from './rhythm-label';

/**
 * One observation after code lookup and unit conversion, before it becomes (part of) a canonical event.
 * Both the HL7 and the FHIR mapper produce these; the event factory turns them into ClinicalEvents.
 */
export interface Measurement {
  target: Exclude<ObservationTarget, { kind: 'bp-panel' }>;
  /** Canonical-unit number, a rhythm label, or an oxygen device. */
  value: number | RhythmLabel | OxygenDevice;
  unit: string;
  /** Effective (measurement) time, ISO UTC. For urine, the end of the collection period. */
  time: string;
  periodStart?: string;
  specimenTime?: string;
  loinc?: string;
  /** An RR series (target rr-intervals): the intervals in ms, and the beat classes when sent. */
  intervalsMs?: number[];
  beatClasses?: string;
  /** Where it came from, for error messages: "OBX[3]" or "entry.2.resource.component.0". */
  location: string;
}
