import type { AlertTransition } from '@vigil/contracts';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';
import { RulesService } from '../src/rules/rules.service';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * §10: DATA_GAP is about data not arriving, so the live service judges it on arrival (the wall clock),
 * not on effective time. With the patient's urine interval set to 18 s: urine that arrives now, charted
 * for an hour that ended 3.5 h ago, is not missing (it just arrived); 18 s later with nothing more it is
 * a gap; urine charted late for earlier hours brings it back when it arrives (a batch is one arrival:
 * the alert is re-stated, still open, §6.0 hysteresis), the next urine within 18 s of it resolves it
 * once, and more late urine changes nothing.
 */
describe.each(databaseKinds)('DATA_GAP in the live service, on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  }, 180_000);
  afterAll(() => app?.close(), 30_000);

  it('raises on the wall clock, is back when late urine arrives and resolves once on the next arrival', async () => {
    const pid = 'P-DEMO-04';
    const urine = (id: string, endHoursAgo: number, at: number) => ({ id, patientId: pid, time: iso(at - endHoursAgo * HOUR), type: 'urine', volumeMl: 90, periodStart: iso(at - (endHoursAgo + 1) * HOUR) });
    const nurse = await app.login('nurse');
    const socket = app.connectLive(nurse.token);
    const seen: AlertTransition[] = [];
    socket.on('alert', (t) => seen.push(t));
    await new Promise((r) => socket.emit('subscribe', { wardId: 'W-DEMO' }, r));
    const gaps = () => seen.filter((t) => t.alert.patientId === pid && t.alert.rule === 'data_gap');

    const physician = await app.login('physician');
    const set = await app.request('POST', `/api/patients/${pid}/thresholds`, { token: physician.token, body: { values: { urineGapH: 0.005 }, reason: 'test: 18 s urine interval' } });
    expect(set.status).toBe(201);
    const start = Date.now();
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [urine(`gap-${kind}-1`, 3.5, start)] });
    const raised = await expectEventually(() => {
      const r = gaps().find((t) => t.type === 'raised');
      expect(r).toBeDefined();
      return r!;
    }, 40_000);
    // 18 s after the urine arrived, on the wall clock: not 18 s after the hour it describes (3.5 h ago).
    expect(Date.parse(raised.at)).toBeGreaterThanOrEqual(start + 17_000);

    const arrival = Date.now();
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [urine(`gap-${kind}-2`, 2, arrival), urine(`gap-${kind}-3`, 2.5, arrival)] });
    const back = await expectEventually(() => {
      const r = gaps().find((t) => t.type === 'updated' && Date.parse(t.at) >= arrival - 1000);
      expect(r).toBeDefined();
      return r!;
    }, 20_000);
    expect(back.alert.id).toBe(raised.alert.id);
    expect(back.alert.message).toContain('urine output back');
    // Two readings in one batch are one arrival: still open.
    await app.running.app.get(RulesService).idle();
    expect(gaps().some((t) => t.type === 'resolved')).toBe(false);

    // Arrival is the engine's clock, which the service moves on each tick (200 ms here): the next urine
    // must arrive at a later tick than the batch to be a second arrival.
    await new Promise((r) => setTimeout(r, 1000));
    const next = Date.now();
    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [urine(`gap-${kind}-4`, 1.5, next)] });
    const resolved = await expectEventually(() => {
      const r = gaps().find((t) => t.type === 'resolved');
      expect(r).toBeDefined();
      return r!;
    }, 20_000);
    expect(resolved.alert.id).toBe(raised.alert.id);
    // Resolved when the urine arrived, not at its effective time 1.5 h ago.
    expect(Date.parse(resolved.at)).toBeGreaterThanOrEqual(next - 1000);

    await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [urine(`gap-${kind}-5`, 1, Date.now())] });
    await app.running.app.get(RulesService).idle();
    // One alert: raised once, resolved once (re-statements in between are `updated`).
    expect(gaps().filter((t) => t.type !== 'updated').map((t) => t.type)).toEqual(['raised', 'resolved']);
  }, 90_000);
});
