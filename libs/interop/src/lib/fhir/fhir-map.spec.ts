import type { ClinicalEvent } from '@vigil/contracts';
import { mapFhir } from './fhir-map';
import type { FhirMapResult } from './fhir-map.types';
import { buildOperationOutcome } from './operation-outcome';
import { buildBundleResponse } from './bundle-response';
import { parseFhirTime } from './fhir-time';

const obs = (over: Record<string, unknown>): Record<string, unknown> => ({
  resourceType: 'Observation',
  id: 'o1',
  status: 'final',
  subject: { reference: 'Patient/P-7' },
  effectiveDateTime: '2026-11-26T10:15:00+01:00',
  ...over,
});
const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
const qty = (value: number, code: string) => ({ value, unit: code, system: 'http://unitsofmeasure.org', code });
const events = (r: FhirMapResult): Omit<ClinicalEvent, 'source'>[] => {
  if (!r.ok) throw new Error(`expected ok: ${r.path}: ${r.reason}`);
  return r.events.map(({ source: _s, ...rest }) => rest);
};
const refusal = (r: FhirMapResult) => (r.ok ? 'ok' : `${r.path}: ${r.reason}`);

describe('mapFhir: Observation', () => {
  it.each([
    ['8480-6', qty(88, 'mm[Hg]'), { sbp: 88 }],
    ['8478-0', qty(8.6, 'kPa'), { map: 64.51 }],
    ['8867-4', qty(118, '/min'), { hr: 118 }],
    ['59408-5', qty(93, '%'), { spo2: 93 }],
    ['2708-6', qty(95, '%'), { spo2: 95 }],
    ['9279-1', qty(22, '/min'), { rr: 22 }],
    ['8310-5', qty(101.3, '[degF]'), { temp: 38.5 }],
    ['8310-5', qty(38.2, 'Cel'), { temp: 38.2 }],
    ['3151-8', qty(2, 'L/min'), { o2FlowLpm: 2 }],
  ])('vital %s %j → %j', (code, valueQuantity, fields) => {
    expect(events(mapFhir(obs({ code: loinc(code), valueQuantity })))).toEqual([
      { id: 'fhir:P-7:Observation/o1', patientId: 'P-7', time: '2026-11-26T09:15:00.000Z', type: 'vitals', ...fields },
    ]);
  });

  it.each([
    ['29463-7', qty(185, '[lb_av]'), { type: 'weight', kg: 83.91 }],
    ['33939-0', qty(14, 'pg/mL'), { type: 'lab', code: 'IL2', value: 14, unit: 'pg/mL', loinc: '33939-0' }],
    ['76039-7', qty(2.1, 'ng/mL'), { type: 'lab', code: 'SIL2R', value: 2100, unit: 'pg/mL', loinc: '76039-7' }],
    ['2160-0', qty(1.9, 'mg/dL'), { type: 'lab', code: 'CREAT', value: 1.9, unit: 'mg/dL', loinc: '2160-0' }],
    ['14682-9', qty(168, 'umol/L'), { type: 'lab', code: 'CREAT', value: 1.9, unit: 'mg/dL', loinc: '14682-9' }],
    ['2160-0', { value: 168, unit: 'µmol/L' }, { type: 'lab', code: 'CREAT', value: 1.9, unit: 'mg/dL', loinc: '2160-0' }],
    ['777-3', qty(95, '10*9/L'), { type: 'lab', code: 'PLT', value: 95, unit: '10*3/uL', loinc: '777-3' }],
  ])('%s %j → %j', (code, valueQuantity, fields) => {
    expect(events(mapFhir(obs({ code: loinc(code), valueQuantity })))).toEqual([
      { id: 'fhir:P-7:Observation/o1', patientId: 'P-7', time: '2026-11-26T09:15:00.000Z', ...fields },
    ]);
  });

  it('maps a blood-pressure panel (85354-9) from its components, skipping an absent one', () => {
    const bp = obs({
      code: loinc('85354-9'),
      component: [
        { code: loinc('8480-6'), valueQuantity: qty(84, 'mm[Hg]') },
        { code: loinc('8462-4'), dataAbsentReason: { text: 'cuff error' } },
        { code: loinc('8478-0'), valueQuantity: qty(60, 'mm[Hg]') },
      ],
    });
    const r = mapFhir(bp);
    expect(events(r)).toEqual([{ id: 'fhir:P-7:Observation/o1', patientId: 'P-7', time: '2026-11-26T09:15:00.000Z', type: 'vitals', sbp: 84, map: 60 }]);
    expect(r.entries[0].ok && r.entries[0].notes).toEqual(['component.1.dataAbsentReason: value absent ("cuff error" (no coding))']);
  });

  it('maps an ECG rhythm coded in SNOMED CT', () => {
    const r = mapFhir(obs({ code: loinc('8884-9'), valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '49436004', display: 'Atrial fibrillation' }] } }));
    expect(events(r)).toEqual([{ id: 'fhir:P-7:Observation/o1', patientId: 'P-7', time: '2026-11-26T09:15:00.000Z', type: 'rhythm', rhythm: 'af' }]);
  });

  it('maps urine output over its effectivePeriod', () => {
    const r = mapFhir(obs({ code: loinc('9187-6'), valueQuantity: qty(40, 'mL'), effectiveDateTime: undefined, effectivePeriod: { start: '2026-11-26T09:00:00Z', end: '2026-11-26T10:00:00Z' } }));
    expect(events(r)).toEqual([{ id: 'fhir:P-7:Observation/o1', patientId: 'P-7', time: '2026-11-26T10:00:00.000Z', type: 'urine', volumeMl: 40, periodStart: '2026-11-26T09:00:00.000Z' }]);
  });

  it('uses issued when there is no effective time, and the MDC code of a device observation', () => {
    const r = mapFhir(obs({ code: { coding: [{ system: 'urn:iso:std:iso:11073:10101', code: '150456' }] }, valueQuantity: qty(91, '%'), effectiveDateTime: undefined, issued: '2026-11-26T10:20:00Z' }));
    expect(events(r)[0]).toMatchObject({ time: '2026-11-26T10:20:00.000Z', spo2: 91 });
  });

  it('derives a stable id: identifier, else id, else content hash', () => {
    const withIdentifier = mapFhir(obs({ code: loinc('8867-4'), valueQuantity: qty(80, '/min'), identifier: [{ system: 'urn:ehr', value: 'X9' }] }));
    expect(events(withIdentifier)[0].id).toBe('fhir:P-7:urn_ehr|X9');
    const anonymous = obs({ id: undefined, code: loinc('8867-4'), valueQuantity: qty(80, '/min') });
    const a = events(mapFhir(anonymous))[0].id;
    expect(a).toMatch(/^fhir:P-7:sha-[0-9a-f]{16}$/);
    expect(events(mapFhir({ ...anonymous }))[0].id).toBe(a);
    expect(events(mapFhir({ ...anonymous, valueQuantity: qty(81, '/min') }))[0].id).not.toBe(a);
  });

  it('gives an amended result its own id (not a duplicate of the original), stable when re-sent', () => {
    const original = obs({ code: loinc('8867-4'), valueQuantity: qty(80, '/min') });
    const amended = { ...original, status: 'amended', valueQuantity: qty(60, '/min') };
    const [a, b, c] = [original, amended, { ...amended }].map((o) => events(mapFhir(o))[0].id);
    expect(a).toBe('fhir:P-7:Observation/o1');
    expect(b).toMatch(/^fhir:P-7:Observation\/o1~amended-[0-9a-f]{16}$/);
    expect(c).toBe(b);
  });

  it.each([
    ['entered-in-error', obs({ status: 'entered-in-error', code: loinc('8867-4'), valueQuantity: qty(80, '/min') }), 'status: status entered-in-error: no usable result'],
    ['unsupported code', obs({ code: loinc('15074-8'), valueQuantity: qty(6.3, 'mmol/L') }), 'code: unsupported code loinc.org|15074-8'],
    ['no subject', obs({ subject: undefined, code: loinc('8867-4'), valueQuantity: qty(80, '/min') }), 'subject: no subject'],
    ['Group subject', obs({ subject: { reference: 'Group/herd1' }, code: loinc('8867-4'), valueQuantity: qty(80, '/min') }), 'subject: subject is a Group, not a Patient'],
    ['date-only vital', obs({ effectiveDateTime: '1999-07-02', code: loinc('8867-4'), valueQuantity: qty(44, '/min') }), 'effectiveDateTime: 1999-07-02 has no time of day; vital signs need a measurement time'],
    ['no time', obs({ effectiveDateTime: undefined, code: loinc('8867-4'), valueQuantity: qty(44, '/min') }), 'effective[x]: no effective time (effectiveDateTime, effectivePeriod or issued)'],
    ['bad unit', obs({ code: loinc('8310-5'), valueQuantity: qty(98.6, '[in_i]') }), 'valueQuantity: unit "[in_i]" cannot be converted to Cel'],
    ['no unit on a lab', obs({ code: loinc('2160-0'), valueQuantity: { value: 122 } }), 'valueQuantity: no unit given (expected mg/dL)'],
    ['censored value', obs({ code: loinc('33939-0'), valueQuantity: { ...qty(5, 'pg/mL'), comparator: '<' } }), 'valueQuantity.comparator: censored value <5 is not a measurement'],
    ['string value', obs({ code: loinc('8867-4'), valueString: 'fast' }), 'valueString: valueString given; a valueQuantity is needed'],
    ['out of contract range', obs({ code: loinc('59408-5'), valueQuantity: qty(140, '%') }), 'valueQuantity: rejected by the event contract: spo2: Too big: expected number to be <=100'],
    ['urine without period', obs({ code: loinc('9187-6'), valueQuantity: qty(40, 'mL') }), 'effectivePeriod: urine output needs effectivePeriod with start and end (the collection period)'],
    ['BP panel with no values', obs({ code: loinc('85354-9'), component: [{ code: loinc('8480-6'), dataAbsentReason: { text: 'error' } }] }), 'component: blood-pressure panel without a usable component value (value absent ("error" (no coding)))'],
    ['unknown panel', obs({ code: loinc('9269-2'), component: [{ code: loinc('9268-4'), valueQuantity: qty(5, '{score}') }] }), 'code: unsupported code loinc.org|9269-2, and no component Vigil can use'],
    ['Patient resource', { resourceType: 'Patient', id: 'p' }, 'resourceType: resource type Patient is not accepted (Observation or Bundle)'],
    ['not an object', [1, 2], '(root): body must be a FHIR resource (JSON object)'],
  ])('refuses %s with a path and reason', (_name, body, expected) => {
    expect(refusal(mapFhir(body))).toBe(expected);
  });

  it('never throws on malformed input', () => {
    const bodies = [null, 1, 'x', {}, { resourceType: 'Observation' }, obs({ code: 5, subject: 'x', valueQuantity: 'y', component: 'z' }), { resourceType: 'Bundle', type: 'batch', entry: [null, 1, { resource: 'x' }] }];
    for (const body of bodies) expect(() => mapFhir(body)).not.toThrow();
  });
});

