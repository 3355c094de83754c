import { Client } from 'pg';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';
import { pgConfigFromUrl } from '../src/database/database-connection';
import { PRISMA } from '../src/database/prisma.token';
import type { PrismaClient } from '../src/prisma/generated/client';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const nibp = (id: string, patientId: string, m: number, sbp: number) => ({ id, patientId, time: minutesAgo(m), type: 'vitals', sbp, map: Math.round(sbp * 0.75), method: 'nibp' });

/**
 * Security review findings 1, 2 and 5 (issue 17): forged acknowledgements, silenced alarms through
 * /api/events, cross-ward moves and re-admits that wipe identity; each stored event names its sender.
 */
describe.each(databaseKinds)('who may put what in the log, on %s', (kind) => {
  let app: TestApp;
  let admin: string;
  let monitorKey: { id: string; key: string };
  let adtKey: { id: string; key: string };
  const prisma = () => app.running.app.get<PrismaClient>(PRISMA);

  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = (await app.login('admin')).token;
    const m = await app.request('POST', '/api/admin/api-keys', { token: admin, body: { name: 'bed monitor' } });
    const a = await app.request('POST', '/api/admin/api-keys', { token: admin, body: { name: 'hospital ADT', scopes: ['adt'] } });
    expect([m.status, a.status]).toEqual([201, 201]);
    monitorKey = m.body;
    adtKey = a.body;
  }, 180_000);
  afterAll(() => app?.close(), 30_000);

  it('finding 1: a device key or a nurse cannot acknowledge an alert through /api/events; the physician route can, and the log names the real sender', async () => {
    await app.request('POST', '/api/events', { apiKey: monitorKey.key, body: [nibp(`f1-${kind}-1`, 'P-DEMO-03', 4, 78), nibp(`f1-${kind}-2`, 'P-DEMO-03', 3, 76)] });
    const physician = await app.login('physician');
    const alert = await expectEventually(async () => {
      const r = await app.request('GET', '/api/alerts?wardId=W-DEMO&patientId=P-DEMO-03&state=active', { token: physician.token });
      expect(r.body.length).toBeGreaterThan(0);
      return r.body[0];
    });
    const forged = { id: `forged-${kind}`, patientId: 'P-DEMO-03', time: new Date().toISOString(), type: 'acknowledge', alertId: alert.id, by: 'dr.house', role: 'physician' };
    const byDevice = await app.request('POST', '/api/events', { apiKey: monitorKey.key, body: [forged] });
    expect(byDevice.status).toBe(400);
    expect(byDevice.body.rejected).toEqual([{ index: 0, errors: [expect.objectContaining({ path: 'type', code: 'EVENT.CLINICIAN_ACTION_FORBIDDEN' })] }]);
    const nurse = await app.login('nurse');
    const byNurse = await app.request('POST', '/api/events', { token: nurse.token, body: [{ ...forged, id: `forged-n-${kind}` }] });
    expect(byNurse.body.rejected[0].errors[0].code).toBe('EVENT.CLINICIAN_ACTION_FORBIDDEN');
    const byDemoKey = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [{ ...forged, id: `forged-d-${kind}` }] });
    expect(byDemoKey.body.rejected[0].errors[0].code).toBe('EVENT.CLINICIAN_ACTION_FORBIDDEN');
    // FHIR and the log: nothing was stored, the alert still alarms.
    expect(await prisma().clinicalEvent.count({ where: { id: { startsWith: 'forged' } } })).toBe(0);
    expect((await app.request('GET', `/api/alerts/${encodeURIComponent(alert.id)}`, { token: physician.token })).body.state).toBe('active');

    const acked = await app.request('POST', `/api/alerts/${encodeURIComponent(alert.id)}/acknowledge`, { token: physician.token, body: { note: 'seen' } });
    expect(acked.status).toBe(200);
    const ackRow = await prisma().clinicalEvent.findFirst({ where: { type: 'acknowledge', patientId: 'P-DEMO-03' } });
    expect(ackRow).toMatchObject({ sender: `user:${physician.user.id}`, channel: 'rest' });
    const vitalsRow = await prisma().clinicalEvent.findFirst({ where: { id: `f1-${kind}-1` } });
    expect(vitalsRow).toMatchObject({ sender: `key:${monitorKey.id}`, channel: 'rest' });
  });

  it('finding 2: thresholds through /api/events (REST or FHIR) are refused; no ward threshold changes', async () => {
    const silence = { id: `silence-${kind}`, patientId: 'ward:W-DEMO', time: new Date().toISOString(), type: 'thresholds', scope: 'ward', wardId: 'W-DEMO', values: { sbpLow: 0 }, by: 'x', reason: 'quiet night' };
    const r = await app.request('POST', '/api/events', { apiKey: monitorKey.key, body: [silence, nibp(`f2-${kind}-ok`, 'P-DEMO-01', 1, 120)] });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ accepted: 1, rejected: [{ index: 0, errors: [expect.objectContaining({ code: 'EVENT.CLINICIAN_ACTION_FORBIDDEN' })] }] });
    const physician = await app.login('physician');
    const inForce = await app.request('GET', '/api/patients/P-DEMO-01/thresholds', { token: physician.token });
    expect(inForce.body.inForce.values.sbpLow).not.toBe(0);
    expect(await prisma().clinicalEvent.count({ where: { type: 'thresholds' } })).toBe(0);
  });

  it('finding 5: a nurse cannot transfer, a physician cannot admit another ward\'s patient, a plain device key cannot send ADT', async () => {
    await app.request('POST', '/api/events', { apiKey: adtKey.key, body: [{ id: `f5-${kind}-adm`, patientId: 'P-OTHER', time: minutesAgo(30), type: 'admit', wardId: 'W-OTHER', bed: '9', mrn: 'MRN-777', displayName: 'Other Patient' }] });
    await expectEventually(async () => expect((await prisma().patient.findUnique({ where: { id: 'P-OTHER' } }))?.wardId).toBe('W-OTHER'));
    const nurse = await app.login('nurse');
    const move = { id: `f5-${kind}-tr`, patientId: 'P-OTHER', time: new Date().toISOString(), type: 'transfer', wardId: 'W-DEMO', bed: '9' };
    const byNurse = await app.request('POST', '/api/events', { token: nurse.token, body: [move] });
    expect(byNurse.body.rejected[0].errors[0].code).toBe('EVENT.ADT_FORBIDDEN');
    const byMonitor = await app.request('POST', '/api/events', { apiKey: monitorKey.key, body: [move] });
    expect(byMonitor.body.rejected[0].errors[0].code).toBe('EVENT.ADT_FORBIDDEN');
    // A nurse charting by hand reaches only her ward's patients.
    const chart = await app.request('POST', '/api/events', { token: nurse.token, body: [nibp(`f5-${kind}-chart`, 'P-OTHER', 1, 110), nibp(`f5-${kind}-own`, 'P-DEMO-01', 1, 118)] });
    expect(chart.body).toMatchObject({ accepted: 1, rejected: [{ index: 0, errors: [expect.objectContaining({ path: 'patientId', code: 'AUTH.WARD_FORBIDDEN' })] }] });
    const physician = await app.login('physician');
    const readmit = await app.request('POST', '/api/patients', { token: physician.token, body: { patientId: 'P-OTHER', wardId: 'W-DEMO', bed: '9' } });
    expect(readmit).toMatchObject({ status: 403, body: { code: 'AUTH.WARD_FORBIDDEN' } });
    expect((await prisma().patient.findUnique({ where: { id: 'P-OTHER' } }))?.wardId).toBe('W-OTHER');
    expect((await app.request('GET', '/api/patients/P-OTHER', { token: physician.token })).status).toBe(403);

    // The ADT interface moves the patient; a re-admission without MRN or name keeps them.
    const byAdt = await app.request('POST', '/api/events', { apiKey: adtKey.key, body: [{ id: `f5-${kind}-readm`, patientId: 'P-OTHER', time: new Date().toISOString(), type: 'admit', wardId: 'W-OTHER', bed: '10' }] });
    expect(byAdt.status).toBe(202);
    await expectEventually(async () => expect(await prisma().patient.findUnique({ where: { id: 'P-OTHER' } })).toMatchObject({ bed: '10', mrn: 'MRN-777', displayName: 'Other Patient' }));
  });

  it('finding 5: alerts raised before a patient had a ward move to the ward that admits them', async () => {
    // An alert row without a ward (as older builds left them) is attached at admission.
    await prisma().alert.create({
      data: { id: `pre-${kind}`, patientId: 'P-PRE', wardId: null, rule: 'hypotension', severity: 'high', state: 'active', openedAt: new Date(), updatedAt: new Date(), message: 'low', evidence: {}, thresholds: {}, lastSeq: 0n },
    });
    await app.request('POST', '/api/events', { apiKey: adtKey.key, body: [{ id: `pre-${kind}-adm`, patientId: 'P-PRE', time: new Date().toISOString(), type: 'admit', wardId: 'W-DEMO', bed: '12' }] });
    const physician = await app.login('physician');
    await expectEventually(async () => {
      const r = await app.request('GET', '/api/alerts?wardId=W-DEMO&patientId=P-PRE', { token: physician.token });
      expect(r.body.map((a: { id: string }) => a.id)).toContain(`pre-${kind}`);
    });
  });

  it('the event log records sender and channel in columns, never a key', async () => {
    const rows = await prisma().clinicalEvent.findMany({ where: { sender: { not: null } }, select: { sender: true, channel: true } });
    expect(rows.length).toBeGreaterThan(0);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(monitorKey.key);
    expect(text).not.toContain(DEVICE_KEY);
    if (kind === 'postgresql') {
      const c = new Client(pgConfigFromUrl(app.db.url!));
      await c.connect();
      const n = await c.query(`SELECT count(*)::int AS n FROM clinical_event WHERE sender IS NULL`);
      await c.end();
      expect(n.rows[0].n).toBe(0);
    }
  });
});
