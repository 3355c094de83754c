import type { ClinicalEvent } from '@vigil/contracts';
import { buildOruR01, toHl7DateTime } from './oru-r01.builder';
import { mapHl7Message } from './hl7-map';

const P = { patientId: 'SIM1-P01', source: 'sim:bed-1' };
/** What the service reads back: the same event, with the HL7 id and source. */
const roundTrip = (e: ClinicalEvent) => {
  const text = buildOruR01(e, { controlId: 'C42', sendingApp: 'REPLAY' });
  if (text === null) throw new Error('not buildable');
  const r = mapHl7Message(text);
  if (!r.ok) throw new Error(`${r.code}: ${r.reason}`);
  expect(r.controlId).toBe('C42');
  return r.events.map(({ id: _id, source: _s, ...rest }) => rest);
};
const strip = ({ id: _id, source: _s, ...rest }: ClinicalEvent) => rest;

describe('buildOruR01 round-trips through mapHl7Message', () => {
  it.each<ClinicalEvent>([
    { ...P, id: 'v1', time: '2026-01-05T06:05:00.000Z', type: 'vitals', sbp: 88, dbp: 52, map: 64, hr: 118, spo2: 95, rr: 20, temp: 38.4 },
    { ...P, id: 'v2', time: '2026-01-05T06:05:00.000Z', type: 'vitals', method: 'nibp', sbp: 101, dbp: 61, map: 74, hr: 90 },
    { ...P, id: 'v3', time: '2026-01-05T06:05:00.250Z', type: 'vitals', method: 'arterial', sbp: 79.5, map: 58 },
    { ...P, id: 'v4', time: '2026-01-05T06:05:00.000Z', type: 'vitals', o2FlowLpm: 3, spo2: 93 },
    { ...P, id: 'u1', time: '2026-01-05T07:00:00.000Z', type: 'urine', volumeMl: 15, periodStart: '2026-01-05T06:00:00.000Z' },
    { ...P, id: 'w1', time: '2026-01-05T06:00:00.000Z', type: 'weight', kg: 81.4 },
    { ...P, id: 'l1', time: '2026-01-05T07:20:00.000Z', type: 'lab', code: 'CREAT', value: 1.42, unit: 'mg/dL', loinc: '2160-0', specimenTime: '2026-01-05T06:30:00.000Z' },
    { ...P, id: 'l2', time: '2026-01-05T07:20:00.000Z', type: 'lab', code: 'IL2', value: 31.5, unit: 'pg/mL', loinc: '33939-0', specimenTime: '2026-01-05T07:00:00.000Z' },
    { ...P, id: 'l3', time: '2026-01-05T07:20:00.000Z', type: 'lab', code: 'SIL2R', value: 5400, unit: 'U/mL', loinc: '76039-7', specimenTime: '2026-01-05T06:30:00.000Z' },
  ])('$type $id', (e) => {
    expect(roundTrip(e)).toEqual([strip(e)]);
  });

  it.each(['sinus', 'af', 'aflutter', 'svt', 'vt', 'brady'] as const)('rhythm %s with its heart rate', (rhythm) => {
    const e: ClinicalEvent = { ...P, id: 'r', time: '2026-01-05T06:05:00.000Z', type: 'rhythm', rhythm, hr: 131 };
    expect(roundTrip(e)).toEqual([
      { patientId: P.patientId, time: e.time, type: 'rhythm', rhythm, hr: 131 },
      { patientId: P.patientId, time: e.time, type: 'vitals', hr: 131 },
    ]);
  });

  it('escapes delimiters in identifiers', () => {
    const e: ClinicalEvent = { id: 'x', patientId: 'P|7^a', time: '2026-01-05T06:05:00.000Z', type: 'weight', kg: 70 };
    expect(roundTrip(e)).toEqual([{ patientId: 'P|7^a', time: e.time, type: 'weight', kg: 70 }]);
  });

  it('returns null for what HL7 v2 ORU does not carry', () => {
    expect(buildOruR01({ ...P, id: 'a', time: '2026-01-05T06:00:00.000Z', type: 'rr', intervalsMs: [800, 810] }, { controlId: '1' })).toBeNull();
    expect(buildOruR01({ ...P, id: 'd', time: '2026-01-05T06:00:00.000Z', type: 'dose', drug: 'aldesleukin', doseNumber: 1, status: 'given' }, { controlId: '1' })).toBeNull();
  });

  it('formats DTM in UTC with milliseconds', () => {
    expect(toHl7DateTime('2026-01-05T06:05:09.007+01:00')).toBe('20260105050509.007+0000');
  });
});
