/**
 * What a coded observation means to Vigil, independent of where it came from (HL7 OBX or FHIR
 * Observation). Both mappers look codes up into this, then the shared builders make canonical events.
 */
export type VitalField = 'sbp' | 'dbp' | 'map' | 'hr' | 'spo2' | 'rr' | 'temp' | 'o2FlowLpm' | 'fio2Pct' | 'o2Device';
export type LabCode = 'IL2' | 'SIL2R' | 'CREAT' | 'PLT';

export type ObservationTarget =
  | { kind: 'vital'; field: VitalField; method?: 'arterial' | 'nibp' }
  | { kind: 'rhythm' }
  | { kind: 'lab'; code: LabCode }
  | { kind: 'weight' }
  | { kind: 'urine' }
  /** A blood-pressure panel: the values are in its components (FHIR 85354-9). */
  | { kind: 'bp-panel' }
  /** A series of RR intervals (MDC_ECG_TIME_PD_RR_GL), see rr-series.ts. */
  | { kind: 'rr-intervals' }
  /** Per-beat classes of the RR series before it (Vigil's own code), see rr-series.ts. */
  | { kind: 'beat-classes' };

/** The code that matched, for lab `loinc` fields and for messages. */
export interface MatchedCode {
  system: 'LOINC' | 'MDC' | 'VIGIL';
  code: string;
  /** MDC reference id (MDC_…) when known. */
  refId?: string;
  target: ObservationTarget;
}
