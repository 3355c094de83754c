import type { ClinicalEvent } from '@vigil/contracts';
import { mapHl7Message } from '../hl7v2/hl7-map';
import type { Hl7MapResult } from '../hl7v2/hl7-map.types';
import { mapFhir } from '../fhir/fhir-map';
import type { FhirMapResult } from '../fhir/fhir-map.types';
import { buildOperationOutcome } from '../fhir/operation-outcome';
import { toOxygenDevice } from './oxygen-device';
import { toCanonical } from './unit-conversion';

/** §10 "Oxygen" (flow, FiO2, device) and §10 per-field handling, through both mappers. */
const msh = 'MSH|^~\\&|MON|ICU|VIGIL|HOSP|20261126101500+0000||ORU^R01|C1|P|2.6';
const ok = (r: Hl7MapResult): Extract<Hl7MapResult, { ok: true }> => {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.reason}`);
  return r;
};
const strip = (events: ClinicalEvent[]) => events.map(({ source: _s, id: _i, ...rest }) => rest);
const fhirOk = (r: FhirMapResult) => {
  if (!r.ok) throw new Error(`expected ok: ${r.path}: ${r.reason}`);
  return r;
};
const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
const qty = (value: number, code: string) => ({ value, unit: code, system: 'http://unitsofmeasure.org', code });
const obs = (over: Record<string, unknown>) => ({ resourceType: 'Observation', id: 'o1', status: 'final', subject: { reference: 'Patient/P-7' }, effectiveDateTime: '2026-11-26T10:15:00Z', ...over });

describe('oxygen device text', () => {
  it.each([
    ['NC', 'nasal-cannula'],
    ['Nasal cannula', 'nasal-cannula'],
    ['HFNC', 'high-flow'],
    ['High flow nasal cannula', 'high-flow'],
    ['Non-rebreather mask', 'non-rebreather'],
    ['Venturi mask', 'mask'],
    ['BiPAP', 'niv'],
    ['ETT / ventilator', 'intubated'],
    ['RA', 'room-air'],
    ['room-air', 'room-air'],
  ])('%s → %s', (text, device) => expect(toOxygenDevice(text)).toBe(device));

  it('names no device for text it does not know', () => expect(toOxygenDevice('blow-by')).toBeNull());
});

describe('FiO2 units', () => {
  it.each([
    [40, '%', 40],
    [0.4, '1', 40],
    [0.35, undefined, 35],
    [35, undefined, 35],
  ])('%s %s → %s %%', (value, unit, pct) => expect(toCanonical('oxygenFraction', value, unit)).toEqual({ ok: true, value: pct, unit: '%' }));
});

describe('HL7 v2: oxygen support OBX', () => {
  it('maps 3151-8 flow, 3150-0 FiO2 and the device OBX into the vitals event of their time', () => {
    const r = ok(
      mapHl7Message(
        [
          msh,
          'PID|||P-7^^^HOSP^MR',
          'OBR|1|||vitals|||20261126101000+0000',
          'OBX|1|NM|59408-5^SpO2^LN||94|%|||||F',
          'OBX|2|NM|3151-8^Inhaled oxygen flow rate^LN||6|L/min|||||F',
          'OBX|3|NM|3150-0^Inhaled oxygen concentration^LN||0.4|1|||||F',
          'OBX|4|CWE|O2-DEVICE^Oxygen delivery device^VIGIL||NRB^Non-rebreather mask||||||F',
        ].join('\r'),
      ),
    );
    expect(strip(r.events)).toEqual([{ patientId: 'P-7', time: '2026-11-26T10:10:00.000Z', type: 'vitals', spo2: 94, o2FlowLpm: 6, fio2Pct: 40, o2Device: 'non-rebreather' }]);
    expect(r.warnings).toEqual([]);
  });

  it('refuses an unknown device with its OBX and keeps the rest of the group', () => {
    const r = ok(
      mapHl7Message([msh, 'PID|||P-7', 'OBR|1|||v|||20261126101000+0000', 'OBX|1|NM|59408-5^SpO2^LN||94|%', 'OBX|2|ST|O2-DEVICE^O2 device^VIGIL||blow-by'].join('\r')),
    );
    expect(strip(r.events)).toEqual([{ patientId: 'P-7', time: '2026-11-26T10:10:00.000Z', type: 'vitals', spo2: 94 }]);
    expect(r.warnings).toEqual([expect.objectContaining({ segment: 'OBX', sequence: 2, field: 5, reason: expect.stringContaining('blow-by') })]);
  });
});

describe('HL7 v2: one bad OBX of a vitals group (§10)', () => {
  it('refuses the out-of-range temperature OBX by its sequence and keeps the SBP and HR of its group', () => {
    const r = ok(
      mapHl7Message(
        [
          msh,
          'PID|||P-7',
          'OBR|1|||v|||20261126101000+0000',
          'OBX|1|NM|8480-6^SBP^LN||84|mm[Hg]',
          'OBX|2|NM|8310-5^Temp^LN||-17.8|Cel',
          'OBX|3|NM|8867-4^HR^LN||118|/min',
          'OBX|4|NM|3150-0^FiO2^LN||140|%',
        ].join('\r'),
      ),
    );
    expect(strip(r.events)).toEqual([{ patientId: 'P-7', time: '2026-11-26T10:10:00.000Z', type: 'vitals', sbp: 84, hr: 118 }]);
    expect(r.warnings).toEqual([
      expect.objectContaining({ segment: 'OBX', sequence: 2, field: 5, reason: expect.stringMatching(/^temp refused/) }),
      expect.objectContaining({ segment: 'OBX', sequence: 4, field: 5, reason: expect.stringMatching(/^fio2Pct refused/) }),
    ]);
  });

  it('still refuses the message when its only vitals OBX is bad', () => {
    const r = mapHl7Message([msh, 'PID|||P-7', 'OBR|1|||v|||20261126101000+0000', 'OBX|1|NM|8310-5^Temp^LN||-17.8|Cel'].join('\r'));
    expect(r.ok).toBe(false);
  });
});

describe('FHIR R4: oxygen support', () => {
  it('reads the US Core pulse-oximetry profile: SpO2 with inhaled O2 flow and concentration components', () => {
    const r = fhirOk(
      mapFhir(
        obs({
          code: { coding: [{ system: 'http://loinc.org', code: '59408-5' }, { system: 'http://loinc.org', code: '2708-6' }] },
          valueQuantity: qty(95, '%'),
          component: [
            { code: loinc('3151-8'), valueQuantity: qty(6, 'L/min') },
            { code: loinc('3150-0'), valueQuantity: qty(40, '%') },
          ],
        }),
      ),
    );
    expect(strip(r.events)).toEqual([{ patientId: 'P-7', time: '2026-11-26T10:15:00.000Z', type: 'vitals', spo2: 95, o2FlowLpm: 6, fio2Pct: 40 }]);
  });

  it('maps the device Observation (valueCodeableConcept) and FiO2 as its own Observation', () => {
    const device = fhirOk(mapFhir(obs({ code: { coding: [{ system: 'urn:vigil:observation', code: 'o2-device' }] }, valueCodeableConcept: { text: 'High flow nasal cannula' } })));
    expect(strip(device.events)).toEqual([{ patientId: 'P-7', time: '2026-11-26T10:15:00.000Z', type: 'vitals', o2Device: 'high-flow' }]);
    const fio2 = fhirOk(mapFhir(obs({ code: loinc('3150-0'), valueQuantity: qty(0.5, '1') })));
    expect(strip(fio2.events)).toEqual([{ patientId: 'P-7', time: '2026-11-26T10:15:00.000Z', type: 'vitals', fio2Pct: 50 }]);
  });
});

describe('FHIR R4: one bad component (§10)', () => {
  it('refuses the bad component with its path and keeps the valid ones; the OperationOutcome names it', () => {
    const r = fhirOk(
      mapFhir(
        obs({
          code: loinc('85354-9'),
          component: [
            { code: loinc('8480-6'), valueQuantity: qty(84, 'mm[Hg]') },
            { code: loinc('8462-4'), valueQuantity: { value: 50, unit: 'furlongs' } },
          ],
        }),
      ),
    );
    expect(strip(r.events)).toEqual([{ patientId: 'P-7', time: '2026-11-26T10:15:00.000Z', type: 'vitals', sbp: 84 }]);
    expect(r.entries[0]).toEqual(expect.objectContaining({ refused: [{ path: 'component.1.valueQuantity', reason: expect.stringContaining('furlongs') }] }));
    const outcome = buildOperationOutcome(r);
    expect(outcome.issue).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'value', expression: ['Observation.component[1].valueQuantity'] }));
  });

  it('refuses a component the contract refuses (FiO2 140%) and keeps the SpO2', () => {
    const r = fhirOk(mapFhir(obs({ code: loinc('59408-5'), valueQuantity: qty(93, '%'), component: [{ code: loinc('3150-0'), valueQuantity: qty(140, '%') }] })));
    expect(strip(r.events)).toEqual([{ patientId: 'P-7', time: '2026-11-26T10:15:00.000Z', type: 'vitals', spo2: 93 }]);
    expect(r.entries[0]).toEqual(expect.objectContaining({ refused: [{ path: 'component.0.valueQuantity', reason: expect.stringMatching(/^fio2Pct: /) }] }));
  });

  it('keeps the components when the Observation\'s own value is refused', () => {
    const r = fhirOk(mapFhir(obs({ code: loinc('59408-5'), valueQuantity: { value: 93, unit: 'parsecs' }, component: [{ code: loinc('3151-8'), valueQuantity: qty(2, 'L/min') }] })));
    expect(strip(r.events)).toEqual([{ patientId: 'P-7', time: '2026-11-26T10:15:00.000Z', type: 'vitals', o2FlowLpm: 2 }]);
    expect(r.entries[0]).toEqual(expect.objectContaining({ refused: [{ path: 'valueQuantity', reason: expect.stringContaining('parsecs') }] }));
  });
});
