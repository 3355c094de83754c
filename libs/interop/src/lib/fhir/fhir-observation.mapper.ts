import { lookupFirst } from '../mapping/code-lookup';
import { buildEvent } from '../mapping/event-factory';
import { canonicalJson, makeEventId, stableHash } from '../mapping/event-id';
import type { Measurement } from '../mapping/measurement';
import type { MatchedCode } from '../mapping/observation-target';
import { toRhythmLabel } from '../mapping/rhythm-label';
import { parseBeatClasses, parseRrIntervals } from '../mapping/rr-series';
import { toOxygenDevice } from '../mapping/oxygen-device';
import { quantityOf, toCanonical } from '../mapping/unit-conversion';
import { asArray, asNumber, asObject, asString, codingsOf, describeConcept, type Json } from './fhir-json';
import type { FhirFieldRefusal, FhirIssueCode, FhirMapOptions, FhirRejection, ObservationMapResult } from './fhir-map.types';
import { resolvePatientId } from './fhir-subject';
import { parseFhirTime, type FhirTime } from './fhir-time';

/** Statuses whose value may be acted on; registered/cancelled/entered-in-error/unknown may not. */
const USABLE_STATUS = new Set(['final', 'amended', 'corrected', 'preliminary']);

export interface ObservationContext {
  options: FhirMapOptions;
  /** Path of the resource in the request body: '' for a posted Observation, 'entry.3.resource' in a Bundle. */
  path: string;
  /** Bundle entry fullUrl, used as the stable id when the resource has neither identifier nor id. */
  fullUrl?: string;
  resolve: (reference: string) => Json | undefined;
  /** Effective time of the panel or DiagnosticReport in the same Bundle that lists this Observation. */
  inherited?: { value: unknown; from: string };
}

/**
 * One FHIR R4 Observation → zero or one canonical event (a blood-pressure panel's components become
 * one vitals event). Every refusal names the field that caused it, as a path into the request body.
 */
