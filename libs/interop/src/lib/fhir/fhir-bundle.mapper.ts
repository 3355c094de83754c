import type { ClinicalEvent } from '@vigil/contracts';
import { asArray, asObject, asString, type Json } from './fhir-json';
import type { FhirEntryResult, FhirMapOptions, FhirMapResult } from './fhir-map.types';
import { mapFhirObservation } from './fhir-observation.mapper';

const ACCEPTED_TYPES = ['batch', 'transaction', 'collection'] as const;
type AcceptedType = (typeof ACCEPTED_TYPES)[number];

/**
 * Bundle (batch, transaction or collection) → one result per entry. batch and collection are
 * independent entries: the mappable ones are accepted even when others are not. A transaction is
 * all-or-nothing in FHIR, so one bad entry refuses the whole Bundle (the entries still say which).
 */
export function mapFhirBundle(resource: unknown, options: FhirMapOptions = {}): FhirMapResult {
  const bundle = asObject(resource);
  if (!bundle || bundle['resourceType'] !== 'Bundle') return { ok: false, path: 'resourceType', reason: 'not a Bundle', code: 'structure', entries: [] };
  const type = asString(bundle['type']) ?? '(none)';
  if (!(ACCEPTED_TYPES as readonly string[]).includes(type)) {
    return { ok: false, path: 'type', reason: `Bundle type ${type} is not accepted (batch, transaction or collection)`, code: 'not-supported', entries: [] };
  }
  const kind = type as AcceptedType;
  const rawEntries = asArray(bundle['entry']);
  if (rawEntries.length === 0) return { ok: false, kind, path: 'entry', reason: 'Bundle has no entries', code: 'required', entries: [] };

  // fullUrl → resource, so "urn:uuid:…" subjects resolve to a Patient in the same Bundle.
  const byFullUrl = new Map<string, Json>();
  for (const e of rawEntries) {
    const entry = asObject(e);
    const url = asString(entry?.['fullUrl']);
    const res = asObject(entry?.['resource']);
    if (url && res) byFullUrl.set(url, res);
  }
  const resolve = (reference: string): Json | undefined => byFullUrl.get(reference);
  const inheritedTimes = parentTimes(rawEntries);

  const entries: FhirEntryResult[] = rawEntries.map((e, index): FhirEntryResult => {
    const path = `entry.${index}`;
    const entry = asObject(e);
    const fullUrl = asString(entry?.['fullUrl']);
    const res = asObject(entry?.['resource']);
    const resourceType = asString(res?.['resourceType']);
    const base = { index, ...(fullUrl ? { fullUrl } : {}), ...(resourceType ? { resourceType } : {}) };
    if (!entry) return { ...base, ok: false, path, reason: 'entry is not an object', code: 'structure' };
    const method = asString(asObject(entry['request'])?.['method']);
    if ((kind === 'batch' || kind === 'transaction') && method && method !== 'POST' && method !== 'PUT') {
      return { ...base, ok: false, path: `${path}.request.method`, reason: `request method ${method} is not supported (POST or PUT an Observation)`, code: 'not-supported' };
    }
    if (!res) return { ...base, ok: false, path: `${path}.resource`, reason: 'entry has no resource', code: 'required' };
    const id = asString(res['id']);
    const inherited = (id ? inheritedTimes.get(`Observation/${id}`) : undefined) ?? (fullUrl ? inheritedTimes.get(fullUrl) : undefined);
    return { ...base, ...mapFhirObservation(res, { options, path: `${path}.resource`, ...(fullUrl ? { fullUrl } : {}), resolve, ...(inherited ? { inherited } : {}) }) };
  });

  const failed = entries.filter((e) => !e.ok);
  const events: ClinicalEvent[] = entries.flatMap((e) => (e.ok ? e.events : []));
  if (kind === 'transaction' && failed.length > 0) {
    const first = failed[0];
    const reason = first.ok ? '' : `${first.path}: ${first.reason}`;
    return { ok: false, kind, path: first.ok ? 'entry' : first.path, reason: `transaction refused, ${failed.length} of ${entries.length} entries not mappable; first: ${reason}`, code: 'processing', entries };
  }
  if (events.length === 0) {
    const first = failed[0];
    return { ok: false, kind, path: first && !first.ok ? first.path : 'entry', reason: `no entry could be mapped (${failed.length} of ${entries.length} refused)`, code: 'processing', entries };
  }
  return { ok: true, kind, events, entries };
}

/**
 * Panels (Observation.hasMember) and reports (DiagnosticReport.result) give their effective time to the
 * Observations they list, so lab members without their own time are not lost. Two passes cover
 * report → panel → member chains.
 */
function parentTimes(entries: unknown[]): Map<string, { value: unknown; from: string }> {
  const times = new Map<string, { value: unknown; from: string }>();
  for (let pass = 0; pass < 2; pass++) {
    for (const e of entries) {
      const res = asObject(asObject(e)?.['resource']);
      const type = asString(res?.['resourceType']);
      if (!res || (type !== 'Observation' && type !== 'DiagnosticReport')) continue;
      const name = `${type}/${asString(res['id']) ?? '?'}`;
      const own = res['effectiveDateTime'] ?? res['effectiveInstant'] ?? asObject(res['effectivePeriod'])?.['end'] ?? asObject(res['effectivePeriod'])?.['start'];
      const value = own ?? times.get(name)?.value;
      if (value === undefined) continue;
      const refs = [...asArray(res['hasMember']), ...asArray(res['result'])].map((r) => asString(asObject(r)?.['reference'])).filter((r): r is string => !!r);
      for (const ref of refs) if (!times.has(ref)) times.set(ref, { value, from: name });
    }
  }
  return times;
}
