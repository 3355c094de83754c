import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type TestApp } from './support/test-app';

const fhirDir = resolve(__dirname, '../../../fixtures/fhir-r4-examples');
const example = (name: string) => readFileSync(resolve(fhirDir, name), 'utf8');

describe.each(databaseKinds)('FHIR R4 ingest on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  }, 60_000);
  afterAll(() => app?.close(), 30_000);

  it('stores the spec MAP Observation once and answers with an OperationOutcome', async () => {
    const bp = example('Observation-map-sitting.json');
    const first = await app.request('POST', '/fhir/Observation', { apiKey: DEVICE_KEY, raw: bp, contentType: 'application/fhir+json' });
    expect(first.status).toBe(201);
    expect(first.body.resourceType).toBe('OperationOutcome');
    expect(first.body.issue.map((i: { diagnostics: string }) => i.diagnostics)).toContain('1 new, 0 already stored');
    const again = await app.request('POST', '/fhir/Observation', { apiKey: DEVICE_KEY, raw: bp, contentType: 'application/fhir+json' });
    expect(again.body.issue.map((i: { diagnostics: string }) => i.diagnostics)).toContain('0 new, 1 already stored');
    const admin = await app.login('admin');
    const unassigned = await app.request('GET', '/api/patients/unassigned', { token: admin.token });
    expect(unassigned.body.map((p: { id: string }) => p.id)).toContain('example');
  });

  it('answers a batch entry by entry, storing the good ones', async () => {
    const obs = (id: string, code: string, value: unknown) => ({
      resource: { resourceType: 'Observation', id, status: 'final', code: { coding: [{ system: 'http://loinc.org', code }] }, subject: { reference: 'Patient/P-DEMO-05' }, effectiveDateTime: '2026-11-26T10:00:00Z', valueQuantity: value },
    });
    const bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [obs(`hr-${kind}`, '8867-4', { value: 122, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' }), obs(`bad-${kind}`, '8867-4', { unit: '/min' })],
    };
    const res = await app.request('POST', '/fhir', { apiKey: DEVICE_KEY, raw: JSON.stringify(bundle), contentType: 'application/fhir+json' });
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('batch-response');
    expect(res.body.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual(['201 Created', '422 Unprocessable Entity']);
    expect(res.body.entry[1].response.outcome.issue[0].expression[0]).toMatch(/entry\[1\]/);
  });

  it('refuses one bad component with its path and stores the Observation\'s valid values (§10), with oxygen support', async () => {
    const q = (value: number, code: string) => ({ value, unit: code, system: 'http://unitsofmeasure.org', code });
    const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
    const observation = {
      resourceType: 'Observation',
      id: `pulse-ox-${kind}`,
      status: 'final',
      code: loinc('59408-5'),
      subject: { reference: 'Patient/P-DEMO-04' },
      effectiveDateTime: '2026-11-26T10:30:00Z',
      valueQuantity: q(93, '%'),
      component: [
        { code: loinc('3151-8'), valueQuantity: q(6, 'L/min') },
        { code: loinc('3150-0'), valueQuantity: q(140, '%') },
      ],
    };
    const res = await app.request('POST', '/fhir/Observation', { apiKey: DEVICE_KEY, raw: JSON.stringify(observation), contentType: 'application/fhir+json' });
    expect(res.status).toBe(201);
    expect(res.body.issue).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'value', expression: ['Observation.component[1].valueQuantity'] }));
    const physician = await app.login('physician');
    const exported = await app.request('GET', '/api/events/export?patientId=P-DEMO-04', { token: physician.token });
    const stored = String(exported.body).trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.type === 'vitals' && e.time === '2026-11-26T10:30:00.000Z');
    expect(stored).toEqual([expect.objectContaining({ spo2: 93, o2FlowLpm: 6 })]);
    expect(stored[0].fio2Pct).toBeUndefined();
  });

  it('refuses an Observation dated beyond the future tolerance with EVENT.FUTURE_TIME (nothing stored) and accepts one within it', async () => {
    const heartRate = (id: string, at: number, value: number) =>
      JSON.stringify({
        resourceType: 'Observation',
        id,
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        subject: { reference: 'Patient/P-DEMO-06' },
        effectiveDateTime: new Date(at).toISOString(),
        valueQuantity: { value, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
      });
    const ahead = await app.request('POST', '/fhir/Observation', { apiKey: DEVICE_KEY, raw: heartRate(`hr-future-${kind}`, Date.now() + 8_000 * 3_600_000, 131), contentType: 'application/fhir+json' });
    expect(ahead.status).toBe(400);
    expect(ahead.body.resourceType).toBe('OperationOutcome');
    expect(ahead.body.issue[0]).toMatchObject({ severity: 'error', code: 'value', diagnostics: expect.stringMatching(/^EVENT\.FUTURE_TIME time: .* ahead of the server clock \(tolerance 300 s\)/) });
    const fast = await app.request('POST', '/fhir/Observation', { apiKey: DEVICE_KEY, raw: heartRate(`hr-fast-${kind}`, Date.now() + 2 * 60_000, 132), contentType: 'application/fhir+json' });
    expect(fast.status).toBe(201);
    const physician = await app.login('physician');
    const exported = await app.request('GET', '/api/events/export?patientId=P-DEMO-06', { token: physician.token });
    const hrs = String(exported.body).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.type === 'vitals').map((e) => e.hr);
    expect(hrs).toContain(132);
    expect(hrs).not.toContain(131);
  });

  it('refuses a vital sign without a time of day, naming the field', async () => {
    const res = await app.request('POST', '/fhir/Observation', { apiKey: DEVICE_KEY, raw: example('Observation-blood-pressure.json'), contentType: 'application/fhir+json' });
    expect(res.status).toBe(400);
    expect(res.body.issue[0]).toMatchObject({ severity: 'error', diagnostics: expect.stringMatching(/no time of day/) });
  });

  it('refuses what is not FHIR JSON, or not an Observation/Bundle, with an OperationOutcome', async () => {
    const notJson = await app.request('POST', '/fhir', { apiKey: DEVICE_KEY, raw: '{', contentType: 'application/fhir+json' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.resourceType).toBe('OperationOutcome');
    const patient = await app.request('POST', '/fhir', { apiKey: DEVICE_KEY, raw: example('Patient-example.json'), contentType: 'application/fhir+json' });
    expect(patient.status).toBe(422);
    expect(patient.body.issue[0]).toMatchObject({ severity: 'error', code: 'not-supported' });
  });
});
