import { mapHl7Message } from '../hl7v2/hl7-map';
import type { Hl7MapResult } from '../hl7v2/hl7-map.types';
import { mapFhir } from '../fhir/fhir-map';
import type { FhirMapResult } from '../fhir/fhir-map.types';
import { parseBeatClasses, parseRrIntervals } from './rr-series';

const msh = `MSH|^~\\&|MON|ICU|VIGIL|HOSP|20261126101500+0000||ORU^R01|C9|P|2.6`;
const hl7 = (...obx: string[]) => mapHl7Message([msh, 'PID|||P-7^^^HOSP^MR', 'OBR|1|||ecg', ...obx].join('\r'));
const RR = 'OBX|1|NA|147072^MDC_ECG_TIME_PD_RR_GL^MDC||812^790^455^1130^805|ms|||||F|||20261126101405.250+0000';
const okHl7 = (r: Hl7MapResult) => {
  if (!r.ok) throw new Error(`expected ok: ${r.reason}`);
  return r;
};

describe('RR series and beat classes (issue 18)', () => {
  describe('HL7 v2 ORU^R01', () => {
    it('maps an NA RR-interval OBX and the beat-classes OBX after it into one rr event with beatClasses', () => {
      const r = okHl7(hl7(RR, 'OBX|2|ST|beat-classes^Beat classes^99VIGIL||NNVNN||||||F'));
      expect(r.events).toHaveLength(1);
      expect(r.events[0]).toMatchObject({ type: 'rr', patientId: 'P-7', time: '2026-11-26T10:14:05.250Z', intervalsMs: [812, 790, 455, 1130, 805], beatClasses: 'NNVNN' });
      expect(r.warnings).toEqual([]);
    });

    it('maps an RR series without classes, in seconds, as repetitions', () => {
      const r = okHl7(hl7('OBX|1|NA|147072^^MDC||0.812~0.79~0.455|s|||||F|||20261126101405+0000'));
      expect(r.events[0]).toMatchObject({ type: 'rr', intervalsMs: [812, 790, 455] });
      expect(r.events[0]).not.toHaveProperty('beatClasses');
    });

    it('keeps the RR series and warns when the classes do not fit (wrong count, unknown letter) or follow nothing', () => {
      const count = okHl7(hl7(RR, 'OBX|2|ST|beat-classes^^99VIGIL||NNVN||||||F'));
      expect(count.events[0]).toMatchObject({ type: 'rr', intervalsMs: [812, 790, 455, 1130, 805] });
      expect(count.events[0]).not.toHaveProperty('beatClasses');
      expect(count.warnings).toEqual([expect.objectContaining({ segment: 'OBX', sequence: 2, field: 5, reason: expect.stringContaining('4 beat classes for 5 RR intervals') })]);
      const letter = okHl7(hl7(RR, 'OBX|2|ST|beat-classes^^99VIGIL||NNXNN||||||F'));
      expect(letter.warnings[0].reason).toContain('beat class "X" at position 3');
      const orphan = hl7('OBX|1|ST|beat-classes^^99VIGIL||NN||||||F');
      expect(orphan.ok).toBe(false);
      if (!orphan.ok) expect(orphan.reason).toContain('must follow the RR-interval OBX');
    });

    it('refuses a non-numeric interval, an unknown unit and a series time without seconds, naming the field', () => {
      const bad = hl7('OBX|1|NA|147072^^MDC||812^abc|ms|||||F|||20261126101405+0000');
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad).toMatchObject({ location: { segment: 'OBX', sequence: 1, field: 5 }, reason: expect.stringContaining('RR interval 2 ("abc") is not a number') });
      const unit = hl7('OBX|1|NA|147072^^MDC||812^800|min|||||F|||20261126101405+0000');
      if (!unit.ok) expect(unit.location).toMatchObject({ field: 6 });
      expect(unit.ok).toBe(false);
      const minute = hl7('OBX|1|NA|147072^^MDC||812^800|ms|||||F|||202611261014+0000');
      if (!minute.ok) expect(minute.location).toMatchObject({ field: 14 });
      expect(minute.ok).toBe(false);
    });

    it('does not take a beat-classes code from another system (local codes never match)', () => {
      const r = hl7(RR, 'OBX|2|ST|beat-classes^^L||NNVNN||||||F');
      expect(okHl7(r).events[0]).not.toHaveProperty('beatClasses');
      expect(okHl7(r).warnings[0]).toMatchObject({ sequence: 2, field: 3, reason: expect.stringContaining('unsupported code') });
    });
  });

  describe('FHIR R4 Observation', () => {
    const rrObs = (over: Record<string, unknown> = {}) => ({
      resourceType: 'Observation',
      id: 'rr1',
      status: 'final',
      subject: { reference: 'Patient/P-7' },
      effectiveDateTime: '2026-11-26T10:14:05.250Z',
      code: { coding: [{ system: 'urn:iso:std:iso:11073:10101', code: '147072', display: 'MDC_ECG_TIME_PD_RR_GL' }] },
      valueSampledData: { origin: { value: 0, unit: 'ms', system: 'http://unitsofmeasure.org', code: 'ms' }, dimensions: 1, data: '812 790 455 1130 805' },
      component: [{ code: { coding: [{ system: 'urn:vigil:codes', code: 'beat-classes' }] }, valueString: 'NNVNN' }],
      ...over,
    });

    it('maps valueSampledData and the beat-classes component into one rr event', () => {
      const r: FhirMapResult = mapFhir(rrObs());
      if (!r.ok) throw new Error(`${r.path}: ${r.reason}`);
      expect(r.events).toEqual([expect.objectContaining({ type: 'rr', patientId: 'P-7', time: '2026-11-26T10:14:05.250Z', intervalsMs: [812, 790, 455, 1130, 805], beatClasses: 'NNVNN' })]);
    });

    it('keeps the series with a note when the classes do not fit, and refuses a bad interval with its path', () => {
      const r = mapFhir(rrObs({ component: [{ code: { coding: [{ system: 'urn:vigil:codes', code: 'beat-classes' }] }, valueString: 'NNV' }] }));
      if (!r.ok) throw new Error(r.reason);
      expect(r.events[0]).not.toHaveProperty('beatClasses');
      expect(r.entries[0]).toMatchObject({ notes: [expect.stringContaining('component.0.valueString: 3 beat classes for 5 RR intervals')] });
      const bad = mapFhir(rrObs({ valueSampledData: { origin: { value: 0, code: 'ms' }, dimensions: 1, data: '812 E 455' } }));
      expect(bad).toMatchObject({ ok: false, path: 'valueSampledData.data', reason: expect.stringContaining('RR interval 2 ("E") is not a number') });
      const none = mapFhir(rrObs({ valueSampledData: undefined }));
      expect(none).toMatchObject({ ok: false, path: 'valueSampledData' });
    });

    it('refuses beat classes sent as an Observation of their own', () => {
      const r = mapFhir(rrObs({ code: { coding: [{ system: 'urn:vigil:codes', code: 'beat-classes' }] }, valueSampledData: undefined, valueString: 'NN' }));
      expect(r).toMatchObject({ ok: false, path: 'code', reason: expect.stringContaining('component of the RR-interval Observation') });
    });
  });

  it('parses intervals in ms or s, and class letters case-insensitively', () => {
    expect(parseRrIntervals(['0.8', '1.2'], 's')).toEqual({ ok: true, value: [800, 1200] });
    expect(parseRrIntervals([], 'ms')).toEqual({ ok: false, reason: 'no RR intervals' });
    expect(parseBeatClasses('nn v', 3)).toEqual({ ok: true, value: 'NNV' });
  });
});
