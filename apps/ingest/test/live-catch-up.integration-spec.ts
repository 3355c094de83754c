import type { AlertTransition, SubscribeAck } from '@vigil/contracts';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type LiveClient, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';
import { UsersService } from '../src/auth/users.service';

const subscribe = (socket: LiveClient, wardId: string, since?: number) =>
  new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', { wardId, since }, resolve));

/** Ten minutes of NIBP readings every 30 s for three beds, each dipping below 90 and recovering. */
function tenMinutesOfTraffic(tag: string, end: number) {
  const events = [];
  for (let step = 0; step <= 20; step++) {
    const time = new Date(end - (20 - step) * 30_000).toISOString();
    for (const [i, patientId] of ['P-DEMO-01', 'P-DEMO-02', 'P-DEMO-04'].entries()) {
      const low = (step + i * 3) % 10 < 5;
      events.push({ id: `${tag}-${patientId}-${step}`, patientId, time, type: 'vitals', sbp: low ? 82 : 118, dbp: low ? 48 : 72, map: low ? 59 : 87, method: 'nibp' });
    }
  }
  return events;
}

describe.each(databaseKinds)('live stream catch-up and acknowledgement races on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
    await app.running.app.get(UsersService).upsert({ id: 'u-physician-2', username: 'physician2', displayName: 'Second Physician', role: 'physician', wardIds: ['W-DEMO'], password: 'vigil-demo' });
  }, 60_000);
  afterAll(() => app?.close(), 30_000);

  it('a client away for ten minutes of traffic gets every missed transition once, in order, from the database', async () => {
    const { token } = await app.login('nurse');
    const watcher = app.connectLive(token);
    const live: AlertTransition[] = [];
    watcher.on('alert', (t) => live.push(t));
    const start = await subscribe(watcher, 'W-DEMO');
    if (!start.ok) throw new Error(start.message);

    const away = app.connectLive(token);
    const first = await subscribe(away, 'W-DEMO');
    if (!first.ok) throw new Error(first.message);
    const lastSeen = first.seq;
    away.disconnect();

    // Post in small batches, in time order, as a replay would.
    const events = tenMinutesOfTraffic(`catch-${kind}`, Date.now());
    for (let i = 0; i < events.length; i += 6) {
      const res = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: events.slice(i, i + 6) });
      expect(res.status).toBe(202);
    }
    await expectEventually(() => expect(live.filter((t) => t.type === 'raised').length).toBeGreaterThanOrEqual(3), 15_000);
    // Let the last transitions land before comparing.
    await new Promise((r) => setTimeout(r, 1000));

    const back = app.connectLive(token);
    const pushedMeanwhile: AlertTransition[] = [];
    back.on('alert', (t) => pushedMeanwhile.push(t));
    const again = await subscribe(back, 'W-DEMO', lastSeen);
    if (!again.ok) throw new Error(again.message);
    const expected = live.filter((t) => t.seq > lastSeen && t.seq <= again.seq).map((t) => t.seq);
    const missed = again.missed.map((t) => t.seq);
    expect(missed).toEqual(expected);
    expect(new Set(missed).size).toBe(missed.length);
    expect([...missed].sort((a, b) => a - b)).toEqual(missed);
    expect(again.missed.every((t) => t.alert.wardId === 'W-DEMO')).toBe(true);
    // The active list agrees with the stream: every alert whose last transition left it open.
    const open = new Map<string, string>();
    for (const t of live) open.set(t.alert.id, t.alert.state);
    const stillOpen = [...open].filter(([, s]) => s !== 'resolved').map(([id]) => id).sort();
    expect(again.active.map((a) => a.id).sort()).toEqual(stillOpen);
  }, 60_000);

  it('of two physicians acknowledging at once, one wins and the other gets a clear answer', async () => {
    const [a, b] = await Promise.all([app.login('physician'), app.login('physician2')]);
    const res = await app.request('GET', '/api/alerts?wardId=W-DEMO&state=active', { token: a.token });
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    const target = res.body[0].id as string;
    const path = `/api/alerts/${encodeURIComponent(target)}/acknowledge`;
    const results = await Promise.all([app.request('POST', path, { token: a.token, body: { note: 'mine' } }), app.request('POST', path, { token: b.token, body: { note: 'mine too' } })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('ALERT.ALREADY_ACKNOWLEDGED');
    const detail = await app.request('GET', `/api/alerts/${encodeURIComponent(target)}`, { token: a.token });
    expect(detail.body.history.filter((h: { type: string }) => h.type === 'acknowledged')).toHaveLength(1);
  }, 30_000);

  it('keeps nurses and other wards out', async () => {
    const nurse = await app.login('nurse');
    const list = await app.request('GET', '/api/alerts?wardId=W-DEMO', { token: nurse.token });
    const some = list.body[0]?.id as string;
    const ack = await app.request('POST', `/api/alerts/${encodeURIComponent(some)}/acknowledge`, { token: nurse.token, body: {} });
    expect(ack).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });
    const other = await app.request('GET', '/api/alerts?wardId=W-ELSEWHERE', { token: nurse.token });
    expect(other).toMatchObject({ status: 403, body: { code: 'AUTH.WARD_FORBIDDEN' } });
    const anonymous = await app.request('GET', '/api/alerts');
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'AUTH.REQUIRED' } });
  }, 30_000);
});
