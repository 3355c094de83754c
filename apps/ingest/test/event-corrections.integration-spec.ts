import type { AlertTransition } from '@vigil/contracts';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';
import { PRISMA } from '../src/database/prisma.token';
import type { PrismaClient } from '../src/prisma/generated/client';

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * §10 corrections through the store: an event resent with its id and new content is stored beside the
 * original (nothing lost), the rules re-evaluate, and an alert that no longer holds is CANCELLED, sent
 * live with its effective and recorded times; an identical resend of any version stays a duplicate;
 * only the source that sent it or a clinician of the ward may correct it, and a correction cannot move
 * the event to another patient, type or time. Every correction, made or refused, is audited.
 */
describe.each(databaseKinds)('corrections by event id, on %s', (kind) => {
  let app: TestApp;
  const prisma = () => app.running.app.get<PrismaClient>(PRISMA);
  const now = Date.now();
  const pid = 'P-DEMO-01'; // 82 kg: oliguria below 41 mL/h
  const urine = (id: string, hoursAgo: number, volumeMl: number) => ({ id, patientId: pid, time: iso(now - (hoursAgo - 1) * 60 * MIN), type: 'urine', volumeMl, periodStart: iso(now - hoursAgo * 60 * MIN) });
  const first = urine(`uo-${kind}-1`, 2.2, 8);
  const second = urine(`uo-${kind}-2`, 1.2, 5);

  beforeAll(async () => {
    app = await startTestApp(kind);
  }, 180_000);
  afterAll(() => app?.close(), 30_000);

  it('a corrected urine volume cancels the oliguria alert it raised; both versions stay in the log, the correction is audited', async () => {
    const nurse = await app.login('nurse');
    const socket = app.connectLive(nurse.token);
    const seen: AlertTransition[] = [];
    socket.on('alert', (t) => seen.push(t));
    await new Promise((r) => socket.emit('subscribe', { wardId: 'W-DEMO' }, r));

    expect((await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [first, second] })).body).toMatchObject({ accepted: 2, duplicates: 0 });
    const raised = await expectEventually(() => {
      const t = seen.find((x) => x.type === 'raised' && x.alert.rule === 'oliguria' && x.alert.patientId === pid);
      expect(t).toBeDefined();
      return t!;
    }, 30_000);

    // An identical resend is a duplicate: nothing stored, nothing fires.
    const resend = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [second] });
    expect(resend.body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });

    // The corrected volume: stored as revision 1, the alert no longer holds.
    const corrected = { ...second, volumeMl: 55 };
    const r = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [corrected] });
    expect([r.status, r.body]).toEqual([202, { accepted: 1, corrected: 1, duplicates: 0, rejected: [] }]);
    const cancelled = await expectEventually(() => {
      const t = seen.find((x) => x.type === 'cancelled' && x.alert.id === raised.alert.id);
      expect(t).toBeDefined();
      return t!;
    }, 30_000);
    expect(cancelled.alert.state).toBe('cancelled');
    expect(cancelled.effectiveAt).toEqual(expect.any(String));
    expect(cancelled.recordedAt).toEqual(expect.any(String));
    // The alert keeps the times of its first late transition (here the raise: the urine was charted after its hour).
    const firstLate = seen.find((x) => x.alert.id === raised.alert.id && x.effectiveAt)!;
    expect(cancelled.alert.chartedLate).toEqual({ effectiveAt: firstLate.effectiveAt, recordedAt: firstLate.recordedAt });
    const physician = await app.login('physician');
    const detail = await app.request('GET', `/api/alerts/${encodeURIComponent(raised.alert.id)}`, { token: physician.token });
    expect(detail.body.state).toBe('cancelled');
    expect(detail.body.history.map((h: { type: string }) => h.type).at(-1)).toBe('cancelled');

    const versions = await prisma().clinicalEvent.findMany({ where: { id: second.id }, orderBy: { revision: 'asc' } });
    expect(versions.map((v) => [v.revision, (v.payload as { volumeMl: number }).volumeMl])).toEqual([
      [0, 5],
      [1, 55],
    ]);
    const audit = await prisma().securityAudit.findMany({ where: { action: 'event.correct', target: `patient:${pid}` } });
    expect(audit).toEqual([expect.objectContaining({ outcome: 'ok', actor: 'key:demo-device', detail: expect.objectContaining({ eventId: second.id, revision: 1 }) })]);

    // A late retry of the original is a duplicate: it does not undo the correction.
    const stale = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [second] });
    expect(stale.body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect(await prisma().clinicalEvent.count({ where: { id: second.id } })).toBe(2);
  }, 90_000);

  it('refuses a correction from another device, or one that moves the event; a nurse of the ward may correct; each refusal audited', async () => {
    const admin = (await app.login('admin')).token;
    const other = (await app.request('POST', '/api/admin/api-keys', { token: admin, body: { name: 'bed 9 monitor' } })).body as { id: string; key: string };
    const byOther = await app.request('POST', '/api/events', { apiKey: other.key, body: [{ ...first, volumeMl: 60 }] });
    expect(byOther.status).toBe(400);
    expect(byOther.body.rejected).toEqual([{ index: 0, errors: [{ path: 'id', code: 'EVENT.CORRECTION_FORBIDDEN', message: expect.stringContaining('only that source or a clinician') }] }]);

    const moved = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [{ ...first, time: iso(now - 30 * MIN), volumeMl: 60 }, { ...first, id: `uo-${kind}-new`, volumeMl: 60 }] });
    expect(moved.status).toBe(202);
    expect(moved.body).toMatchObject({ accepted: 1, duplicates: 0, rejected: [{ index: 0, errors: [{ path: 'time', code: 'EVENT.CORRECTION_INVALID', message: expect.stringContaining('new id') }] }] });
    const otherPatient = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [{ ...first, patientId: 'P-DEMO-02' }] });
    expect(otherPatient.body.rejected[0].errors[0]).toMatchObject({ path: 'patientId', code: 'EVENT.CORRECTION_INVALID' });

    const nurse = await app.login('nurse');
    const byNurse = await app.request('POST', '/api/events', { token: nurse.token, body: [{ ...first, volumeMl: 9 }] });
    expect(byNurse.body).toEqual({ accepted: 1, corrected: 1, duplicates: 0, rejected: [] });

    const refused = await prisma().securityAudit.findMany({ where: { action: 'event.correct', outcome: 'refused' }, orderBy: { id: 'asc' } });
    expect(refused.map((a) => [a.actor, (a.detail as { code: string }).code])).toEqual([
      [`key:${other.id}`, 'EVENT.CORRECTION_FORBIDDEN'],
      ['key:demo-device', 'EVENT.CORRECTION_INVALID'],
      ['key:demo-device', 'EVENT.CORRECTION_INVALID'],
    ]);
    const ok = await prisma().securityAudit.findFirst({ where: { action: 'event.correct', outcome: 'ok', actor: { startsWith: 'user:' } } });
    expect(ok?.detail).toMatchObject({ eventId: first.id, revision: 1, originalSender: 'key:demo-device' });
  }, 60_000);
});