export function mapFhirObservation(resource: unknown, ctx: ObservationContext): ObservationMapResult {
  const at = (field: string): string => (ctx.path ? `${ctx.path}.${field}` : field);
  const reject = (field: string, reason: string, code: FhirIssueCode): FhirRejection => ({ ok: false, path: at(field), reason, code });
  const obs = asObject(resource);
  if (!obs) return { ok: false, path: ctx.path || '(root)', reason: 'resource is not a JSON object', code: 'structure' };
  if (obs['resourceType'] !== 'Observation') {
    return reject('resourceType', `resource type ${String(obs['resourceType'] ?? '(none)')} is not accepted; only Observation`, 'not-supported');
  }
  const status = asString(obs['status']) ?? '(none)';
  if (!USABLE_STATUS.has(status)) return reject('status', `status ${status}: no usable result`, 'business-rule');

  const matched = lookupFirst(codingsOf(obs['code']));
  const components = asArray(obs['component']);
  if (!matched && components.length === 0) return reject('code', `unsupported code ${describeConcept(obs['code'])}`, 'not-supported');

  const subject = resolvePatientId(obs, ctx.resolve);
  if (!subject.ok) return reject('subject', subject.reason, 'required');

  const time = effectiveTime(obs, ctx.options.defaultOffset, ctx.inherited);
  if (!time.ok) return reject(time.field, time.reason, time.code);
  const notes: string[] = [];
  if (time.field === 'inherited') notes.push(`${at('effective[x]')}: absent; used the effective time of ${ctx.inherited?.from}`);
  const measurements: Measurement[] = [];

  const refused: FhirFieldRefusal[] = [];
  /**
   * Vital-sign components: a blood-pressure panel's values (85354-9: 8480-6 and 8462-4), or the US Core
   * pulse-oximetry profile's inhaled O2 flow (3151-8) and concentration (3150-0) next to its SpO2. One
   * bad component is refused with its path (§10); the others are kept.
   */
  const readComponents = (): void => {
    components.forEach((raw, i) => {
      const component = asObject(raw) ?? {};
      const hit = lookupFirst(codingsOf(component['code']));
      const where = `component.${i}`;
      if (!hit || hit.target.kind !== 'vital') {
        notes.push(`${at(where)}: unsupported code ${describeConcept(component['code'])}`);
        return;
      }
      const m = hit.target.field === 'o2Device' ? deviceMeasurement(component, hit, time.value, at(where)) : quantityMeasurement(component, hit, time.value, at(where));
      if (!m.ok) {
        refused.push({ path: at(`${where}.${m.field}`), reason: m.reason });
        notes.push(`${at(`${where}.${m.field}`)}: ${m.reason}`);
      } else if (measurements.some((x) => x.target.kind === 'vital' && hit.target.kind === 'vital' && x.target.field === hit.target.field)) {
        notes.push(`${at(where)}: a second ${hit.target.field} value in one Observation; kept the first`);
      } else measurements.push(m.measurement);
    });
  };

  if (!matched || matched.target.kind === 'bp-panel') {
    readComponents();
    if (measurements.length === 0) {
      if (!matched) return reject('code', `unsupported code ${describeConcept(obs['code'])}, and no component Vigil can use`, 'not-supported');
      return reject('component', `blood-pressure panel without a usable component value (${notes.map((n) => n.replace(/^[^:]*: /, '')).join('; ')})`, 'value');
    }
  } else {
    const precise = matched.target.kind === 'lab' || matched.target.kind === 'weight';
    if (time.value.dateOnly && !precise) {
      return reject(time.field === 'inherited' ? 'effective[x]' : time.field, `${time.raw} has no time of day; vital signs need a measurement time`, 'value');
    }
    if (matched.target.kind === 'beat-classes') return reject('code', 'beat classes go in a component of the RR-interval Observation (MDC_ECG_TIME_PD_RR_GL)', 'business-rule');
    if (matched.target.kind === 'rr-intervals') {
      const series = rrSeries(obs, components, at, notes);
      if (!series.ok) return reject(series.field, series.reason, series.code);
      measurements.push({ ...series.measurement, time: time.value.iso });
    } else if (matched.target.kind === 'rhythm') {
      const concept = asObject(obs['valueCodeableConcept']);
      const codes = codingsOf(concept);
      const label = toRhythmLabel(...codes.map((c) => c.code), ...codes.map((c) => c.display), asString(concept?.['text']), asString(obs['valueString']));
      if (!label) return reject('value[x]', 'rhythm observation needs valueCodeableConcept or valueString', 'required');
      measurements.push({ target: matched.target, value: label, unit: '', time: time.value.iso, location: at('value[x]') });
    } else if (matched.target.kind === 'vital' && matched.target.field === 'o2Device') {
      const m = deviceMeasurement(obs, matched, time.value, at('value[x]'));
      if (!m.ok) return reject(m.field, m.reason, m.code);
      measurements.push(m.measurement);
      if (components.length > 0) readComponents();
    } else {
      const m = quantityMeasurement(obs, matched, time.value, ctx.path);
      const withComponents = matched.target.kind === 'vital' && components.length > 0;
      if (m.ok) {
        if (matched.target.kind === 'urine') {
          if (!time.start || time.start.iso === time.value.iso) return reject('effectivePeriod', 'urine output needs effectivePeriod with start and end (the collection period)', 'required');
          m.measurement.periodStart = time.start.iso;
        }
        measurements.push(m.measurement);
      } else if (withComponents) {
        // A vital whose own value is refused still delivers its components' (§10), with the refusal named.
        refused.push({ path: at(m.field), reason: m.reason });
        notes.push(`${at(m.field)}: ${m.reason}`);
      } else return reject(m.field, m.reason, m.code);
      if (withComponents) readComponents();
      if (measurements.length === 0) return reject(m.ok ? 'component' : m.field, m.ok ? 'no usable value' : m.reason, m.ok ? 'value' : m.code);
    }
  }

  if (time.value.dateOnly && measurements.some((m) => m.target.kind === 'vital')) {
    return reject(time.field === 'inherited' ? 'effective[x]' : time.field, `${time.raw} has no time of day; vital signs need a measurement time`, 'value');
  }
  const source = ctx.options.sourceName ?? 'fhir';
  const built = buildEvent({ id: eventId(obs, ctx, source, subject.patientId), patientId: subject.patientId, source }, measurements);
  // The contract names its own field (spo2); the sender needs the FHIR element that carried it.
  const valueField =
    measurements.length > 1 || !matched || matched.target.kind === 'bp-panel' ? 'component' : matched.target.kind === 'rhythm' ? 'value[x]' : matched.target.kind === 'rr-intervals' ? 'valueSampledData' : 'valueQuantity';
  if (!built.ok) return reject(valueField, `rejected by the event contract: ${built.reason}`, 'value');
  for (const r of built.refused) {
    // The measurement's location is the element that carried it: a component, or the resource itself.
    const path = r.location.startsWith(ctx.path) && /component\.\d+$/.test(r.location) ? `${r.location}.valueQuantity` : at('valueQuantity');
    refused.push({ path, reason: `${r.field}: ${r.reason}` });
    notes.push(`${path}: ${r.field} refused by the event contract (${r.reason}); the Observation's other values were accepted`);
  }
  return { ok: true, events: [built.event], notes, ...(refused.length ? { refused } : {}) };
}

