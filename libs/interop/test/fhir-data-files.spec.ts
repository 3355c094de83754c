import * as path from 'node:path';
import { buildOperationOutcome, mapFhir, type FhirMapResult } from '../src';
import { dataFiles, readText, FIXTURES } from './data-dir';

/**
 * Every FHIR R4 example in fixtures/fhir-r4-examples (the official R4 examples, CC0, see its
 * SOURCE.md), file by file: mapped (which event types; for Bundles how many entries were refused) or
 * refused (the path and reason the sender gets in the OperationOutcome). Most examples are refused on
 * purpose: Vigil takes the vital signs and the IL-2-related labs of CLINICAL_RULES.md §2.5, and vital
 * signs need a time of day (the spec's examples are often dated 1999-07-02 without one).
 */
const DIR = path.join(FIXTURES, 'fhir-r4-examples');

type Expect = { ok: true; events: string[]; refusedEntries?: number } | { ok: false; path: string; reason: string; refusedEntries?: number };

const EXPECTED: Record<string, Expect> = {
  'Bundle-bundle-response.json': { ok: false, path: 'type', reason: 'Bundle type transaction-response is not accepted (batch,' },
  'Bundle-bundle-transaction.json': { ok: false, path: 'entry.0.resource.resourceType', reason: 'transaction refused, 10 of 10 entries not mappable; first:', refusedEntries: 10 },
  'Bundle-f001.json': { ok: false, path: 'entry.0.resource.resourceType', reason: 'no entry could be mapped (2 of 2 refused)', refusedEntries: 2 },
  'Bundle-f202.json': { ok: false, path: 'entry.0.resource.resourceType', reason: 'no entry could be mapped (2 of 2 refused)', refusedEntries: 2 },
  'Bundle-ghp.json': { ok: true, events: ['lab','lab'], refusedEntries: 53 },
  'Bundle-lipids.json': { ok: false, path: 'entry.0.resource.resourceType', reason: 'no entry could be mapped (5 of 5 refused)', refusedEntries: 5 },
  'Bundle-lri-example.json': { ok: false, path: 'entry.0.resource.resourceType', reason: 'no entry could be mapped (17 of 17 refused)', refusedEntries: 17 },
  'Bundle-micro.json': { ok: false, path: 'entry.0.resource.resourceType', reason: 'no entry could be mapped (27 of 27 refused)', refusedEntries: 27 },
  'Bundle-report.json': { ok: false, path: 'entry.0.resource.resourceType', reason: 'no entry could be mapped (14 of 14 refused)', refusedEntries: 14 },
  'Device-example.json': { ok: false, path: 'resourceType', reason: 'resource type Device is not accepted (Observation or Bundle)' },
  'DiagnosticReport-102.json': { ok: false, path: 'resourceType', reason: 'resource type DiagnosticReport is not accepted (Observation' },
  'DiagnosticReport-f201.json': { ok: false, path: 'resourceType', reason: 'resource type DiagnosticReport is not accepted (Observation' },
  'Observation-10minute-apgar-score.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|9271-8' },
  'Observation-1minute-apgar-score.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|9272-6' },
  'Observation-20minute-apgar-score.json': { ok: false, path: 'code', reason: 'unsupported code snomed.info/sct|443849008' },
  'Observation-2minute-apgar-score.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|9273-4' },
  'Observation-5minute-apgar-score.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|9274-2' },
  'Observation-656.json': { ok: false, path: 'code', reason: 'unsupported code urn:iso:std:iso:11073:10101|152584' },
  'Observation-abdo-tender.json': { ok: false, path: 'code', reason: 'unsupported code snomed.info/sct|43478001 (Abdominal' },
  'Observation-alcohol-type.json': { ok: false, path: 'code', reason: 'unsupported code acme-rehab.org|alcohol-type' },
  'Observation-bgpanel.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|34532-2 (Blood type and Indirect' },
  'Observation-blood-pressure-cancel.json': { ok: false, path: 'status', reason: 'status cancelled: no usable result' },
  'Observation-blood-pressure-dar.json': { ok: false, path: 'effectiveDateTime', reason: '2012-09-17 has no time of day; vital signs need a measurement time' },
  'Observation-blood-pressure.json': { ok: false, path: 'effectiveDateTime', reason: '2012-09-17 has no time of day; vital signs need a measurement time' },
  'Observation-bloodgroup.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|883-9 (ABO group [Type] in Blood)' },
  'Observation-bmd.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|24701-5 (Femur DXA Bone density)' },
  'Observation-bmi-using-related.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|39156-5 (Body mass index (BMI) [Ratio])' },
  'Observation-bmi.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|39156-5 (Body mass index (BMI) [Ratio])' },
  'Observation-body-height.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|8302-2 (Body height)' },
  'Observation-body-length.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|8302-2 (Body height),' },
  'Observation-body-temperature.json': { ok: false, path: 'effectiveDateTime', reason: '1999-07-02 has no time of day; vital signs need a measurement time' },
  'Observation-clinical-gender.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|76691-5 (Gender identity)' },
  'Observation-date-lastmp.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|8665-2 (Date last menstrual period)' },
  'Observation-decimal.json': { ok: false, path: 'subject', reason: 'no subject' },
  'Observation-ekg.json': { ok: false, path: 'code', reason: 'unsupported code urn:oid:2.16.840.1.113883.6.24|131328' },
  'Observation-example-TPMT-diplotype.json': { ok: false, path: 'code', reason: 'unsupported code snomed.info/sct|363779003 (Genotype determination)' },
  'Observation-example-TPMT-haplotype-one.json': { ok: false, path: 'status', reason: 'status unknown: no usable result' },
  'Observation-example-TPMT-haplotype-two.json': { ok: false, path: 'status', reason: 'status unknown: no usable result' },
  'Observation-example-diplotype1.json': { ok: false, path: 'code', reason: 'unsupported code snomed.info/sct|363779003 (Genotype determination)' },
  'Observation-example-genetics-1.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|55233-1 (Genetic analysis master' },
  'Observation-example-genetics-2.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|55233-1' },
  'Observation-example-genetics-3.json': { ok: false, path: 'code', reason: 'unsupported code "Further analysis" (no coding)' },
  'Observation-example-genetics-4.json': { ok: false, path: 'code', reason: 'unsupported code "Allele ABC" (no coding)' },
  'Observation-example-genetics-5.json': { ok: false, path: 'code', reason: 'unsupported code "PCR validation" (no coding)' },
  'Observation-example-genetics-brcapat.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|59041-4 (BRCA1+BRCA2 gene' },
  'Observation-example-haplotype1.json': { ok: false, path: 'status', reason: 'status unknown: no usable result' },
  'Observation-example-haplotype2.json': { ok: false, path: 'status', reason: 'status unknown: no usable result' },
  'Observation-example-phenotype.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|79716-7 (CYP2C9 gene product' },
  'Observation-example.json': { ok: true, events: ['weight'] },
  'Observation-eye-color.json': { ok: false, path: 'code', reason: 'unsupported code "eye color" (no coding)' },
  'Observation-f001.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|15074-8 (Glucose [Moles/volume] in Blood)' },
  'Observation-f002.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|11555-0 (Base excess in Blood by' },
  'Observation-f003.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|11557-6 (Carbon dioxide in blood)' },
  'Observation-f004.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|789-8 (Erythrocytes [#/volume]' },
  'Observation-f005.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|718-7 (Hemoglobin [Mass/volume] in Blood)' },
  'Observation-f202.json': { ok: false, path: 'status', reason: 'status entered-in-error: no usable result' },
  'Observation-f203.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|1963-8 (Bicarbonate' },
  'Observation-f204.json': { ok: false, path: 'code', reason: 'unsupported code intranet.aumc.nl/labtestcodes|20005' },
  'Observation-f205.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|33914-3' },
  'Observation-f206.json': { ok: false, path: 'code', reason: 'unsupported code acmelabs.org|104177 (Blood culture),' },
  'Observation-gcs-qa.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|9269-2 (Glasgow coma score total)' },
  'Observation-glasgow.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|9269-2' },
  'Observation-head-circumference.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|9843-4 (Head Occipital-frontal' },
  'Observation-heart-rate.json': { ok: false, path: 'effectiveDateTime', reason: '1999-07-02 has no time of day; vital signs need a measurement time' },
  'Observation-herd1.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|80219-9 (Mycoplasma' },
  'Observation-map-sitting.json': { ok: true, events: ['vitals'] },
  'Observation-mbp.json': { ok: false, path: 'effectiveDateTime', reason: '1999-07-02 has no time of day; vital signs need a measurement time' },
  'Observation-respiratory-rate.json': { ok: false, path: 'effectiveDateTime', reason: '1999-07-02 has no time of day; vital signs need a measurement time' },
  'Observation-rhstatus.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|883-9 (ABO group [Type] in Blood)' },
  'Observation-satO2.json': { ok: true, events: ['vitals'] },
  'Observation-secondsmoke.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|39243-1 (Second hand smoke' },
  'Observation-trachcare.json': { ok: false, path: 'code', reason: 'unsupported code snomed.info/sct|410211008 (Tracheostomy' },
  'Observation-unsat.json': { ok: false, path: 'status', reason: 'status cancelled: no usable result' },
  'Observation-vitals-panel.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|85353-1 (Vital signs, weight,' },
  'Observation-vomiting.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|45708-5 (Vomiting [Minimum Data' },
  'Observation-vp-oyster.json': { ok: false, path: 'code', reason: 'unsupported code loinc.org|41857-4 (Vibrio parahaemolyticus' },
  'Patient-example.json': { ok: false, path: 'resourceType', reason: 'resource type Patient is not accepted (Observation or Bundle)' },
  'Patient-f001.json': { ok: false, path: 'resourceType', reason: 'resource type Patient is not accepted (Observation or Bundle)' },
};