describe('mapFhir: Bundle', () => {
  const entry = (i: number, resource: unknown, method?: string) => ({ fullUrl: `urn:uuid:0000-${i}`, resource, ...(method ? { request: { method, url: 'Observation' } } : {}) });
  const good = obs({ code: loinc('8867-4'), valueQuantity: qty(80, '/min') });
  const bad = obs({ id: 'o2', code: loinc('15074-8'), valueQuantity: qty(6.3, 'mmol/L') });

  it('batch: maps the good entries, reports the bad one with its path', () => {
    const r = mapFhir({ resourceType: 'Bundle', type: 'batch', entry: [entry(0, good, 'POST'), entry(1, bad, 'POST'), entry(2, undefined, 'DELETE')] });
    expect(r.ok).toBe(true);
    expect(r.ok && r.events.map((e) => e.type)).toEqual(['vitals']);
    expect(r.entries.map((e) => (e.ok ? 'ok' : `${e.path}: ${e.reason}`))).toEqual([
      'ok',
      'entry.1.resource.code: unsupported code loinc.org|15074-8',
      'entry.2.request.method: request method DELETE is not supported (POST or PUT an Observation)',
    ]);
  });

  it('transaction: one bad entry refuses all (FHIR transactions are atomic)', () => {
    const r = mapFhir({ resourceType: 'Bundle', type: 'transaction', entry: [entry(0, good, 'POST'), entry(1, bad, 'POST')] });
    expect(r.ok).toBe(false);
    expect(refusal(r)).toMatch(/^entry\.1\.resource\.code: transaction refused, 1 of 2 entries/);
  });

  it('resolves a urn:uuid subject to a Patient created in the same transaction', () => {
    const patient = { resourceType: 'Patient', identifier: [{ system: 'urn:mrn', value: 'MRN-1' }] };
    const o = obs({ subject: { reference: 'urn:uuid:0000-0' }, code: loinc('8867-4'), valueQuantity: qty(80, '/min') });
    const r = mapFhir({ resourceType: 'Bundle', type: 'collection', entry: [entry(0, patient), entry(1, o)] });
    expect(r.ok && r.events[0].patientId).toBe('MRN-1');
    expect(r.entries[0]).toMatchObject({ ok: false, path: 'entry.0.resource.resourceType' });
  });

  it('gives panel members without their own time the panel effective time', () => {
    const panel = { resourceType: 'Observation', id: 'p', status: 'final', code: loinc('58410-2'), effectiveDateTime: '2026-11-26T06:00:00Z', hasMember: [{ reference: 'Observation/m' }] };
    const member = { resourceType: 'Observation', id: 'm', status: 'final', code: loinc('777-3'), subject: { reference: 'Patient/P-7' }, valueQuantity: qty(90, '10*3/uL') };
    const r = mapFhir({ resourceType: 'Bundle', type: 'collection', entry: [entry(0, panel), entry(1, member)] });
    expect(events(r)).toEqual([{ id: 'fhir:P-7:Observation/m', patientId: 'P-7', time: '2026-11-26T06:00:00.000Z', type: 'lab', code: 'PLT', value: 90, unit: '10*3/uL', loinc: '777-3' }]);
  });

  it.each([
    [{ resourceType: 'Bundle', type: 'searchset', entry: [] }, 'type: Bundle type searchset is not accepted (batch, transaction or collection)'],
    [{ resourceType: 'Bundle', type: 'batch' }, 'entry: Bundle has no entries'],
  ])('refuses %j', (body, expected) => {
    expect(refusal(mapFhir(body))).toBe(expected);
  });
});