/**
 * An RR series (rr-series.ts): valueSampledData.data holds the intervals, space-separated, in the unit
 * of origin (ms or s); a component coded beat-classes carries one class letter per interval. Bad
 * classes are a note and the series is kept without them.
 */
function rrSeries(obs: Json, components: unknown[], at: (field: string) => string, notes: string[]): { ok: true; measurement: Measurement } | { ok: false; field: string; reason: string; code: FhirIssueCode } {
  const sampled = asObject(obs['valueSampledData']);
  if (!sampled) return { ok: false, field: 'valueSampledData', reason: 'RR intervals need valueSampledData (data: the intervals, space-separated)', code: 'required' };
  const origin = asObject(sampled['origin']);
  const data = asString(sampled['data']);
  if (!data) return { ok: false, field: 'valueSampledData.data', reason: 'no RR intervals in valueSampledData.data', code: 'required' };
  const series = parseRrIntervals(data.trim().split(/\s+/), asString(origin?.['code']) ?? asString(origin?.['unit']));
  if (!series.ok) return { ok: false, field: series.reason.startsWith('RR intervals in unit') ? 'valueSampledData.origin' : 'valueSampledData.data', reason: series.reason, code: 'value' };
  const measurement: Measurement = { target: { kind: 'rr-intervals' }, value: series.value.length, unit: 'ms', time: '', location: at('valueSampledData'), intervalsMs: series.value };
  components.forEach((raw, i) => {
    const component = asObject(raw) ?? {};
    if (lookupFirst(codingsOf(component['code']))?.target.kind !== 'beat-classes') return;
    const classes = parseBeatClasses(asString(component['valueString']) ?? '', series.value.length);
    if (classes.ok) measurement.beatClasses = classes.value;
    else notes.push(`${at(`component.${i}.valueString`)}: ${classes.reason}; the RR series is kept without classes`);
  });
  return { ok: true, measurement };
}

type TimeResult =
  | { ok: true; value: FhirTime; start?: FhirTime; field: string; raw: string }
  | { ok: false; field: string; reason: string; code: FhirIssueCode };

/**
 * effectiveDateTime | effectiveInstant | effectivePeriod (end, else start) | the effective time of the
 * panel/report listing it (a CBC's members share the panel's specimen time) | issued, in that order.
 */
function effectiveTime(obs: Json, offset: string | undefined, inherited?: { value: unknown; from: string }): TimeResult {
  for (const field of ['effectiveDateTime', 'effectiveInstant'] as const) {
    if (obs[field] === undefined) continue;
    const value = parseFhirTime(obs[field], offset);
    return value ? { ok: true, value, field, raw: String(obs[field]) } : { ok: false, field, reason: `${String(obs[field])} is not a FHIR dateTime`, code: 'value' };
  }
  const period = asObject(obs['effectivePeriod']);
  if (period) {
    const start = parseFhirTime(period['start'], offset) ?? undefined;
    const end = parseFhirTime(period['end'], offset) ?? undefined;
    const value = end ?? start;
    if (!value) return { ok: false, field: 'effectivePeriod', reason: 'effectivePeriod has no valid start or end', code: 'value' };
    return { ok: true, value, start, field: 'effectivePeriod', raw: String(period['end'] ?? period['start']) };
  }
  if (obs['effectiveTiming'] !== undefined) return { ok: false, field: 'effectiveTiming', reason: 'effectiveTiming is not supported; send effectiveDateTime', code: 'not-supported' };
  const fromParent = inherited ? parseFhirTime(inherited.value, offset) : null;
  if (fromParent) return { ok: true, value: fromParent, field: 'inherited', raw: String(inherited?.value) };
  const issued = parseFhirTime(obs['issued'], offset);
  if (issued) return { ok: true, value: issued, field: 'issued', raw: String(obs['issued']) };
  return { ok: false, field: 'effective[x]', reason: 'no effective time (effectiveDateTime, effectivePeriod or issued)', code: 'required' };
}