const load = (file: string): unknown => JSON.parse(readText(DIR, file));

describe('FHIR R4 examples, file by file', () => {
  it('has an expectation for every example in the folder', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(dataFiles(DIR, /^(SOURCE\.md|package\.json)$/));
  });

  it.each(Object.entries(EXPECTED))('%s', (file, want) => {
    let result: FhirMapResult | undefined;
    expect(() => (result = mapFhir(load(file)))).not.toThrow();
    const r = result as FhirMapResult;
    if (want.ok) {
      if (!r.ok) throw new Error(`${file}: expected mapped, got ${r.path}: ${r.reason}`);
      expect(r.events.map((e) => e.type)).toEqual(want.events);
    } else {
      if (r.ok) throw new Error(`${file}: expected refusal, got ${r.events.length} events`);
      expect([r.path, r.reason]).toEqual([want.path, expect.stringContaining(want.reason)]);
    }
    if (want.refusedEntries !== undefined) expect(r.entries.filter((e) => !e.ok)).toHaveLength(want.refusedEntries);
    // Whatever the outcome, an OperationOutcome can be built, with one error per refused entry.
    const outcome = buildOperationOutcome(r);
    expect(outcome.issue.filter((i) => i.severity === 'error').length).toBeGreaterThanOrEqual(r.entries.filter((e) => !e.ok).length);
  });

  it('maps the vital-sign and lab examples to the values they carry, converted to canonical units', () => {
    const values = (file: string) => {
      const r = mapFhir(load(file));
      return r.ok ? r.events.map(({ source: _s, ...rest }) => rest) : `${r.path}: ${r.reason}`;
    };
    // 185 [lb_av] → kg; a date-only weight is accepted (charted by day), at 00:00 UTC.
    expect(values('Observation-example.json')).toEqual([{ id: 'fhir:example:Observation/example', patientId: 'example', time: '2016-03-28T00:00:00.000Z', type: 'weight', kg: 83.91 }]);
    // effectivePeriod: the end of the period is the measurement time.
    expect(values('Observation-map-sitting.json')).toEqual([{ id: 'fhir:example:Observation/map-sitting', patientId: 'example', time: '2018-04-05T09:30:10.000Z', type: 'vitals', map: 60 }]);
    // Business identifier wins over the resource id for idempotency.
    expect(values('Observation-satO2.json')).toEqual([
      { id: 'fhir:example:http_//goodcare.org/observation/id|o1223435-10', patientId: 'example', time: '2014-12-05T08:30:10.000Z', type: 'vitals', spo2: 95 },
    ]);
    // General Health Panel: platelets and creatinine (0.09 mmol/L → mg/dL) take the CBC/chemistry panel's time.
    expect(values('Bundle-ghp.json')).toEqual([
      { id: 'fhir:pat2:Observation/r6', patientId: 'pat2', time: '2015-08-16T06:40:17.000Z', type: 'lab', code: 'PLT', value: 444, unit: '10*3/uL', loinc: '777-3' },
      { id: 'fhir:pat2:Observation/o8', patientId: 'pat2', time: '2015-08-16T06:40:17.000Z', type: 'lab', code: 'CREAT', value: 1.02, unit: 'mg/dL', loinc: '14682-9' },
    ]);
  });

  it('refuses the entered-in-error temperature (f202) with an OperationOutcome pointing at status', () => {
    expect(buildOperationOutcome(mapFhir(load('Observation-f202.json'))).issue[0]).toEqual({
      severity: 'error',
      code: 'business-rule',
      diagnostics: 'status entered-in-error: no usable result',
      expression: ['Observation.status'],
    });
  });
});
