import * as path from 'node:path';
import { buildAck, mapHl7Message, parseHl7, splitHl7Messages, type Hl7MapResult } from '../src';
import { dataFiles, readText, FIXTURES } from './data-dir';

/**
 * Every HL7 v2 message in fixtures/hl7v2-messages (public samples, see its SOURCE.md and INDEX.tsv),
 * file by file: does Vigil accept it (AA, and which events), or refuse it (AE/AR, and why)? A file added
 * to the folder without a row here fails the first test.
 */
const DIR = path.join(FIXTURES, 'hl7v2-messages');

type Expect = { ack: 'AA'; events: string[]; patient?: true; warnings?: number } | { ack: 'AE' | 'AR'; reason: string };
const AR_TYPE = (t: string): Expect => ({ ack: 'AR', reason: `unsupported message type ${t}` });
const AR_TRIGGER = (t: string): Expect => ({ ack: 'AR', reason: `unsupported trigger event ${t}` });
const NO_WEIGHT: Expect = { ack: 'AA', events: ['admit'], patient: true };

const EXPECTED: Record<string, Expect[]> = {
  // Philips SureSigns VS spot check: MDIL hex codes 0002-4bb8 (SpO2) and 0002-4182 (HR) → one vitals event.
  'github-issues/hl7apy-111_philips_suresigns_vs_spotcheck.hl7': [{ ack: 'AA', events: ['vitals'], warnings: 0 }],
  'github-issues/nhapi-231_mindray_vs900_oru_r40_alarm.hl7': [AR_TRIGGER('ORU^R40')],
  'github-issues/nhapi-84_lab_culture_oru_r01_v21.hl7': [{ ack: 'AE', reason: 'OBX[1] unsupported code 008342 UPPER RESPIRATORY CULTURE' }],
  'hapi-hl7v2/adt_a03.txt': [{ ack: 'AA', events: ['discharge'], patient: true }],
  'hapi-hl7v2/cv.04_001_chem.hl7': [AR_TYPE('ERP^Z99')],
  'hapi-hl7v2/messages.txt': [
    // Radiology ORU whose OBX were run together onto the OBR line: no OBX segment exists.
    { ack: 'AE', reason: 'no OBX segments' },
    AR_TYPE('BAR^P01'),
    AR_TYPE('ACK'),
    ...Array.from({ length: 10 }, () => AR_TYPE('BAR^P01')),
    AR_TYPE('ORM^O01'),
    AR_TYPE('ORM^O01'),
    AR_TYPE('ORM^O01'),
    AR_TYPE('QRY^Q01'),
    AR_TYPE('QRY^Q01'),
  ],
  // IHE PCD-01 cuff: MDC 150021/22/23 → one NIBP vitals event; the 4 device/time-sync OBX are skipped.
  'ihe-pcd-device/hapi_MessageValidatorTest_IHE-PCD-01_BP.hl7': [{ ack: 'AA', events: ['vitals'], warnings: 4 }],
  // IntelliVue MX500: ECG HR 147842 → vitals; MDC_ECG_STAT_RHY = paced → rhythm 'other'; waveform skipped.
  'ihe-pcd-device/philips_intellivue_mx500_pcd01_example.hl7': [{ ack: 'AA', events: ['vitals', 'rhythm'], warnings: 5 }],
  'ms-fhir-converter/ADT-A01-01.hl7': [NO_WEIGHT],
  'ms-fhir-converter/ADT-A01-02.hl7': [NO_WEIGHT],
  'ms-fhir-converter/ADT-A02-01.hl7': [{ ack: 'AA', events: ['transfer'], patient: true }],
  'ms-fhir-converter/ADT-A02-02.hl7': [{ ack: 'AA', events: ['transfer'], patient: true }],
  'ms-fhir-converter/ADT-A03-01.hl7': [{ ack: 'AA', events: ['discharge'], patient: true }],
  'ms-fhir-converter/ADT-A03-02.hl7': [{ ack: 'AA', events: ['discharge'], patient: true }],
  'ms-fhir-converter/ADT-A04-01.hl7': [AR_TRIGGER('ADT^A04')],
  'ms-fhir-converter/ADT-A04-02.hl7': [AR_TRIGGER('ADT^A04')],
  'ms-fhir-converter/ADT-A05-01.hl7': [AR_TRIGGER('ADT^A05')],
  'ms-fhir-converter/ADT-A05-02.hl7': [AR_TRIGGER('ADT^A05')],
  'ms-fhir-converter/ADT-A06-01.hl7': [AR_TRIGGER('ADT^A06')],
  'ms-fhir-converter/ADT-A06-02.hl7': [AR_TRIGGER('ADT^A06')],
  'ms-fhir-converter/ADT-A07-01.hl7': [AR_TRIGGER('ADT^A07')],
  'ms-fhir-converter/ADT-A07-02.hl7': [AR_TRIGGER('ADT^A07')],
  'ms-fhir-converter/ADT-A08-01.hl7': [{ ack: 'AA', events: [], patient: true }],
  'ms-fhir-converter/ADT-A08-02.hl7': [{ ack: 'AA', events: [], patient: true }],
  'ms-fhir-converter/ADT-A11-01.hl7': [AR_TRIGGER('ADT^A11')],
  'ms-fhir-converter/ADT-A11-02.hl7': [AR_TRIGGER('ADT^A11')],
  'ms-fhir-converter/ADT-A13-01.hl7': [AR_TRIGGER('ADT^A13')],
  'ms-fhir-converter/ADT-A13-02.hl7': [AR_TRIGGER('ADT^A13')],
  'ms-fhir-converter/ADT-A40-01.hl7': [AR_TRIGGER('ADT^A40')],
  'ms-fhir-converter/ADT-A40-02.hl7': [AR_TRIGGER('ADT^A40')],
  'ms-fhir-converter/ADT-A41-01.hl7': [AR_TRIGGER('ADT^A41')],
  'ms-fhir-converter/ADT-A41-02.hl7': [AR_TRIGGER('ADT^A41')],
  // CBC and differential: none of these LOINC codes is one Vigil alerts on. The platelet value is sent
  // under 11125-2, which LOINC defines as platelet morphology (nominal), not a count, so it is not read as PLT.
  'ms-fhir-converter/LAB-ORU-1.hl7': [{ ack: 'AE', reason: 'OBX[1] unsupported code 11156-7 LEUKOCYTES' }],
  'ms-fhir-converter/LAB-ORU-2.hl7': [{ ack: 'AE', reason: 'OBX[1] unsupported code 30180-4 BASOPHILS/100 LEUKOCYTES' }],
  // Heart rate 8867-4 is there, but as a picture (RP) dated 1999-07-02 with no time of day.
  'ms-fhir-converter/ORU-R01-01.hl7': [{ ack: 'AE', reason: 'OBX[1] observation time 1999-07-02 has no time of day' }],
  'ms-fhir-converter/ORU-R01-RMGEAD.hl7': [{ ack: 'AE', reason: 'OBX[1] unsupported code 1554-5 GLUCOSE' }],
  'ms-fhir-converter/OUL-R22-01.hl7': [AR_TYPE('OUL^R22')],
  'ms-fhir-converter/OUL-R22-02.hl7': [AR_TYPE('OUL^R22')],
  'ms-fhir-converter/OUL-R23-01.hl7': [AR_TYPE('OUL^R23')],
  'ms-fhir-converter/OUL-R23-02.hl7': [AR_TYPE('OUL^R23')],
  'ms-fhir-converter/OUL-R24-01.hl7': [AR_TYPE('OUL^R24')],
  'ms-fhir-converter/OUL-R24-02.hl7': [AR_TYPE('OUL^R24')],
  'python-hl7/sample_batch1.hl7': [AR_TRIGGER('ADT^A04'), AR_TRIGGER('ADT^A04')],
  'python-hl7/sample_hl7.hl7': [{ ack: 'AE', reason: 'OBX[1] unsupported code 1554-5 GLUCOSE' }],
};

