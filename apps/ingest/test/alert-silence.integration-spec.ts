import type { AlertTransition, SilenceChange, SubscribeAck } from '@vigil/contracts';
import type { PrismaClient } from '../src/prisma/generated/client';
import { PRISMA } from '../src/database/prisma.token';
import { UsersService } from '../src/auth/users.service';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type LiveClient, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';

const subscribe = (socket: LiveClient, wardId: string) => new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', { wardId }, resolve));
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const nibp = (id: string, patientId: string, m: number, sbp: number, map: number) => ({ id, patientId, time: minutesAgo(m), type: 'vitals', sbp, map, method: 'nibp' });

describe.each(databaseKinds)('per-alert silence and shelve on %s', (kind) => {
  let app: TestApp;
  let seen: AlertTransition[];
  let changes: SilenceChange[];
  let socket: LiveClient;
  const prisma = () => app.running.app.get<PrismaClient>(PRISMA);

  /** Two low readings: a MEDIUM hypotension alert on the patient. */
  async function raiseMedium(patientId: string, tag: string, minutesBefore = 4) {
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [nibp(`${tag}-1`, patientId, minutesBefore, 86, 64), nibp(`${tag}-2`, patientId, minutesBefore - 1, 85, 63)] });
    return expectEventually(() => {
      const t = seen.find((x) => x.alert.patientId === patientId && x.alert.rule === 'hypotension' && x.alert.severity === 'medium' && x.alert.state === 'active');
      expect(t).toBeDefined();
      return t!.alert;
    });
  }

  beforeAll(async () => {
    app = await startTestApp(kind);
    await app.running.app.get(UsersService).upsert({ id: 'u-other-nurse', username: 'othernurse', displayName: 'Other Ward Nurse', role: 'nurse', wardIds: ['W-OTHER'], password: 'vigil-demo' });
    const nurse = await app.login('nurse');
    socket = app.connectLive(nurse.token);
    seen = [];
    changes = [];
    socket.on('alert', (t) => seen.push(t));
    socket.on('silence', (c) => changes.push(c));
    await subscribe(socket, 'W-DEMO');
  }, 60_000);
  afterAll(() => app?.close(), 30_000);

  it('lets a nurse of the ward silence with a reason and an expiry, refuses everyone else with a code, and audits it', async () => {
    const alert = await raiseMedium('P-DEMO-05', `sil-${kind}`);
    const path = `/api/alerts/${encodeURIComponent(alert.id)}/silence`;
    const nurse = await app.login('nurse');
    const admin = await app.login('admin');
    const other = await app.login('othernurse');

    expect(await app.request('POST', path, { token: admin.token, body: { kind: 'silence', reason: 'testing', minutes: 5 } })).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });
    expect(await app.request('POST', path, { token: other.token, body: { kind: 'silence', reason: 'testing', minutes: 5 } })).toMatchObject({ status: 403, body: { code: 'AUTH.WARD_FORBIDDEN' } });
    expect(await app.request('POST', path, { token: nurse.token, body: { kind: 'shelve', reason: 'known, treated', minutes: 60 } })).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });
    const tooLong = await app.request('POST', path, { token: nurse.token, body: { kind: 'silence', reason: 'known, treated', minutes: 61 } });
    expect(tooLong).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID_BODY' } });
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ path: 'minutes' })]);
    const noReason = await app.request('POST', path, { token: nurse.token, body: { kind: 'silence', reason: ' ', minutes: 5 } });
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: 'reason' })]);

    const ok = await app.request('POST', path, { token: nurse.token, body: { kind: 'silence', reason: 'bolus running, BP rechecked in 5', minutes: 10 } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ change: 'started', silence: { alertId: alert.id, kind: 'silence', by: 'nurse', reason: 'bolus running, BP rechecked in 5', endedAt: null } });
    expect(Date.parse(ok.body.silence.expiresAt) - Date.parse(ok.body.silence.createdAt)).toBe(10 * 60_000);
    // Everyone on the ward sees it: live, and in the subscription of a screen that comes later.
    await expectEventually(() => expect(changes.some((c) => c.change === 'started' && c.silence.id === ok.body.silence.id)).toBe(true));
    const physician = await app.login('physician');
    const later = app.connectLive(physician.token);
    const ack = await subscribe(later, 'W-DEMO');
    expect(ack.ok && ack.silences?.map((s) => s.id)).toEqual([ok.body.silence.id]);

    const audit = await prisma().securityAudit.findMany({ where: { action: 'alert.silence', target: `alert:${alert.id}` } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'ok', detail: expect.objectContaining({ reason: 'bolus running, BP rechecked in 5', minutes: 10 }) });

    // A physician shelves it: the nurse's silence is replaced, both stay in the alert's trail.
    const shelved = await app.request('POST', path, { token: physician.token, body: { kind: 'shelve', reason: 'chronic low BP, reviewed', minutes: 120 } });
    expect(shelved.status).toBe(201);
    const detail = await app.request('GET', `/api/alerts/${encodeURIComponent(alert.id)}`, { token: nurse.token });
    expect(detail.body.silences.map((s: { kind: string; endReason: string | null }) => [s.kind, s.endReason])).toEqual([
      ['silence', 'replaced'],
      ['shelve', null],
    ]);

    // Lifted by a nurse: it ends once; a second lift is a 409 with its own code.
    const lifted = await app.request('DELETE', path, { token: nurse.token });
    expect(lifted).toMatchObject({ status: 200, body: { change: 'ended', silence: { endReason: 'lifted', endedBy: 'nurse' }, reannounce: true } });
    expect(await app.request('DELETE', path, { token: nurse.token })).toMatchObject({ status: 409, body: { code: 'ALERT.NOT_SILENCED' } });
  });

  it('re-announces a still-active alert when its silence expires', async () => {
    const alert = await raiseMedium('P-DEMO-06', `exp-${kind}`);
    const nurse = await app.login('nurse');
    const ok = await app.request('POST', `/api/alerts/${encodeURIComponent(alert.id)}/silence`, { token: nurse.token, body: { kind: 'silence', reason: 'repositioning the cuff', minutes: 1 } });
    expect(ok.status).toBe(201);
    // Move its expiry into the past rather than wait a minute: the service's own timer ends it.
    await prisma().alertSilence.update({ where: { id: ok.body.silence.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const ended = await expectEventually(() => {
      const c = changes.find((x) => x.change === 'ended' && x.silence.id === ok.body.silence.id);
      expect(c).toBeDefined();
      return c!;
    });
    expect(ended).toMatchObject({ reannounce: true, silence: { endReason: 'expired', endedBy: 'system' } });
    expect(await prisma().securityAudit.count({ where: { action: 'alert.silence_end', target: `alert:${alert.id}` } })).toBe(1);
  });

  it('never hides a worsening alert: a rise in severity ends the silence and re-announces it', async () => {
    const alert = await raiseMedium('P-DEMO-04', `wor-${kind}`);
    const nurse = await app.login('nurse');
    const ok = await app.request('POST', `/api/alerts/${encodeURIComponent(alert.id)}/silence`, { token: nurse.token, body: { kind: 'silence', reason: 'fluids running', minutes: 30 } });
    expect(ok.status).toBe(201);
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [nibp(`wor-${kind}-3`, 'P-DEMO-04', 2, 72, 52), nibp(`wor-${kind}-4`, 'P-DEMO-04', 1, 70, 50)] });
    await expectEventually(() => expect(seen.some((t) => t.alert.id === alert.id && t.alert.severity === 'high')).toBe(true));
    const ended = await expectEventually(() => {
      const c = changes.find((x) => x.change === 'ended' && x.silence.id === ok.body.silence.id);
      expect(c).toBeDefined();
      return c!;
    });
    expect(ended).toMatchObject({ reannounce: true, silence: { endReason: 'worsened' } });
  });

  it('refuses to silence a resolved alert', async () => {
    // Resolved by two normal readings over the 15-min resolve window (§6.0 hysteresis, §6.1).
    const alert = await raiseMedium('P-DEMO-02', `res-${kind}`, 20);
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [nibp(`res-${kind}-3`, 'P-DEMO-02', 17, 118, 84), nibp(`res-${kind}-4`, 'P-DEMO-02', 1, 120, 86)] });
    await expectEventually(() => expect(seen.some((t) => t.alert.id === alert.id && t.type === 'resolved')).toBe(true));
    const nurse = await app.login('nurse');
    expect(await app.request('POST', `/api/alerts/${encodeURIComponent(alert.id)}/silence`, { token: nurse.token, body: { kind: 'silence', reason: 'late', minutes: 5 } })).toMatchObject({ status: 409, body: { code: 'ALERT.RESOLVED' } });
  });
});
