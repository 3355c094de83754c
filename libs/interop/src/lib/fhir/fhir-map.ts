import { mapFhirBundle } from './fhir-bundle.mapper';
import { asObject } from './fhir-json';
import type { FhirMapOptions, FhirMapResult } from './fhir-map.types';
import { mapFhirObservation } from './fhir-observation.mapper';

/**
 * Entry point for a FHIR R4 JSON body (POST /fhir/Observation or POST /fhir): an Observation or a
 * Bundle. Never throws; a refused body says which field and why, ready for buildOperationOutcome.
 */
export function mapFhir(body: unknown, options: FhirMapOptions = {}): FhirMapResult {
  try {
    const resource = asObject(body);
    if (!resource) return { ok: false, path: '(root)', reason: 'body must be a FHIR resource (JSON object)', code: 'structure', entries: [] };
    if (resource['resourceType'] === 'Bundle') return mapFhirBundle(resource, options);
    if (resource['resourceType'] === 'Observation') return mapFhirObservationBody(resource, options);
    return { ok: false, path: 'resourceType', reason: `resource type ${String(resource['resourceType'] ?? '(none)')} is not accepted (Observation or Bundle)`, code: 'not-supported', entries: [] };
  } catch (error) {
    return { ok: false, path: '(root)', reason: `internal error while mapping: ${error instanceof Error ? error.message : String(error)}`, code: 'processing', entries: [] };
  }
}

/** A single posted Observation; a contained Patient may be its subject, nothing else resolves. */
export function mapFhirObservationBody(resource: unknown, options: FhirMapOptions = {}): FhirMapResult {
  const result = mapFhirObservation(resource, { options, path: '', resolve: () => undefined });
  const entry = { index: 0, resourceType: 'Observation', ...result };
  return result.ok ? { ok: true, kind: 'Observation', events: result.events, entries: [entry] } : { ...result, kind: 'Observation', entries: [entry] };
}
