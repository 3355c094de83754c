import { asArray, asObject, asString, type Json } from './fhir-json';

export type SubjectResult = { ok: true; patientId: string } | { ok: false; reason: string };

/**
 * Observation.subject → Vigil patientId. Accepts "Patient/123", an absolute ".../Patient/123", a
 * logical reference by identifier, a contained "#id" Patient, and a "urn:uuid:…" that points at a Patient
 * elsewhere in the same Bundle (transactions create the patient and its observations together). A subject
 * that is a Group, Device or Location is refused: Vigil's rules are per patient.
 */
export function resolvePatientId(observation: Json, resolveInBundle: (reference: string) => Json | undefined): SubjectResult {
  const subject = asObject(observation['subject']);
  if (!subject) return { ok: false, reason: 'no subject' };
  const reference = asString(subject['reference']);
  const type = asString(subject['type']);
  const identifier = asString(asObject(subject['identifier'])?.['value']);

  if (reference?.startsWith('#')) {
    const contained = asArray(observation['contained']).map(asObject).find((r) => r?.['id'] === reference.slice(1));
    return contained ? fromPatient(contained, reference) : { ok: false, reason: `subject ${reference} is not among the contained resources` };
  }
  if (reference?.startsWith('urn:')) {
    const target = resolveInBundle(reference);
    return target ? fromPatient(target, reference) : { ok: false, reason: `subject ${reference} does not resolve within the Bundle` };
  }
  if (reference) {
    const m = /(?:^|\/)([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
    if (!m) return { ok: false, reason: `subject reference ${reference} is not of the form Patient/<id>` };
    if (m[1] !== 'Patient') return { ok: false, reason: `subject is a ${m[1]}, not a Patient` };
    return { ok: true, patientId: m[2] };
  }
  if (identifier) {
    if (type && type !== 'Patient') return { ok: false, reason: `subject is a ${type}, not a Patient` };
    return { ok: true, patientId: identifier };
  }
  return { ok: false, reason: 'subject has neither a reference nor an identifier' };
}

function fromPatient(resource: Json, reference: string): SubjectResult {
  if (resource['resourceType'] !== 'Patient') return { ok: false, reason: `subject ${reference} is a ${String(resource['resourceType'])}, not a Patient` };
  // A Patient created in the same transaction has no server id yet; its business identifier is stable.
  const identifier = asArray(resource['identifier']).map(asObject).map((i) => asString(i?.['value'])).find(Boolean);
  const id = identifier ?? asString(resource['id']);
  return id ? { ok: true, patientId: id } : { ok: false, reason: `Patient ${reference} has no identifier or id` };
}
