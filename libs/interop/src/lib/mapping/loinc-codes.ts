import type { ObservationTarget } from './observation-target';

/**
 * LOINC codes Vigil maps (CLINICAL_RULES.md §2.5, plus the FHIR vital-signs alternates). A code not in
 * this table is "unsupported" on purpose: guessing what an unknown lab means is worse than asking the
 * sender to map it.
 */
export const LOINC_TARGETS: Readonly<Record<string, ObservationTarget>> = {
  '8480-6': { kind: 'vital', field: 'sbp' },
  '8462-4': { kind: 'vital', field: 'dbp' },
  '8478-0': { kind: 'vital', field: 'map' },
  '85354-9': { kind: 'bp-panel' },
  '8867-4': { kind: 'vital', field: 'hr' },
  '8889-8': { kind: 'vital', field: 'hr' }, // heart rate by pulse oximetry (US Core pulse-ox)
  '59408-5': { kind: 'vital', field: 'spo2' },
  '2708-6': { kind: 'vital', field: 'spo2' }, // FHIR oxygen-saturation profile code
  '9279-1': { kind: 'vital', field: 'rr' },
  '8310-5': { kind: 'vital', field: 'temp' },
  '3151-8': { kind: 'vital', field: 'o2FlowLpm' },
  '3150-0': { kind: 'vital', field: 'fio2Pct' }, // inhaled oxygen concentration (FiO2), %
  '29463-7': { kind: 'weight' },
  '3141-9': { kind: 'weight' }, // body weight, measured
  '9187-6': { kind: 'urine' },
  '8884-9': { kind: 'rhythm' },
  '33939-0': { kind: 'lab', code: 'IL2' },
  '76039-7': { kind: 'lab', code: 'SIL2R' },
  '2160-0': { kind: 'lab', code: 'CREAT' },
  '14682-9': { kind: 'lab', code: 'CREAT' },
  '777-3': { kind: 'lab', code: 'PLT' },
  '26515-7': { kind: 'lab', code: 'PLT' },
};
