import type { AlertTransition, SubscribeAck } from '@vigil/contracts';
import { startThrowawayRedis } from '@vigil/testing';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type LiveClient, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';
import { offlineAlerts } from './support/offline-alerts';
import { ClusterRulesService } from '../src/cluster/cluster-rules.service';
import { AlertTransitionsRepository } from '../src/alerts/alert-transitions.repository';
import { PartitionFencedError, RulePartitionsRepository } from '../src/cluster/rule-partitions.repository';
import { partitionOf } from '../src/cluster/partition-of';
import { PRISMA } from '../src/database/prisma.token';
import type { PrismaClient } from '../src/prisma/generated/client';

const subscribe = (socket: LiveClient, wardId: string, since?: number) => new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', { wardId, since }, resolve));

const PATIENTS = ['P-DEMO-01', 'P-DEMO-02', 'P-DEMO-03', 'P-DEMO-04', 'P-DEMO-05', 'P-DEMO-06'];
const PARTITIONS = 8;

/** NIBP every 30 s for the demo beds, each dipping below 90 and recovering, ending at `end`. */
function traffic(tag: string, end: number, steps = 20) {
  const events = [];
  for (let step = 0; step <= steps; step++) {
    const time = new Date(end - (steps - step) * 30_000).toISOString();
    for (const [i, patientId] of PATIENTS.entries()) {
      const low = (step + i * 3) % 10 < 5;
      events.push({ id: `${tag}-${patientId}-${step}`, patientId, time, type: 'vitals', sbp: low ? 82 : 118, dbp: low ? 48 : 72, map: low ? 59 : 87, method: 'nibp' });
    }
  }
  return events;
}

const withServer = databaseKinds.includes('postgresql');

/**
 * Issue 21: two nodes in cluster mode on one PostgreSQL and one Redis. Each partition's rules run on
 * one node; ingest on either reaches the owner through the log; a socket on either sees every
 * transition; a node leaving hands its partitions over; a node that lost a partition cannot write for it.
 */
