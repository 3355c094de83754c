import type { ClinicalEvent } from '@vigil/contracts';

/** FHIR IssueType codes used in OperationOutcome.issue.code. */
export type FhirIssueCode = 'invalid' | 'structure' | 'required' | 'value' | 'not-supported' | 'code-invalid' | 'business-rule' | 'processing';

/** Why one resource (or the whole body) was not mapped; `path` is a FHIRPath-like dotted path. */
export interface FhirRejection {
  ok: false;
  path: string;
  reason: string;
  code: FhirIssueCode;
}

/**
 * A value of an accepted resource that was refused (§10: one bad component costs that component only),
 * with the path of the element that carried it, like `refusedFields` on the REST API.
 */
export interface FhirFieldRefusal {
  path: string;
  reason: string;
}

export type ObservationMapResult = { ok: true; events: ClinicalEvent[]; notes: string[]; refused?: FhirFieldRefusal[] } | FhirRejection;

/** Outcome of one Bundle entry (or of a single posted Observation, as index 0). */
export type FhirEntryResult = ({ ok: true; events: ClinicalEvent[]; notes: string[]; refused?: FhirFieldRefusal[] } | FhirRejection) & {
  index: number;
  fullUrl?: string;
  resourceType?: string;
};

export type FhirMapResult =
  | {
      ok: true;
      /** 'Observation' for a single resource; the Bundle type otherwise. */
      kind: 'Observation' | 'batch' | 'transaction' | 'collection';
      events: ClinicalEvent[];
      entries: FhirEntryResult[];
    }
  | (FhirRejection & { kind?: 'Observation' | 'batch' | 'transaction' | 'collection'; entries: FhirEntryResult[] });

export interface FhirMapOptions {
  /** First part of event ids and `source` ("fhir" by default), e.g. the EHR's name. */
  sourceName?: string;
  /**
   * Offset for date-only values (weights and labs charted by day) and for times without a zone,
   * "+HH:MM" or "Z". Default "Z".
   */
  defaultOffset?: string;
}