/** The oxygen device, from a coded concept (any coding's code or display, or its text) or a string. */
function deviceMeasurement(element: Json, matched: MatchedCode, time: FhirTime, location: string): QuantityResult {
  const concept = asObject(element['valueCodeableConcept']);
  const codes = codingsOf(concept);
  const texts = [...codes.map((c) => c.display), asString(concept?.['text']), ...codes.map((c) => c.code), asString(element['valueString'])];
  if (texts.every((t) => !t)) return { ok: false, field: 'value[x]', reason: 'oxygen device observation needs valueCodeableConcept or valueString', code: 'required' };
  const device = toOxygenDevice(...texts);
  if (!device || matched.target.kind !== 'vital') return { ok: false, field: concept ? 'valueCodeableConcept' : 'valueString', reason: `oxygen device ${texts.filter(Boolean).join(' / ')} is not one Vigil knows (room air, nasal cannula, mask, high-flow, non-rebreather, NIV, intubated)`, code: 'code-invalid' };
  return { ok: true, measurement: { target: matched.target, value: device, unit: '', time: time.iso, location } };
}

type QuantityResult = { ok: true; measurement: Measurement } | { ok: false; field: string; reason: string; code: FhirIssueCode };

function quantityMeasurement(element: Json, matched: MatchedCode, time: FhirTime, location: string): QuantityResult {
  const quantity = asObject(element['valueQuantity']);
  if (!quantity) {
    const absent = asObject(element['dataAbsentReason']);
    if (absent) return { ok: false, field: 'dataAbsentReason', reason: `value absent (${describeConcept(absent)})`, code: 'value' };
    const other = Object.keys(element).find((k) => k.startsWith('value'));
    return { ok: false, field: other ?? 'valueQuantity', reason: other ? `${other} given; a valueQuantity is needed` : 'no value', code: other ? 'value' : 'required' };
  }
  const value = asNumber(quantity['value']);
  if (value === undefined) return { ok: false, field: 'valueQuantity.value', reason: 'valueQuantity has no numeric value', code: 'required' };
  const comparator = asString(quantity['comparator']);
  if (comparator) return { ok: false, field: 'valueQuantity.comparator', reason: `censored value ${comparator}${value} is not a measurement`, code: 'value' };
  const kind = quantityOf(matched.target);
  if (!kind || matched.target.kind === 'bp-panel' || matched.target.kind === 'rhythm') return { ok: false, field: 'code', reason: 'code has no numeric meaning', code: 'not-supported' };
  // UCUM code first (machine-readable), then the human unit text.
  const ucum = asString(quantity['code']);
  const text = asString(quantity['unit']);
  let converted = toCanonical(kind, value, ucum ?? text);
  if (!converted.ok && ucum && text) converted = toCanonical(kind, value, text);
  if (!converted.ok) return { ok: false, field: 'valueQuantity', reason: converted.reason, code: 'value' };
  return {
    ok: true,
    measurement: {
      target: matched.target,
      value: converted.value,
      unit: converted.unit,
      time: time.iso,
      location,
      ...(matched.system === 'LOINC' && matched.target.kind === 'lab' ? { loinc: matched.code } : {}),
    },
  };
}

/**
 * Stable id per Observation and patient: business identifier, else resource id, else the Bundle
 * fullUrl, else a hash of the resource itself, so re-posting the same resource is a duplicate. Amended
 * and corrected results get a distinct id: they are new information, stored next to the original.
 */
function eventId(obs: Json, ctx: ObservationContext, source: string, patientId: string): string {
  const status = asString(obs['status']);
  if (status === 'amended' || status === 'corrected') {
    // A correction keeps the resource id; without a suffix the store would drop it as a duplicate of the
    // original. The hash keeps a re-sent identical correction a duplicate.
    return `${baseEventId(obs, ctx, source, patientId).slice(0, 170)}~${status}-${stableHash(canonicalJson(obs))}`;
  }
  return baseEventId(obs, ctx, source, patientId);
}

function baseEventId(obs: Json, ctx: ObservationContext, source: string, patientId: string): string {
  const identifier = asArray(obs['identifier']).map(asObject).find((i) => asString(i?.['value']));
  if (identifier) return makeEventId([source, patientId, `${asString(identifier['system']) ?? ''}|${asString(identifier['value'])}`]);
  const id = asString(obs['id']);
  if (id) return makeEventId([source, patientId, `Observation/${id}`]);
  if (ctx.fullUrl) return makeEventId([source, patientId, ctx.fullUrl]);
  return makeEventId([source, patientId, `sha-${stableHash(canonicalJson(obs))}`]);
}