(withServer ? describe : describe.skip)('cluster mode: partitioned rules on two nodes (needs TEST_DATABASE_URL and redis-server)', () => {
  let redis: Awaited<ReturnType<typeof startThrowawayRedis>>;
  let a: TestApp;
  let b: TestApp;
  const cluster = { VIGIL_CLUSTER: '1', VIGIL_PARTITIONS: String(PARTITIONS), VIGIL_CLOCK: 'events', VIGIL_BALANCE_MS: '200', VIGIL_TAIL_POLL_MS: '100' };
  const rulesOf = (app: TestApp) => app.running.app.get(ClusterRulesService);
  const prismaOf = (app: TestApp) => app.running.app.get<PrismaClient>(PRISMA);

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    a = await startTestApp('postgresql', { ...cluster, REDIS_URL: redis.url, VIGIL_NODE_ID: 'node-a' });
    b = await startTestApp('postgresql', { ...cluster, REDIS_URL: redis.url, VIGIL_NODE_ID: 'node-b' }, a.db);
  }, 180_000);
  afterAll(async () => {
    await b?.close({ keepDatabase: true });
    await a?.close();
    await redis?.stop();
  }, 60_000);

  it('shares the partitions out, evaluates events posted to either node once, and every socket sees every transition', async () => {
    await expectEventually(() => {
      expect(rulesOf(a).owned().length).toBe(PARTITIONS / 2);
      expect(rulesOf(b).owned().length).toBe(PARTITIONS / 2);
    }, 20_000);
    expect(new Set([...rulesOf(a).owned(), ...rulesOf(b).owned()]).size).toBe(PARTITIONS);
    const { token } = await b.login('nurse');
    const onB = b.connectLive(token);
    const seen: AlertTransition[] = [];
    onB.on('alert', (t) => seen.push(t));
    const start = await subscribe(onB, 'W-DEMO');
    if (!start.ok) throw new Error(start.message);

    const events = traffic('two-nodes', Date.now() - 60_000);
    for (let i = 0; i < events.length; i += 6) {
      const node = (i / 6) % 2 === 0 ? a : b;
      expect((await node.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: events.slice(i, i + 6) })).status).toBe(202);
    }
    const prisma = prismaOf(a);
    await expectEventually(async () => {
      await Promise.all([rulesOf(a).idle(), rulesOf(b).idle()]);
      const expected = await offlineAlerts(prisma);
      const rows = await prisma.alert.findMany({ select: { id: true, state: true, severity: true, rule: true } });
      expect(Object.fromEntries(rows.map((r) => [r.id, `${r.rule} ${r.severity} ${r.state}`]))).toEqual(Object.fromEntries([...expected.values()].map((t) => [t.alert.id, `${t.alert.rule} ${t.alert.severity} ${t.alert.state}`])));
      expect(rows.length).toBeGreaterThanOrEqual(PATIENTS.length);
    }, 20_000, 250);
    // Each alert raised once, by the node owning its patient.
    const raised = await prisma.alertEvent.groupBy({ by: ['alertId'], where: { type: 'raised' }, _count: { _all: true } });
    expect(raised.filter((r) => r._count._all > 1)).toEqual([]);
    const owners = new Set(PATIENTS.map((p) => partitionOf(p, PARTITIONS)));
    expect([...owners].some((p) => rulesOf(a).owned().includes(p)) && [...owners].some((p) => rulesOf(b).owned().includes(p))).toBe(true);
    // The socket on B got every ward transition, from both nodes' partitions, in seq order.
    const stored = (await prisma.alertEvent.findMany({ where: { wardId: 'W-DEMO', seq: { gt: BigInt(start.seq) } }, orderBy: { seq: 'asc' }, select: { seq: true } })).map((r) => Number(r.seq));
    await expectEventually(() => expect([...new Set(seen.map((t) => t.seq))].sort((x, y) => x - y)).toEqual(stored), 10_000);
  }, 120_000);

  it('answers NEWS2, the thresholds in force and the dose schedule on a node that does not own the patient, as the owner derives them', async () => {
    const physician = await a.login('physician');
    const token = physician.token;
    const ownedByA = PATIENTS.find((p) => rulesOf(a).ownsPatient(p))!;
    const ownedByB = PATIENTS.find((p) => rulesOf(b).ownsPatient(p))!;
    expect(ownedByA && ownedByB).toBeTruthy();
    // Full vitals for both (NEWS2 from every term), each posted to the node that does not own it.
    const time = new Date(Date.now() - 30_000).toISOString();
    const vitals = (patientId: string) => ({ id: `derived-${patientId}`, patientId, time, type: 'vitals', sbp: 98, dbp: 60, map: 73, hr: 118, rr: 24, spo2: 93, temp: 38.6, method: 'nibp' });
    expect((await b.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [vitals(ownedByA)] })).status).toBe(202);
    expect((await a.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [vitals(ownedByB)] })).status).toBe(202);
    // A patient's own thresholds, changed on the node that does not own it, and a ward-wide change,
    // which reaches the patients of every partition.
    expect((await b.request('POST', `/api/patients/${ownedByA}/thresholds`, { token, body: { values: { sbpLow: 95 }, reason: 'cluster test: patient' } })).status).toBe(201);
    expect((await a.request('POST', '/api/wards/W-DEMO/thresholds', { token, body: { values: { mapLow: 70 }, reason: 'cluster test: ward' } })).status).toBe(201);

    const view = async (node: TestApp, patientId: string) => {
      const patient = await node.request('GET', `/api/patients/${patientId}`, { token });
      const thresholds = await node.request('GET', `/api/patients/${patientId}/thresholds`, { token });
      const tile = (await node.request('GET', '/api/wards/W-DEMO/patients', { token })).body.find((t: { id: string }) => t.id === patientId);
      return { news2: patient.body.news2, tileNews2: tile?.news2, dose: patient.body.dose, sbpLow: thresholds.body.inForce.values.sbpLow, mapLow: thresholds.body.inForce.values.mapLow };
    };
    await expectEventually(async () => {
      await Promise.all([rulesOf(a).idle(), rulesOf(b).idle()]);
      for (const [owner, other, patientId, sbpLow] of [[a, b, ownedByA, 95], [b, a, ownedByB, 90]] as const) {
        const there = await view(owner, patientId);
        expect(there).toMatchObject({ sbpLow, mapLow: 70 });
        expect(there.news2).toBeGreaterThanOrEqual(7);
        expect(there.tileNews2).toBe(there.news2);
        // The node that does not own the patient answers the same.
        expect(await view(other, patientId)).toEqual(there);
      }
    }, 20_000, 250);
  }, 90_000);

  it('acknowledges on a node that does not own the alert: the owner evaluates it and the answer comes back', async () => {
    const prisma = prismaOf(a);
    const open = await prisma.alert.findMany({ where: { state: { in: ['active', 'pending'] } } });
    const target = open.find((al) => rulesOf(a).ownsPatient(al.patientId));
    expect(target).toBeDefined();
    const physician = await b.login('physician');
    const res = await b.request('POST', `/api/alerts/${encodeURIComponent(target!.id)}/acknowledge`, { token: physician.token, body: { note: 'seen from node b' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: target!.id, state: 'acknowledged', acknowledgedBy: 'physician' });
  }, 60_000);

  it('refuses a transition from a node whose partition was taken over (fencing epoch), writing nothing', async () => {
    const prisma = prismaOf(a);
    const p = rulesOf(a).owned()[0];
    const row = await prisma.rulePartition.findUniqueOrThrow({ where: { partition: p } });
    const transition = (await offlineAlerts(prisma)).values().next().value!;
    const before = await prisma.alertEvent.count();
    // Another node's claim moves the epoch on; a write under the old one is refused.
    const intruder = await new RulePartitionsRepository(prisma).claim(p, 'intruder');
    expect(intruder.epoch).toBe(row.epoch + 1n);
    await expect(a.running.app.get(AlertTransitionsRepository).persist([transition], { partition: p, epoch: row.epoch })).rejects.toBeInstanceOf(PartitionFencedError);
    expect(await prisma.alertEvent.count()).toBe(before);
    await expect(new RulePartitionsRepository(prisma).writeSnapshot(p, row.epoch, 1n, '{}')).rejects.toBeInstanceOf(PartitionFencedError);
  }, 60_000);

  it('a node leaving hands its partitions over; the other evaluates everything after, once', async () => {
    await a.close({ keepDatabase: true });
    await expectEventually(() => expect(rulesOf(b).owned().length).toBe(PARTITIONS), 15_000);
    const events = traffic('after-leave', Date.now() - 1_000, 10);
    expect((await b.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: events })).status).toBe(202);
    const prisma = prismaOf(b);
    await expectEventually(async () => {
      await rulesOf(b).idle();
      const expected = await offlineAlerts(prisma);
      const rows = await prisma.alert.findMany({ select: { id: true, state: true, severity: true } });
      expect(Object.fromEntries(rows.map((r) => [r.id, `${r.severity} ${r.state}`]))).toEqual(Object.fromEntries([...expected.values()].map((t) => [t.alert.id, `${t.alert.severity} ${t.alert.state}`])));
    }, 20_000, 250);
    const raised = await prisma.alertEvent.groupBy({ by: ['alertId'], where: { type: 'raised' }, _count: { _all: true } });
    expect(raised.filter((r) => r._count._all > 1)).toEqual([]);
  }, 90_000);
});