describe('buildOperationOutcome', () => {
  it('lists each refused entry with a FHIRPath expression, and counts what was accepted', () => {
    const r = mapFhir({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [{ resource: obs({ code: loinc('8867-4'), valueQuantity: qty(80, '/min') }) }, { resource: obs({ id: 'o3', code: loinc('8867-4'), valueQuantity: qty(80, 'furlong') }) }],
    });
    expect(buildOperationOutcome(r)).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'error', code: 'value', diagnostics: 'unit "furlong" cannot be converted to /min', expression: ['Bundle.entry[1].resource.valueQuantity'] },
        { severity: 'information', code: 'informational', diagnostics: '1 event(s) accepted' },
      ],
    });
  });

  it('describes a refused single Observation', () => {
    const outcome = buildOperationOutcome(mapFhir(obs({ status: 'entered-in-error', code: loinc('8867-4') })));
    expect(outcome.issue[0]).toEqual({ severity: 'error', code: 'business-rule', diagnostics: 'status entered-in-error: no usable result', expression: ['Observation.status'] });
  });
});

describe('parseFhirTime', () => {
  it.each([
    ['2026-11-26T10:15:00+01:00', '2026-11-26T09:15:00.000Z', false],
    ['2026-11-26T10:15:00.123Z', '2026-11-26T10:15:00.123Z', false],
    ['2026-11-26', '2026-11-26T00:00:00.000Z', true],
    ['2026-11', '2026-11-01T00:00:00.000Z', true],
    ['2026-02-30', null, null],
    ['26/11/2026', null, null],
  ])('%s', (value, iso, dateOnly) => {
    const t = parseFhirTime(value);
    if (iso === null) expect(t).toBeNull();
    else expect(t).toEqual({ iso, dateOnly });
  });
});

