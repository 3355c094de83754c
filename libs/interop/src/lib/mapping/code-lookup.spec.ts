import { lookupCode, lookupFirst } from './code-lookup';
import { mdilToMdc } from './mdc-codes';
import { toRhythmLabel } from './rhythm-label';
import { canonicalJson, makeEventId, stableHash } from './event-id';

describe('lookupCode', () => {
  it.each([
    [{ code: '8480-6', system: 'http://loinc.org' }, 'LOINC', { kind: 'vital', field: 'sbp' }],
    [{ code: '8480-6', system: 'LN' }, 'LOINC', { kind: 'vital', field: 'sbp' }],
    [{ code: '8480-6' }, 'LOINC', { kind: 'vital', field: 'sbp' }], // no system, LOINC-shaped
    [{ code: '14682-9', system: 'LN' }, 'LOINC', { kind: 'lab', code: 'CREAT' }],
    [{ code: '33939-0', system: 'LN' }, 'LOINC', { kind: 'lab', code: 'IL2' }],
    [{ code: '76039-7', system: 'LN' }, 'LOINC', { kind: 'lab', code: 'SIL2R' }],
    [{ code: '150022', display: 'MDC_PRESS_BLD_NONINV_DIA', system: 'MDC' }, 'MDC', { kind: 'vital', field: 'dbp', method: 'nibp' }],
    [{ code: '150038', system: 'urn:iso:std:iso:11073:10101' }, 'MDC', { kind: 'vital', field: 'dbp', method: 'arterial' }],
    [{ code: '147842', display: 'MDC_ECG_CARD_BEAT_RATE', system: 'MDC' }, 'MDC', { kind: 'vital', field: 'hr' }],
    [{ code: '', display: 'MDC_TTHOR_RESP_RATE' }, 'MDC', { kind: 'vital', field: 'rr' }], // reference id alone, alias
    [{ code: '0002-4bb8', display: 'SpO2', system: 'MDIL' }, 'MDC', { kind: 'vital', field: 'spo2' }],
    [{ code: '184327', display: 'MDC_ECG_STAT_RHY', system: 'MDC' }, 'MDC', { kind: 'rhythm' }],
    [{ code: '188736', system: 'urn:std:iso:11073:10101' }, 'MDC', { kind: 'weight' }],
  ])('%j → %s %j', (input, system, target) => {
    expect(lookupCode(input)).toMatchObject({ system, target });
  });

  it.each([
    [{ code: '8480-6', system: 'L' }], // a local code that looks like LOINC is not trusted as LOINC
    [{ code: '1554-5', system: 'LN' }], // glucose: LOINC, but not a Vigil code
    [{ code: '150456', system: 'http://snomed.info/sct' }], // a number in another system is not MDC
    [{ code: 'SBP', display: 'Systolic' }],
    [{}],
  ])('does not match %j', (input) => {
    expect(lookupCode(input)).toBeUndefined();
  });

  it('takes the first coding it understands (HL7 alternate identifier, FHIR coding[])', () => {
    expect(lookupFirst([{ code: 'X1', system: 'L' }, { code: '8867-4', system: 'LN' }])).toMatchObject({ code: '8867-4' });
  });

  it('decodes MDIL hex codes', () => {
    expect(mdilToMdc('0002-4182')).toBe(147842);
    expect(mdilToMdc('150456')).toBeNull();
  });
});

describe('toRhythmLabel', () => {
  it.each([
    ['MDC_ECG_RHY_ATR_FIB', 'af'],
    ['Atrial fibrillation', 'af'],
    ['49436004', 'af'],
    ['AFIB', 'af'],
    ['Atrial flutter', 'aflutter'],
    ['5370000', 'aflutter'],
    ['Sinus bradycardia', 'brady'],
    ['Normal sinus rhythm', 'sinus'],
    ['NSR', 'sinus'],
    ['Ventricular tachycardia', 'vt'],
    ['SVT', 'svt'],
    ['MDC_ECG_PACED_RHY', 'other'],
    ['', null],
  ])('%s → %s', (text, label) => {
    expect(toRhythmLabel(text)).toBe(label);
  });
});

describe('event ids', () => {
  it('are deterministic, sanitised and at most 200 characters', () => {
    expect(makeEventId(['hl7', 'Sure Signs', 'C1', 'obx1'])).toBe('hl7:Sure_Signs:C1:obx1');
    const long = makeEventId(['hl7', 'x'.repeat(300)]);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).toBe(makeEventId(['hl7', 'x'.repeat(300)]));
    expect(long).not.toBe(makeEventId(['hl7', `${'x'.repeat(299)}y`]));
  });
  it('hash the same resource the same whatever its key order', () => {
    expect(stableHash(canonicalJson({ a: 1, b: [1, { c: 2, d: 3 }] }))).toBe(stableHash(canonicalJson({ b: [1, { d: 3, c: 2 }], a: 1 })));
    expect(stableHash('a')).not.toBe(stableHash('b'));
    expect(stableHash('abc')).toMatch(/^[0-9a-f]{16}$/);
  });
});
