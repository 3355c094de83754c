import type { SubscribeAck, VitalsSnapshot } from '@vigil/contracts';
import { startThrowawayRedis } from '@vigil/testing';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type LiveClient, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';

const subscribe = (socket: LiveClient, wardId: string) => new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', { wardId }, resolve));

// Two nodes need one database server (embedded PGlite belongs to one process). CI sets TEST_DATABASE_URL
// and installs redis-server.
const withServer = databaseKinds.includes('postgresql');

/** REDIS_URL (issue 21): what one node broadcasts reaches the dashboards connected to another. */
(withServer ? describe : describe.skip)('socket fan-out through Redis between two nodes (needs TEST_DATABASE_URL and redis-server)', () => {
  let redis: Awaited<ReturnType<typeof startThrowawayRedis>>;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    a = await startTestApp('postgresql', { REDIS_URL: redis.url });
    b = await startTestApp('postgresql', { REDIS_URL: redis.url }, a.db);
  }, 120_000);
  afterAll(async () => {
    await b?.close({ keepDatabase: true });
    await a?.close();
    await redis?.stop();
  }, 60_000);

  it('vitals posted to node A reach a ward screen on node B, and a subscriber on A sees them once', async () => {
    const { token } = await b.login('nurse');
    const onB = b.connectLive(token);
    const onA = a.connectLive(token);
    const gotB: VitalsSnapshot[] = [];
    const gotA: VitalsSnapshot[] = [];
    onB.on('vitals', (batch) => gotB.push(...batch));
    onA.on('vitals', (batch) => gotA.push(...batch));
    expect((await subscribe(onB, 'W-DEMO')).ok).toBe(true);
    expect((await subscribe(onA, 'W-DEMO')).ok).toBe(true);
    const time = new Date(Date.now() - 1000).toISOString();
    const res = await a.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [{ id: 'fan-out-1', patientId: 'P-DEMO-01', time, type: 'vitals', hr: 97, sbp: 121, dbp: 70, map: 87, method: 'nibp' }] });
    expect(res.status).toBe(202);
    await expectEventually(() => expect(gotB.map((v) => [v.patientId, v.hr, v.time])).toEqual([['P-DEMO-01', 97, time]]), 10_000);
    await expectEventually(() => expect(gotA.map((v) => v.hr)).toEqual([97]), 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(gotB).toHaveLength(1);
    expect(gotA).toHaveLength(1);
  }, 60_000);

  it('refuses to start when Redis cannot be reached, naming REDIS_URL without its password', async () => {
    await expect(startTestApp('postgresql', { REDIS_URL: 'redis://:hunter2-secret@127.0.0.1:1' }, a.db)).rejects.toThrow(/cannot connect to REDIS_URL \(redis:\/\/:\*\*\*@127\.0\.0\.1:1\)/);
  }, 60_000);
});