describe('buildBundleResponse', () => {
  const good = obs({ code: loinc('8867-4'), valueQuantity: qty(80, '/min') });
  const bad = obs({ id: 'o2', code: loinc('15074-8'), valueQuantity: qty(6.3, 'mmol/L') });

  it('answers a batch entry by entry', () => {
    const response = buildBundleResponse(mapFhir({ resourceType: 'Bundle', type: 'batch', entry: [{ resource: good }, { resource: bad }] }));
    expect(response?.type).toBe('batch-response');
    expect(response?.entry.map((e) => e.response.status)).toEqual(['201 Created', '422 Unprocessable Entity']);
    expect(response?.entry[1].response.outcome?.issue[0]).toMatchObject({ code: 'not-supported', expression: ['Bundle.entry[1].resource.code'] });
  });

  it('marks the good entries of a refused transaction as not stored', () => {
    const response = buildBundleResponse(mapFhir({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: good }, { resource: bad }] }));
    expect(response?.type).toBe('transaction-response');
    expect(response?.entry.map((e) => e.response.status)).toEqual(['409 Conflict', '422 Unprocessable Entity']);
  });

  it('returns null for a single Observation or a collection', () => {
    expect(buildBundleResponse(mapFhir(good))).toBeNull();
    expect(buildBundleResponse(mapFhir({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: good }] }))).toBeNull();
  });
});