/** messages.txt carries // and /* *\/ comment lines from the HAPI test harness; they are not HL7. */
function messagesOf(file: string): string[] {
  const text = readText(DIR, file)
    .split(/\r\n|\r|\n/)
    .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
    .join('\n');
  return splitHl7Messages(text).messages;
}

function indexRows(): { file: string; type: string }[] {
  return readText(DIR, 'INDEX.tsv')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'))
    .map(([file, type]) => ({ file, type }));
}

describe('HL7 v2 sample messages, file by file', () => {
  it('has an expectation for every file in the folder, and one per message listed in INDEX.tsv', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(dataFiles(DIR, /\.(md|tsv)$/));
    const rows = indexRows();
    for (const [file, expectations] of Object.entries(EXPECTED)) {
      expect([file, expectations.length]).toEqual([file, rows.filter((r) => r.file === file).length]);
      expect([file, messagesOf(file).length]).toEqual([file, expectations.length]);
    }
  });

  it.each(Object.entries(EXPECTED))('%s', (file, expectations) => {
    const messages = messagesOf(file);
    messages.forEach((text, i) => {
      let result: Hl7MapResult | undefined;
      expect(() => (result = mapHl7Message(text))).not.toThrow();
      const r = result as Hl7MapResult;
      const want = expectations[i];
      if (want.ack === 'AA') {
        if (!r.ok) throw new Error(`${file} #${i + 1}: expected AA, got ${r.code}: ${r.reason}`);
        expect(r.events.map((e) => e.type)).toEqual(want.events);
        expect(r.patient !== undefined).toBe(want.patient === true);
        if (want.warnings !== undefined) expect(r.warnings).toHaveLength(want.warnings);
      } else {
        if (r.ok) throw new Error(`${file} #${i + 1}: expected ${want.ack}, got AA with ${r.events.length} events`);
        expect([r.code, r.reason]).toEqual([want.ack, expect.stringContaining(want.reason)]);
      }
      // Whatever the outcome, the sender gets an ACK that names its message.
      const ack = parseHl7(buildAck(text, r, { at: new Date(0) }));
      expect(ack.ok && ack.message.get('MSA-1')).toBe(want.ack);
      const controlId = parseHl7(text);
      expect(ack.ok && ack.message.get('MSA-2')).toBe(controlId.ok ? controlId.message.controlId : '');
    });
  });

  it('maps the monitor messages to the values they carry', () => {
    const value = (file: string) => {
      const r = mapHl7Message(messagesOf(file)[0]);
      return r.ok ? r.events.map(({ id: _id, source: _s, ...rest }) => rest) : r.reason;
    };
    expect(value('github-issues/hl7apy-111_philips_suresigns_vs_spotcheck.hl7')).toEqual([
      // OBR-7 20230505074221 has no offset and MSH-7 neither: the default (UTC) applies.
      { patientId: '4', time: '2023-05-05T07:42:21.000Z', type: 'vitals', spo2: 97, hr: 105 },
    ]);
    expect(value('ihe-pcd-device/hapi_MessageValidatorTest_IHE-PCD-01_BP.hl7')).toEqual([
      { patientId: '1', time: '2009-08-13T09:57:15.000Z', type: 'vitals', sbp: 120, dbp: 80, map: 100, method: 'nibp' },
    ]);
    expect(value('ihe-pcd-device/philips_intellivue_mx500_pcd01_example.hl7')).toEqual([
      { patientId: '12345', time: '2021-04-26T03:03:31.496Z', type: 'vitals', hr: 60 },
      { patientId: '12345', time: '2021-04-26T03:03:31.496Z', type: 'rhythm', rhythm: 'other', hr: 60 },
    ]);
  });

  it('does not read the LAB-ORU platelet value coded 11125-2 (morphology) as a platelet count', () => {
    const r = mapHl7Message(messagesOf('ms-fhir-converter/LAB-ORU-1.hl7')[0]);
    expect(r.ok).toBe(false);
    expect(r.warnings.map((w) => w.reason)).toContain('unsupported code 11125-2 PLATELETS');
  });

  it('reads ADT location and demographics from the kitchen-sink v2.8 messages', () => {
    const r = mapHl7Message(messagesOf('ms-fhir-converter/ADT-A02-02.hl7')[0]);
    expect(r.ok && r.patient).toEqual({
      patientId: 'PATID1234',
      trigger: 'A02',
      time: '2021-08-17T13:19:43.400Z', // EVN-6 20210817151943.4+0200
      mrn: 'PATID1234',
      displayName: 'ADAM EVERYMAN',
      wardId: 'HUH AE OMU',
      room: 'OMU B',
      bed: 'Bed 03',
    });
  });
});
