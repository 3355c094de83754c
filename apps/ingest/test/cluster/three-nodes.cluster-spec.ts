import { writeFileSync } from 'node:fs';
import { connect, type Socket as TcpSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { AlertTransition, SubscribeAck } from '@vigil/contracts';
import { startService, startThrowawayPostgres, startThrowawayRedis, type ServiceProcess } from '@vigil/testing';
import { openDatabase, type DatabaseConnection } from '../../src/database/database-connection';
import { AdvisoryKeys } from '../../src/cluster/advisory-keys';
import { offlineAlerts } from '../support/offline-alerts';
import { expectEventually } from '../support/expect-eventually';

/**
 * Issue 21, "done when": PostgreSQL, Redis and three Vigil nodes as real processes; load through
 * HTTP and MLLP on all three; one node killed with SIGKILL mid-load. Every acknowledged event is
 * evaluated exactly once into the alerts an offline replay of the stored log gives, no alert is
 * raised twice, the dead node's partitions are taken over within 10 s, a dashboard on a surviving
 * node gets every transition (by seq), and the dead node's dashboard reconnects elsewhere and
 * catches up. `npm run test:cluster`.
 */
const SECRET = 'cluster-test-secret-cluster-test-secret';
const DEVICE_KEY = 'demo-device-key';
const PARTITIONS = 64;
const PATIENTS = Array.from({ length: 24 }, (_, i) => `C-${String(i + 1).padStart(2, '0')}`);
const STEPS = 60;
const KILL_AT_STEP = 24;
// Whole seconds: HL7 times carry no milliseconds.
const T0 = Math.floor(Date.now() / 1000) * 1000 - 4 * 3_600_000;

const VT = '\x0b';
const FS = '\x1c';
const CR = '\r';

const timeAt = (step: number) => new Date(T0 + step * 30_000);
const hl7Time = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
/** SBP of a patient at a step: dips below 90 for a while, patient by patient out of phase. */
const sbpOf = (p: number, step: number) => ((step + p * 3) % 14 < 6 ? 82 : 121);

function oru(controlId: string, patientId: string, sbp: number, at: Date) {
  const t = hl7Time(at);
  return [
    `MSH|^~\\&|MONITOR|ONC4|VIGIL|HOSP|${t}||ORU^R01^ORU_R01|${controlId}|P|2.6`,
    `PID|||${patientId}^^^HOSP^MR||Cluster^Test`,
    `OBR|1|||182777000^monitoring of patient^SNOMED-CT|||${t}`,
    `OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC||${sbp}|266016^MDC_DIM_MMHG^MDC|||||F|||${t}`,
    `OBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC||${sbp < 90 ? 48 : 72}|266016^MDC_DIM_MMHG^MDC|||||F|||${t}`,
    `OBX|3|NM|147842^MDC_ECG_HEART_RATE^MDC||${sbp < 90 ? 118 : 84}|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||F|||${t}`,
  ].join(CR);
}

/** An MLLP connection that sends one message at a time and resolves with its MSA-1. */
class MllpClient {
  private buffer = '';
  private waiting: ((ack: string) => void) | null = null;
  private failed: ((e: Error) => void) | null = null;
  private constructor(private readonly socket: TcpSocket) {
    socket.on('data', (d) => {
      this.buffer += d.toString('utf8');
      const end = this.buffer.indexOf(FS + CR);
      if (end < 0) return;
      const message = this.buffer.slice(this.buffer.indexOf(VT) + 1, end);
      this.buffer = this.buffer.slice(end + 2);
      const msa = message.split(CR).find((s) => s.startsWith('MSA'))?.split('|')[1] ?? '';
      this.waiting?.(msa);
    });
    const fail = () => this.failed?.(new Error('connection closed'));
    socket.on('close', fail);
    socket.on('error', fail);
  }
  static open(port: number): Promise<MllpClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new MllpClient(s)));
      s.once('error', reject);
    });
  }
  send(message: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ACK in 20 s')), 20_000);
      this.waiting = (ack) => (clearTimeout(timer), resolve(ack));
      this.failed = (e) => (clearTimeout(timer), reject(e));
      this.socket.write(`${VT}${message}${FS}${CR}`);
    });
  }
  close() {
    this.socket.destroy();
  }
}

