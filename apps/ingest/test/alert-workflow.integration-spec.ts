import type { AlertTransition, SubscribeAck } from '@vigil/contracts';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type LiveClient, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';

const subscribe = (socket: LiveClient, wardId: string) => new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', { wardId }, resolve));
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const nibp = (id: string, patientId: string, m: number, sbp: number, map: number) => ({ id, patientId, time: minutesAgo(m), type: 'vitals', sbp, map, method: 'nibp' });

describe.each(databaseKinds)('alert workflow on %s: escalation, thresholds, resolve', (kind) => {
  let app: TestApp;
  let seen: AlertTransition[];
  beforeAll(async () => {
    app = await startTestApp(kind);
    const nurse = await app.login('nurse');
    const socket = app.connectLive(nurse.token);
    seen = [];
    socket.on('alert', (t) => seen.push(t));
    await subscribe(socket, 'W-DEMO');
  }, 60_000);
  afterAll(() => app?.close(), 30_000);

  it('escalates an unacknowledged HIGH alert on the wall-clock tick, on the stream and in the audit trail', async () => {
    const res = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [nibp(`esc-${kind}-1`, 'P-DEMO-01', 4, 74, 55), nibp(`esc-${kind}-2`, 'P-DEMO-01', 3, 72, 54)] });
    expect(res.status).toBe(202);
    const escalated = await expectEventually(() => {
      const t = seen.find((x) => x.type === 'escalated' && x.alert.patientId === 'P-DEMO-01');
      expect(t).toBeDefined();
      return t!;
    });
    expect(escalated.alert).toMatchObject({ rule: 'hypotension', severity: 'high' });
    expect(escalated.alert.escalationLevel).toBeGreaterThanOrEqual(1);
    const physician = await app.login('physician');
    const detail = await app.request('GET', `/api/alerts/${encodeURIComponent(escalated.alert.id)}`, { token: physician.token });
    expect(detail.body.history.map((h: { type: string }) => h.type)).toEqual(expect.arrayContaining(['raised', 'escalated']));
  });

  it('applies a per-patient threshold change, audited with who and why, to the next readings', async () => {
    const nurse = await app.login('nurse');
    const refused = await app.request('POST', '/api/patients/P-DEMO-02/thresholds', { token: nurse.token, body: { values: { sbpLow: 100 }, reason: 'baseline high' } });
    expect(refused).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });
    const physician = await app.login('physician');
    const bad = await app.request('POST', '/api/patients/P-DEMO-02/thresholds', { token: physician.token, body: { values: { sbpLoww: 100 }, reason: 'typo' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toMatch(/values/);
    const negative = await app.request('POST', '/api/patients/P-DEMO-02/thresholds', { token: physician.token, body: { values: { sbpLow: -5 }, reason: 'typo' } });
    expect(negative.status).toBe(400);
    expect(negative.body.errors).toEqual([expect.objectContaining({ path: 'values.sbpLow', message: 'a threshold cannot be negative' })]);
    const changed = await app.request('POST', '/api/patients/P-DEMO-02/thresholds', { token: physician.token, body: { values: { sbpLow: 100 }, reason: 'runs at 140 systolic; 100 is low for her' } });
    expect(changed.status).toBe(201);
    expect(changed.body).toMatchObject({ version: 1, by: 'physician' });
    const current = await app.request('GET', '/api/patients/P-DEMO-02/thresholds', { token: physician.token });
    expect(current.body.inForce.values.sbpLow).toBe(100);
    expect(current.body.history[0]).toMatchObject({ createdBy: 'physician', reason: 'runs at 140 systolic; 100 is low for her' });

    // The change takes effect at its own time: readings must come after it.
    await new Promise((r) => setTimeout(r, 20));
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [nibp(`thr-${kind}-1`, 'P-DEMO-02', 0, 96, 72)] });
    await new Promise((r) => setTimeout(r, 20));
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [nibp(`thr-${kind}-2`, 'P-DEMO-02', 0, 95, 71)] });
    const raised = await expectEventually(() => {
      const t = seen.find((x) => x.type === 'raised' && x.alert.patientId === 'P-DEMO-02');
      expect(t).toBeDefined();
      return t!;
    });
    expect(raised.alert.thresholds).toMatchObject({ sbpLow: 100 });
    expect(raised.alert.thresholds.version).toBe(current.body.inForce.version);
  });

  it('resolves with hysteresis and then refuses an acknowledgement with ALERT.RESOLVED', async () => {
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [nibp(`res-${kind}-1`, 'P-DEMO-04', 25, 84, 62), nibp(`res-${kind}-2`, 'P-DEMO-04', 24, 83, 61)] });
    const raised = await expectEventually(() => {
      const t = seen.find((x) => x.type === 'raised' && x.alert.patientId === 'P-DEMO-04');
      expect(t).toBeDefined();
      return t!;
    });
    // One normal reading is not enough (hysteresis) …
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [nibp(`res-${kind}-3`, 'P-DEMO-04', 23, 112, 80)] });
    await new Promise((r) => setTimeout(r, 500));
    expect(seen.some((x) => x.type === 'resolved' && x.alert.id === raised.alert.id)).toBe(false);
    // … two consecutive ones over the 15-min resolve window are (§6.0 hysteresis, §6.1).
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [nibp(`res-${kind}-4`, 'P-DEMO-04', 7, 114, 82)] });
    await expectEventually(() => expect(seen.some((x) => x.type === 'resolved' && x.alert.id === raised.alert.id)).toBe(true));
    const physician = await app.login('physician');
    const ack = await app.request('POST', `/api/alerts/${encodeURIComponent(raised.alert.id)}/acknowledge`, { token: physician.token, body: { note: 'late' } });
    expect(ack).toMatchObject({ status: 409, body: { code: 'ALERT.RESOLVED' } });
  });

  it('keeps events of a patient nobody admitted, lists them as unassigned, and runs the rules once the admit arrives', async () => {
    const patientId = `P-LATE-${kind}`;
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [nibp(`un-${kind}-1`, patientId, 3, 82, 58), nibp(`un-${kind}-2`, patientId, 2, 81, 57)] });
    const admin = await app.login('admin');
    await expectEventually(async () => {
      const list = await app.request('GET', '/api/patients/unassigned', { token: admin.token });
      expect(list.body.map((p: { id: string }) => p.id)).toContain(patientId);
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.some((t) => t.alert.patientId === patientId)).toBe(false);

    const physician = await app.login('physician');
    const admitted = await app.request('POST', '/api/patients', { token: physician.token, body: { patientId, wardId: 'W-DEMO', bed: '9', weightKg: 71, displayName: 'Late Admission', time: minutesAgo(5) } });
    expect(admitted.status).toBe(201);
    const raised = await expectEventually(() => {
      const t = seen.find((x) => x.type === 'raised' && x.alert.patientId === patientId);
      expect(t).toBeDefined();
      return t!;
    });
    expect(raised.alert).toMatchObject({ wardId: 'W-DEMO', bed: '9', rule: 'hypotension' });
    const list = await app.request('GET', '/api/patients/unassigned', { token: admin.token });
    expect(list.body.map((p: { id: string }) => p.id)).not.toContain(patientId);
  });
});
