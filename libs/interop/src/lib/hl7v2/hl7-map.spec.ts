import type { ClinicalEvent } from '@vigil/contracts';
import { mapHl7Message } from './hl7-map';
import type { Hl7MapResult } from './hl7-map.types';

const msh = (type: string, id = 'C1', extra = '') => `MSH|^~\\&|MON|ICU|VIGIL|HOSP|20261126101500+0000||${type}|${id}|P|2.6${extra}`;
const ok = (r: Hl7MapResult): Extract<Hl7MapResult, { ok: true }> => {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.reason}`);
  return r;
};
const strip = (events: ClinicalEvent[]) => events.map(({ source: _s, ...rest }) => rest);

describe('mapHl7Message: ORU^R01', () => {
  it('groups the OBX of one observation time into one vitals event, converting °F and kPa', () => {
    const r = ok(
      mapHl7Message(
        [
          msh('ORU^R01^ORU_R01'),
          'PID|||P-7^^^HOSP^MR',
          'OBR|1|||vitals|||20261126101000+0000',
          'OBX|1|NM|8480-6^Systolic^LN||88|mm[Hg]|||||F',
          'OBX|2|NM|8462-4^Diastolic^LN||7.0|kPa|||||F',
          'OBX|3|NM|8310-5^Temp^LN||101.3|[degF]|||||F',
          'OBX|4|NM|8867-4^HR^LN||118|/min|||||F|||20261126101200+0000',
        ].join('\r'),
      ),
    );
    expect(strip(r.events)).toEqual([
      { id: 'hl7:MON:C1:obx1:20261126T101000Z', patientId: 'P-7', time: '2026-11-26T10:10:00.000Z', type: 'vitals', sbp: 88, dbp: 52.5, temp: 38.5 },
      { id: 'hl7:MON:C1:obx4:20261126T101200Z', patientId: 'P-7', time: '2026-11-26T10:12:00.000Z', type: 'vitals', hr: 118 },
    ]);
    expect(r.events[0].source).toBe('hl7:MON');
    expect(r.controlId).toBe('C1');
    expect(r.messageType).toBe('ORU^R01');
  });

  it('maps IEEE 11073 MDC codes and keeps arterial and cuff pressures in separate events', () => {
    const r = ok(
      mapHl7Message(
        [
          msh('ORU^R01'),
          'PID|||B12',
          'OBR|1|||mon|||20261126101500',
          'OBX|1|NM|150037^MDC_PRESS_BLD_ART_ABP_SYS^MDC||92|266016^MDC_DIM_MMHG^MDC',
          'OBX|2|NM|^MDC_PRESS_BLD_ART_MEAN||64|266016^MDC_DIM_MMHG^MDC',
          'OBX|3|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC||84|266016^MDC_DIM_MMHG^MDC',
          'OBX|4|NM|147842^MDC_ECG_HEART_RATE^MDC||131|264864^MDC_DIM_BEAT_PER_MIN^MDC',
          'OBX|5|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||93|262688^MDC_DIM_PERCENT^MDC',
          'OBX|6|NM|151562^MDC_RESP_RATE^MDC||24|264928^MDC_DIM_RESP_PER_MIN^MDC',
          'OBX|7|NM|150364^MDC_TEMP_BODY^MDC||38.9|268192^MDC_DIM_DEGC^MDC',
          'OBX|8|NM|^MDC_PULS_OXIM_PULS_RATE||130|bpm',
        ].join('\r'),
      ),
    );
    expect(strip(r.events)).toEqual([
      { id: 'hl7:MON:C1:obx1:20261126T101500Z', patientId: 'B12', time: '2026-11-26T10:15:00.000Z', type: 'vitals', sbp: 92, map: 64, method: 'arterial', hr: 131, spo2: 93, rr: 24, temp: 38.9 },
      { id: 'hl7:MON:C1:obx3:20261126T101500Z', patientId: 'B12', time: '2026-11-26T10:15:00.000Z', type: 'vitals', sbp: 84, method: 'nibp' },
    ]);
    // The pulse-oximeter rate is a second HR at the same time: kept out, and said so.
    expect(r.warnings).toEqual([expect.objectContaining({ segment: 'OBX', sequence: 8, reason: expect.stringContaining('second hr value') })]);
  });

  it('gives a re-sent message the same event ids (so the store drops the duplicate) and a new message new ids', () => {
    const text = (id: string, time = '202611261000+0000') => [msh('ORU^R01', id), 'PID|||P1', `OBX|1|NM|8867-4^HR^LN||80|/min|||||F|||${time}`].join('\r');
    const first = ok(mapHl7Message(text('X-1'))).events.map((e) => e.id);
    expect(ok(mapHl7Message(text('X-1'))).events.map((e) => e.id)).toEqual(first);
    expect(ok(mapHl7Message(text('X-2'))).events.map((e) => e.id)).not.toEqual(first);
    // A monitor that restarted its MSH-10 counter: same control id, new reading, new id.
    expect(ok(mapHl7Message(text('X-1', '202611261100+0000'))).events.map((e) => e.id)).not.toEqual(first);
  });

  it('maps rhythm labels (with the HR of the same time) and labs with unit conversion', () => {
    const r = ok(
      mapHl7Message(
        [
          msh('ORU^R01'),
          'PID|||P9',
          'OBR|1|||ECG|||202611261015+0000',
          'OBX|1|NM|8867-4^HR^LN||142|/min',
          'OBX|2|CWE|8884-9^Heart rate rhythm^LN||49436004^Atrial fibrillation^SCT',
          'OBR|2|||CHEM|||202611260600+0000',
          'OBX|3|NM|14682-9^Creatinine^LN||132.6|µmol/L|||||F|||202611260600+0000',
          'OBX|4|NM|33939-0^IL-2^LN||12.5|pg/mL|||||F',
          'OBX|5|SN|76039-7^sIL-2R^LN||^5100|pg/mL|||||F',
          'OBX|6|NM|777-3^Platelets^LN||95|10*9/L|||||F',
        ].join('\r'),
      ),
    );
    expect(strip(r.events)).toEqual([
      { id: 'hl7:MON:C1:obx1:20261126T101500Z', patientId: 'P9', time: '2026-11-26T10:15:00.000Z', type: 'vitals', hr: 142 },
      { id: 'hl7:MON:C1:obx2:20261126T101500Z', patientId: 'P9', time: '2026-11-26T10:15:00.000Z', type: 'rhythm', rhythm: 'af', hr: 142 },
      { id: 'hl7:MON:C1:obx3:20261126T060000Z', patientId: 'P9', time: '2026-11-26T06:00:00.000Z', type: 'lab', code: 'CREAT', value: 1.5, unit: 'mg/dL', loinc: '14682-9', specimenTime: '2026-11-26T06:00:00.000Z' },
      { id: 'hl7:MON:C1:obx4:20261126T060000Z', patientId: 'P9', time: '2026-11-26T06:00:00.000Z', type: 'lab', code: 'IL2', value: 12.5, unit: 'pg/mL', loinc: '33939-0', specimenTime: '2026-11-26T06:00:00.000Z' },
      { id: 'hl7:MON:C1:obx5:20261126T060000Z', patientId: 'P9', time: '2026-11-26T06:00:00.000Z', type: 'lab', code: 'SIL2R', value: 5100, unit: 'pg/mL', loinc: '76039-7', specimenTime: '2026-11-26T06:00:00.000Z' },
      { id: 'hl7:MON:C1:obx6:20261126T060000Z', patientId: 'P9', time: '2026-11-26T06:00:00.000Z', type: 'lab', code: 'PLT', value: 95, unit: '10*3/uL', loinc: '777-3', specimenTime: '2026-11-26T06:00:00.000Z' },
    ]);
  });

  it('maps urine output over the OBR-7..OBR-8 collection period', () => {
    const r = ok(mapHl7Message([msh('ORU^R01'), 'PID|||P3', 'OBR|1|||UO|||202611260900+0000|202611261000+0000', 'OBX|1|NM|9187-6^Urine output^LN||0.025|L'].join('\r')));
    expect(strip(r.events)).toEqual([
      { id: 'hl7:MON:C1:obx1:20261126T100000Z', patientId: 'P3', time: '2026-11-26T10:00:00.000Z', type: 'urine', volumeMl: 25, periodStart: '2026-11-26T09:00:00.000Z' },
    ]);
  });

  it('applies MSH-7 offset, else the configured default, to times without one', () => {
    const body = ['PID|||P1', 'OBX|1|NM|8867-4^HR^LN||80|/min|||||F|||202611261000'];
    const withMshOffset = ok(mapHl7Message(['MSH|^~\\&|M||||20261126100500-0500||ORU^R01|A|P|2.5', ...body].join('\r')));
    expect(withMshOffset.events[0].time).toBe('2026-11-26T15:00:00.000Z');
    const withDefault = ok(mapHl7Message(['MSH|^~\\&|M||||202611261005||ORU^R01|A|P|2.5', ...body].join('\r'), { defaultOffset: '+01:00' }));
    expect(withDefault.events[0].time).toBe('2026-11-26T09:00:00.000Z');
  });

  it('skips unusable OBX with a reason and keeps the rest', () => {
    const r = ok(
      mapHl7Message(
        [
          msh('ORU^R01'),
          'PID|||P1',
          'OBR|1|||x|||202611261000+0000',
          'OBX|1|NM|8867-4^HR^LN||80|/min|||||F',
          'OBX|2|NM|1554-5^GLUCOSE^LN||182|mg/dl|||||F',
          'OBX|3|NM|8480-6^SBP^LN||90|mm[Hg]|||||X',
          'OBX|4|NM|59408-5^SpO2^LN||abc|%|||||F',
          'OBX|5|NM|8310-5^Temp^LN||98.6|furlong|||||F',
          'OBX|6|SN|9279-1^RR^LN||>^30|/min|||||F',
          'OBX|7|NM|59408-5^SpO2^LN||130|%|||||F|||202611261005+0000',
        ].join('\r'),
      ),
    );
    expect(strip(r.events)).toEqual([{ id: 'hl7:MON:C1:obx1:20261126T100000Z', patientId: 'P1', time: '2026-11-26T10:00:00.000Z', type: 'vitals', hr: 80 }]);
    expect(r.warnings.map((w) => [w.sequence, w.field, w.reason])).toEqual([
      [2, 3, 'unsupported code 1554-5 GLUCOSE'],
      [3, 11, 'result status X carries no usable value'],
      [4, 5, 'value abc is not a number'],
      [5, 6, 'unit "furlong" cannot be converted to Cel'],
      [6, 5, 'structured value >^30 is not a single number'],
      [7, 5, expect.stringMatching(/^rejected by the event contract: spo2: /)],
    ]);
  });

  it.each([
    ['no PID-3', [msh('ORU^R01'), 'PID|||', 'OBX|1|NM|8867-4^HR^LN||80|/min|||||F|||202611261000+0000'], 'AE', /no patient identifier/],
    ['no OBX', [msh('ORU^R01'), 'PID|||P1'], 'AE', /no OBX segments/],
    ['no time anywhere', [msh('ORU^R01'), 'PID|||P1', 'OBX|1|NM|8867-4^HR^LN||80|/min'], 'AE', /no valid observation time/],
    ['date-only vitals time', [msh('ORU^R01'), 'PID|||P1', 'OBX|1|NM|8867-4^HR^LN||80|/min|||||F|||20261126'], 'AE', /has no time of day/],
    ['only unsupported codes', [msh('ORU^R01'), 'PID|||P1', 'OBX|1|NM|1554-5^GLUCOSE^LN||182|mg/dl|||||F|||202611261000+0000'], 'AE', /unsupported code 1554-5/],
    ['alarm message', [msh('ORU^R40'), 'PID|||P1'], 'AR', /unsupported trigger event ORU\^R40/],
    ['order message', [msh('ORM^O01'), 'PID|||P1'], 'AR', /unsupported message type ORM\^O01/],
    ['empty MSH-10', [msh('ORU^R01', ''), 'PID|||P1'], 'AR', /MSH-10/],
    ['version 3', [msh('ORU^R01').replace('|2.6', '|3.0')], 'AR', /unsupported HL7 version/],
    ['not HL7 at all', ['GET / HTTP/1.1'], 'AR', /does not start with an MSH/],
  ])('refuses a message with %s', (_name, segments, code, reason) => {
    const r = mapHl7Message(segments.join('\r'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.reason).toMatch(reason);
    }
  });

  it('assigns each OBX to the patient of the PID before it (several patients in one message)', () => {
    const r = ok(
      mapHl7Message(
        [
          msh('ORU^R01'),
          'PID|||BED-1',
          'OBX|1|NM|8867-4^HR^LN||90|/min|||||F|||202611261000+0000',
          'PID|||BED-2',
          'OBR|1|||x|||202611261000+0000',
          'OBX|1|NM|8867-4^HR^LN||120|/min|||||F',
        ].join('\r'),
      ),
    );
    expect(r.events.map((e) => [e.patientId, e.type === 'vitals' ? e.hr : undefined, e.id])).toEqual([
      ['BED-1', 90, 'hl7:MON:C1:obx1:20261126T100000Z'],
      ['BED-2', 120, 'hl7:MON:C1:obx2:20261126T100000Z'],
    ]);
  });

  it('rejects processing ids not allowed by the options', () => {
    const r = mapHl7Message([msh('ORU^R01').replace('|P|2.6', '|T|2.6'), 'PID|||P1'].join('\r'), { processingIds: ['P'] });
    expect(r).toMatchObject({ ok: false, code: 'AR', errorCode: '202' });
  });

  it('picks the PID-3 repetition of the configured identifier type', () => {
    const text = [msh('ORU^R01'), 'PID|||V123^^^H^VN~M456^^^H^MR', 'OBX|1|NM|8867-4^HR^LN||80|/min|||||F|||202611261000+0000'].join('\r');
    expect(ok(mapHl7Message(text)).events[0].patientId).toBe('V123');
    expect(ok(mapHl7Message(text, { patientIdType: 'MR' })).events[0].patientId).toBe('M456');
  });

  it('never throws on hostile input', () => {
    const inputs = ['', 'MSH', 'MSH|', 'MSH|^~\\&', 'MSH|^~\\&|||||||||||', `${msh('ORU^R01')}\rOBX|||||||||||||||||||||`, `${msh('ORU^R01')}\rPID|||\\X\\\rOBX|1|NM|\\F\\|||`, '\u0000\u0001\u0002'];
    for (const input of inputs) expect(() => mapHl7Message(input)).not.toThrow();
  });
});

describe('mapHl7Message: ADT', () => {
  const adt = (trigger: string, pv1 = 'PV1|1|I|ONC4^12^B^HOSP', obx: string[] = []) =>
    [msh(`ADT^${trigger}^ADT_${trigger}`, `ADT-${trigger}`), `EVN|${trigger}|202611260800+0000`, 'PID|1||P-7^^^HOSP^MR||Doe^Jane', pv1, ...obx].join('\r');

  it('A01 with a body-weight OBX in lbs → admit event in kg and a patient update', () => {
    const r = ok(mapHl7Message(adt('A01', undefined, ['OBX|1|NM|29463-7^Body weight^LN||165|[lb_av]|||||F'])));
    expect(strip(r.events)).toEqual([
      { id: 'hl7:MON:ADT-A01:a01:20261126T080000Z', patientId: 'P-7', time: '2026-11-26T08:00:00.000Z', type: 'admit', wardId: 'ONC4', bed: 'B', weightKg: 74.84, mrn: 'P-7', displayName: 'Jane Doe', baseline: { weightKg: 74.84 } },
    ]);
    expect(r.patient).toEqual({ patientId: 'P-7', trigger: 'A01', time: '2026-11-26T08:00:00.000Z', mrn: 'P-7', displayName: 'Jane Doe', wardId: 'ONC4', room: '12', bed: 'B', weightKg: 74.84 });
  });

  it('A01 without a weight → admit without a weight (monitoring starts), with a warning (no invented weight)', () => {
    const r = ok(mapHl7Message(adt('A01')));
    expect(strip(r.events)).toEqual([{ id: 'hl7:MON:ADT-A01:a01:20261126T080000Z', patientId: 'P-7', time: '2026-11-26T08:00:00.000Z', type: 'admit', wardId: 'ONC4', bed: 'B', mrn: 'P-7', displayName: 'Jane Doe' }]);
    expect(r.patient?.wardId).toBe('ONC4');
    expect(r.warnings[0].reason).toMatch(/no body weight/);
  });

  it('A02 → transfer, A03 → discharge, A08 → update (+ weight event when weighed)', () => {
    expect(strip(ok(mapHl7Message(adt('A02', 'PV1|1|I|ICU1^3^A'))).events)).toEqual([
      { id: 'hl7:MON:ADT-A02:a02:20261126T080000Z', patientId: 'P-7', time: '2026-11-26T08:00:00.000Z', type: 'transfer', wardId: 'ICU1', bed: 'A' },
    ]);
    expect(strip(ok(mapHl7Message(adt('A03'))).events)).toEqual([{ id: 'hl7:MON:ADT-A03:a03:20261126T080000Z', patientId: 'P-7', time: '2026-11-26T08:00:00.000Z', type: 'discharge' }]);
    const a08 = ok(mapHl7Message(adt('A08', undefined, ['OBX|1|NM|29463-7^Body weight^LN||81.5|kg|||||F'])));
    expect(strip(a08.events)).toEqual([{ id: 'hl7:MON:ADT-A08:a08-weight:20261126T080000Z', patientId: 'P-7', time: '2026-11-26T08:00:00.000Z', type: 'weight', kg: 81.5 }]);
    expect(a08.patient).toMatchObject({ trigger: 'A08', displayName: 'Jane Doe', weightKg: 81.5 });
  });

  it('uses the room as bed when PV1-3 has no bed, and refuses a transfer without a location', () => {
    expect(ok(mapHl7Message(adt('A02', 'PV1|1|I|ICU1^7'))).events[0]).toMatchObject({ wardId: 'ICU1', bed: '7' });
    expect(mapHl7Message(adt('A02', 'PV1|1|I|'))).toMatchObject({ ok: false, code: 'AE', errorCode: '101', location: { segment: 'PV1', field: 3 } });
  });
});
