import type { AlertTransition, VitalsSnapshot } from '@vigil/contracts';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, type LiveClient } from './support/test-app';
import { expectEventually } from './support/expect-eventually';
import { minutesAgo, subscribe, useTestApp } from './support/use-test-app';

function collect(socket: LiveClient): AlertTransition[] {
  const seen: AlertTransition[] = [];
  socket.on('alert', (t) => seen.push(t));
  return seen;
}

describe.each(databaseKinds)('one alert end to end on %s', (kind) => {
  const started = useTestApp(kind);
  const events = [
    { id: `e2e-${kind}-1`, patientId: 'P-DEMO-03', time: minutesAgo(2), type: 'vitals', sbp: 84, dbp: 50, method: 'nibp' },
    { id: `e2e-${kind}-2`, patientId: 'P-DEMO-03', time: minutesAgo(1), type: 'vitals', sbp: 83, dbp: 49, method: 'nibp' },
  ];

  it('stores, alerts, streams, and acknowledges', async () => {
    const app = started();
    const physician = await app.login('physician');
    const nurse = await app.login('nurse');
    const doctorSocket = app.connectLive(physician.token);
    const nurseSocket = app.connectLive(nurse.token);
    const doctorSeen = collect(doctorSocket);
    const vitalsSeen: VitalsSnapshot[] = [];
    doctorSocket.on('vitals', (batch) => vitalsSeen.push(...batch));
    const nurseSeen = collect(nurseSocket);
    const [ack1, ack2] = await Promise.all([subscribe(doctorSocket, 'W-DEMO'), subscribe(nurseSocket, 'W-DEMO')]);
    expect(ack1).toMatchObject({ ok: true, wardId: 'W-DEMO', active: [] });
    expect(ack2.ok).toBe(true);

    const first = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: events });
    expect(first).toEqual({ status: 202, body: { accepted: 2, duplicates: 0, rejected: [] } });
    const again = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: events });
    expect(again).toEqual({ status: 202, body: { accepted: 0, duplicates: 2, rejected: [] } });

    // The tiles' live vitals: per-ward batches, newest values per patient.
    await expectEventually(() => expect(vitalsSeen.some((v) => v.patientId === 'P-DEMO-03' && v.wardId === 'W-DEMO' && (v.sbp === 84 || v.sbp === 83))).toBe(true));
    const raised = await expectEventually(() => {
      // The first reading raises a LOW recheck prompt (§10); the second confirms it as MEDIUM (same alert).
      const t = doctorSeen.find((x) => x.type === 'updated' && x.alert.rule === 'hypotension' && x.alert.severity === 'medium');
      expect(t).toBeDefined();
      return t!;
    });
    expect(raised.alert).toMatchObject({ patientId: 'P-DEMO-03', wardId: 'W-DEMO', bed: '3', severity: 'medium', state: 'active' });
    expect(raised.alert.evidence.map((e) => e.eventId)).toEqual(expect.arrayContaining([`e2e-${kind}-2`]));
    await expectEventually(() => expect(nurseSeen.map((t) => t.seq)).toContain(raised.seq));

    const stored = await app.request('GET', `/api/alerts/${encodeURIComponent(raised.alert.id)}`, { token: nurse.token });
    expect(stored.status).toBe(200);
    expect(stored.body.history).toEqual([expect.objectContaining({ type: 'raised', actor: 'system' }), expect.objectContaining({ seq: raised.seq, type: 'updated', actor: 'system' })]);

    const byNurse = await app.request('POST', `/api/alerts/${encodeURIComponent(raised.alert.id)}/acknowledge`, { token: nurse.token, body: { note: 'seen' } });
    expect(byNurse).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });

    const acked = await app.request('POST', `/api/alerts/${encodeURIComponent(raised.alert.id)}/acknowledge`, {
      token: physician.token,
      body: { note: 'bolus 500 mL, dose held', disposition: 'dose-held' },
    });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ id: raised.alert.id, state: 'acknowledged', acknowledgedBy: 'physician' });

    for (const seen of [doctorSeen, nurseSeen]) {
      await expectEventually(() => expect(seen.find((t) => t.type === 'acknowledged' && t.alert.id === raised.alert.id)?.alert.state).toBe('acknowledged'));
    }
    const twice = await app.request('POST', `/api/alerts/${encodeURIComponent(raised.alert.id)}/acknowledge`, { token: physician.token, body: {} });
    expect(twice).toMatchObject({ status: 409, body: { code: 'ALERT.ALREADY_ACKNOWLEDGED' } });

    const history = await app.request('GET', `/api/alerts/${encodeURIComponent(raised.alert.id)}`, { token: physician.token });
    expect(history.body.history.map((h: { type: string }) => h.type)).toEqual(['raised', 'updated', 'acknowledged']);
    expect(history.body.history[2]).toMatchObject({ actor: 'physician' });

    const exported = await app.request('GET', '/api/events/export?patientId=P-DEMO-03', { token: physician.token });
    const lines = String(exported.body).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(expect.arrayContaining([`e2e-${kind}-1`, `e2e-${kind}-2`]));
    expect(lines.filter((l) => l.id === `e2e-${kind}-1`)).toHaveLength(1);
    expect(lines.some((l) => l.type === 'acknowledge' && l.alertId === raised.alert.id)).toBe(true);
  }, 60_000);

  it('refuses an unauthenticated socket and another ward', async () => {
    const app = started();
    const anonymous = app.connectLive(undefined);
    const error = await new Promise<Error>((resolve) => anonymous.on('connect_error', resolve));
    expect(error.message).toMatch(/sign in/);
    const physician = await app.login('physician');
    const socket = app.connectLive(physician.token);
    expect(await subscribe(socket, 'W-OTHER')).toMatchObject({ ok: false, code: 'AUTH.WARD_FORBIDDEN' });
  }, 30_000);

  it('rejects bad events per item with a path and keeps the valid ones', async () => {
    const app = started();
    const ndjson = [
      JSON.stringify({ id: `bad-${kind}-1`, patientId: 'P-DEMO-01', time: minutesAgo(1), type: 'vitals', hr: 80 }),
      '{not json',
      JSON.stringify({ id: `bad-${kind}-2`, patientId: 'P-DEMO-01', time: 'yesterday', type: 'vitals', hr: 80 }),
    ].join('\n');
    const res = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, raw: ndjson });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([
      { index: 1, errors: [expect.objectContaining({ path: '(root)' })] },
      { index: 2, errors: [expect.objectContaining({ path: 'time' })] },
    ]);
    const none = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [{ id: 'x', type: 'vitals' }] });
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('EVENT.INVALID');
    expect(none.body.rejected[0].errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['patientId', 'time']));
    const noKey = await app.request('POST', '/api/events', { body: [] });
    expect(noKey.status).toBe(401);
    const huge = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, raw: 'x'.repeat(10 * 1024 * 1024 + 1) });
    expect(huge).toMatchObject({ status: 413, body: { code: 'EVENT.BATCH_TOO_LARGE' } });
  }, 30_000);

  it('refuses future-dated events beyond the tolerance with EVENT.FUTURE_TIME and a path, and keeps the rest', async () => {
    const app = started();
    const ahead = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
    const res = await app.request('POST', '/api/events', {
      apiKey: DEVICE_KEY,
      body: [
        { id: `fut-${kind}-1`, patientId: 'P-DEMO-04', time: ahead(2), type: 'vitals', hr: 80 }, // within 5 min: a clock a little fast
        { id: `fut-${kind}-2`, patientId: 'P-DEMO-04', time: ahead(8000 * 60), type: 'vitals', hr: 81 }, // a replay shifted 8,000 h ahead
        { id: `fut-${kind}-3`, patientId: 'P-DEMO-04', time: minutesAgo(1), periodStart: ahead(30), type: 'urine', volumeMl: 20 },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([
      { index: 1, errors: [expect.objectContaining({ path: 'time', code: 'EVENT.FUTURE_TIME', message: expect.stringContaining('ahead of the server clock') })] },
      { index: 2, errors: [expect.objectContaining({ path: 'periodStart', code: 'EVENT.FUTURE_TIME' })] },
    ]);
    const only = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [{ id: `fut-${kind}-4`, patientId: 'P-DEMO-04', time: ahead(60), type: 'vitals', hr: 82 }] });
    expect(only).toMatchObject({ status: 400, body: { code: 'EVENT.INVALID' } });
    expect(only.body.rejected[0].errors[0]).toMatchObject({ path: 'time', code: 'EVENT.FUTURE_TIME' });
  }, 30_000);
});