async function post(node: ServiceProcess, events: unknown[]): Promise<number> {
  const res = await fetch(`${node.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': DEVICE_KEY }, body: JSON.stringify(events) });
  await res.text();
  return res.status;
}

async function login(node: ServiceProcess, username: string): Promise<string> {
  const res = await fetch(`${node.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'vigil-demo' }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** A ward screen: subscribes, records every transition's seq; `since` resumes after a reconnect. */
async function wardScreen(node: ServiceProcess, token: string, since?: number): Promise<{ socket: Socket; start: number; seqs: Set<number> }> {
  const socket = io(`${node.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const seqs = new Set<number>();
  socket.on('alert', (t: AlertTransition) => seqs.add(t.seq));
  await new Promise<void>((resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)));
  const ack = await new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', { wardId: 'W-DEMO', since }, resolve));
  if (!ack.ok) throw new Error(ack.message);
  for (const t of ack.missed) seqs.add(t.seq);
  return { socket, start: ack.seq, seqs };
}

describe('three Vigil nodes, PostgreSQL and Redis as real processes; one node killed mid-load', () => {
  let pg: Awaited<ReturnType<typeof startThrowawayPostgres>>;
  let redis: Awaited<ReturnType<typeof startThrowawayRedis>>;
  let db: DatabaseConnection;
  const nodes: ServiceProcess[] = [];

  beforeAll(async () => {
    pg = await startThrowawayPostgres();
    redis = await startThrowawayRedis();
    const env = (name: string) => ({
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      JWT_SECRET: SECRET,
      VIGIL_CLUSTER: '1',
      VIGIL_NODE_ID: name,
      VIGIL_CLOCK: 'events',
      VIGIL_BALANCE_MS: '250',
      VIGIL_TAIL_POLL_MS: '200',
      MLLP_ADT_PEERS: '127.0.0.1/32',
      LOG_LEVEL: 'log',
    });
    // The first node migrates and seeds the demo ward, users and device key; the others find them.
    nodes.push(await startService(env('node-1'), { timeoutMs: 180_000 }));
    nodes.push(...(await Promise.all([startService(env('node-2'), { timeoutMs: 180_000 }), startService(env('node-3'), { timeoutMs: 180_000 })])));
    db = await openDatabase({ databaseUrl: pg.url, dataDir: 'memory://', migrate: false });
  }, 400_000);

  afterAll(async () => {
    // What each node printed, for a failure's post-mortem.
    nodes.forEach((n, i) => writeFileSync(join(tmpdir(), `vigil-cluster-node-${i + 1}.log`), n.output()));
    await Promise.all(nodes.map((n) => n.stop().catch(() => undefined)));
    await db?.close();
    await redis?.stop();
    pg?.stop();
  }, 60_000);

  const ownersNow = async () =>
    db.prisma.$queryRawUnsafe<{ owner: string; n: bigint }[]>(
      `SELECT r.owner, count(*) AS n FROM pg_locks l JOIN rule_partition r ON r.partition = l.objid::text::int
       WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ${AdvisoryKeys.partition} AND l.objsubid = 2 GROUP BY r.owner ORDER BY r.owner`,
    );

  it('evaluates every acknowledged event exactly once, takes over within 10 s, and keeps every dashboard whole', async () => {
    // Partitions spread over the three nodes.
    await expectEventually(async () => {
      const owners = await ownersNow();
      expect(owners.map((o) => o.owner)).toEqual(['node-1', 'node-2', 'node-3']);
      expect(owners.reduce((s, o) => s + Number(o.n), 0)).toBe(PARTITIONS);
      for (const o of owners) expect(Number(o.n)).toBeGreaterThanOrEqual(20);
    }, 30_000, 250);
    const [n1, n2, n3] = nodes;

    const admits = PATIENTS.map((patientId, i) => ({ id: `cluster-admit-${patientId}`, patientId, time: timeAt(-1).toISOString(), type: 'admit', source: 'test', wardId: 'W-DEMO', bed: `C${i + 1}`, weightKg: 70 }));
    expect(await post(n1, admits)).toBe(202);

    const token = await login(n2, 'nurse');
    const survivor = await wardScreen(n2, token);
    const doomed = await wardScreen(n3, token);
    let resumed: Awaited<ReturnType<typeof wardScreen>> | null = null;
    let doomedMax = 0;
    doomed.socket.on('alert', (t: AlertTransition) => (doomedMax = Math.max(doomedMax, t.seq)));
    const reconnected = new Promise<void>((resolve) => {
      doomed.socket.once('disconnect', () => {
        // The load balancer sends the dashboard to another node; it resumes after the last seq it saw.
        void wardScreen(n1, token, doomedMax).then((s) => {
          resumed = s;
          resolve();
        });
      });
    });

    // Six senders: HTTP and MLLP on each node, four patients each, through the steps in time order.
    const ackedHttp = new Set<string>();
    const ackedMllp = new Set<string>();
    let killedAt = 0;
    let takeoverMs = -1;
    const alive = (i: number) => (i === 2 && killedAt > 0 ? (i + 1) % 2 : i);
    const sender = async (nodeIndex: number, channel: 'http' | 'mllp', patients: string[]) => {
      let mllp: MllpClient | null = null;
      let mllpNode = -1;
      for (let step = 0; step < STEPS; step++) {
        if (nodeIndex === 0 && channel === 'http' && step === KILL_AT_STEP) {
          process.kill(n3.pid, 'SIGKILL');
          killedAt = Date.now();
          console.log(`node-3 killed at ${new Date(killedAt).toISOString()}`);
        }
        const at = timeAt(step);
        if (channel === 'http') {
          const events = patients.map((patientId) => {
            const sbp = sbpOf(PATIENTS.indexOf(patientId), step);
            return { id: `h-${patientId}-${step}`, patientId, time: at.toISOString(), type: 'vitals', sbp, dbp: sbp < 90 ? 48 : 72, map: sbp < 90 ? 59 : 88, hr: sbp < 90 ? 118 : 84, method: 'nibp' };
          });
          for (;;) {
            const target = nodes[alive(nodeIndex)];
            const status = await post(target, events).catch(() => 0);
            if (status === 202) {
              for (const e of events) ackedHttp.add(e.id);
              break;
            }
            await new Promise((r) => setTimeout(r, 100)); // refused or cut: send again (ids make it idempotent)
          }
        } else {
          for (const patientId of patients) {
            const message = oru(`m-${patientId}-${step}`, patientId, sbpOf(PATIENTS.indexOf(patientId), step), at);
            for (;;) {
              try {
                if (!mllp || mllpNode !== alive(nodeIndex)) {
                  mllp?.close();
                  mllpNode = alive(nodeIndex);
                  mllp = await MllpClient.open(nodes[mllpNode].mllpPort);
                }
                if ((await mllp.send(message)) === 'AA') {
                  ackedMllp.add(`${patientId}|${at.toISOString()}`);
                  break;
                }
              } catch {
                mllp?.close();
                mllp = null;
                await new Promise((r) => setTimeout(r, 100));
              }
            }
          }
        }
      }
      mllp?.close();
    };
    const watchTakeover = (async () => {
      while (killedAt === 0) await new Promise((r) => setTimeout(r, 20));
      for (;;) {
        const owners = await ownersNow();
        if (owners.every((o) => o.owner !== 'node-3') && owners.reduce((s, o) => s + Number(o.n), 0) === PARTITIONS) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      takeoverMs = Date.now() - killedAt;
    })();
    await Promise.all(
      [0, 1, 2].flatMap((n) => [sender(n, 'http', PATIENTS.slice(n * 8, n * 8 + 4)), sender(n, 'mllp', PATIENTS.slice(n * 8 + 4, n * 8 + 8))]),
    );
    await watchTakeover;
    console.log(`cluster test: ${ackedHttp.size} HTTP and ${ackedMllp.size} MLLP events acknowledged; node-3 killed at step ${KILL_AT_STEP}; partitions taken over in ${takeoverMs} ms`);
    expect(takeoverMs).toBeGreaterThanOrEqual(0);
    expect(takeoverMs).toBeLessThan(10_000);
    expect(ackedHttp.size).toBe(12 * STEPS);
    expect(ackedMllp.size).toBe(12 * STEPS);

    // Every acknowledged event is in the log.
    const stored = await db.prisma.clinicalEvent.findMany({ where: { type: 'vitals' }, select: { id: true, patientId: true, time: true, channel: true } });
    const storedIds = new Set(stored.map((e) => e.id));
    expect([...ackedHttp].filter((id) => !storedIds.has(id))).toEqual([]);
    const storedMllp = new Set(stored.filter((e) => e.channel === 'mllp').map((e) => `${e.patientId}|${e.time.toISOString()}`));
    expect([...ackedMllp].filter((k) => !storedMllp.has(k))).toEqual([]);

    // Evaluated exactly once: the alerts are those an offline replay of the stored log gives, none raised twice.
    await expectEventually(async () => {
      const expected = await offlineAlerts(db.prisma);
      const rows = await db.prisma.alert.findMany({ select: { id: true, rule: true, severity: true, state: true } });
      expect(Object.fromEntries(rows.map((r) => [r.id, `${r.rule} ${r.severity} ${r.state}`]))).toEqual(Object.fromEntries([...expected.values()].map((t) => [t.alert.id, `${t.alert.rule} ${t.alert.severity} ${t.alert.state}`])));
      expect(rows.length).toBeGreaterThanOrEqual(PATIENTS.length);
    }, 30_000, 500);
    const raised = await db.prisma.alertEvent.groupBy({ by: ['alertId'], where: { type: 'raised' }, _count: { _all: true } });
    expect(raised.filter((r) => r._count._all > 1)).toEqual([]);

    // The survivor's dashboard has every ward transition after it subscribed; the dead node's resumed elsewhere and has them too.
    await reconnected;
    const ward = async (after: number) => (await db.prisma.alertEvent.findMany({ where: { wardId: 'W-DEMO', seq: { gt: BigInt(after) } }, orderBy: { seq: 'asc' }, select: { seq: true } })).map((r) => Number(r.seq));
    const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
    await expectEventually(async () => expect(sorted(survivor.seqs)).toEqual(await ward(survivor.start)), 10_000);
    await expectEventually(async () => expect(sorted(new Set([...doomed.seqs, ...resumed!.seqs]))).toEqual(await ward(doomed.start)), 10_000);
    expect(resumed!.seqs.size).toBeGreaterThan(0);
    survivor.socket.disconnect();
    resumed!.socket.disconnect();
  }, 600_000);
});
