/**
 * `npm run bench:cluster`: Vigil in single-node mode (the baseline: no VIGIL_CLUSTER, no Redis), then
 * 1, 2 and 3 nodes in cluster mode (one PostgreSQL, one Redis, each node its own process), in one
 * run (BENCH_NODES, default `single,1,2,3`). For each setup, BENCH_ROUNDS windows of BENCH_SECONDS:
 * events/s acknowledged by HTTP senders spread over every node (closed loop), and meanwhile the
 * latency from POSTing a probe (a new patient's low blood pressure, on a node chosen in turn) to its
 * alert at a dashboard socket on the last node (p50, p99); medians over the windows. From 2 nodes
 * up, one node is then killed with SIGKILL and the time until the survivors own its partitions is
 * measured. PostgreSQL: BENCH_DATABASE_URL or a throwaway server; Redis a throwaway one.
 */
import { Client } from 'pg';
import { io } from 'socket.io-client';
import type { AlertTransition } from '@vigil/contracts';
import { startService, startThrowawayRedis, type ServiceProcess } from '@vigil/testing';
import { pgConfigFromUrl } from '../src/database/database-connection';
import { AdvisoryKeys } from '../src/cluster/advisory-keys';
import { percentile } from './http-load';
import { benchPostgres, freshDatabase, load1, machineLine, median } from './bench-harness';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SETUPS = (process.env['BENCH_NODES'] ?? 'single,1,2,3').split(',').map((s) => (s.trim() === 'single' ? 0 : Number(s)));
const PATIENTS = 200;
const PROBES = 2_000;
const SENDERS_PER_NODE = 3;
const BATCH = 20;
const SECRET = 'bench-secret-bench-secret-bench';

async function post(url: string, body: unknown): Promise<boolean> {
  const r = await fetch(`${url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'demo-device-key' }, body: JSON.stringify(body) }).catch(() => null);
  if (!r) return false;
  await r.text();
  return r.status === 202;
}

/** Partition locks held, by rule_partition.owner. */
async function owners(db: Client): Promise<Map<string, number>> {
  const r = await db.query<{ owner: string; n: string }>(
    `SELECT r.owner, count(*) AS n FROM pg_locks l JOIN rule_partition r ON r.partition = l.objid::text::int
     WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objsubid = 2
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) GROUP BY r.owner`,
    [AdvisoryKeys.partition],
  );
  return new Map(r.rows.map((row) => [row.owner, Number(row.n)]));
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Window {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  probes: number;
  received: number;
  load: number;
}

/** `n` cluster nodes, or with n = 0 one node in single-node mode. */
async function runSetup(n: number, pgUrl: string) {
  const cluster = n > 0;
  const count = Math.max(1, n);
  const redis = cluster ? await startThrowawayRedis() : null;
  const dbUrl = await freshDatabase(pgUrl, `vigil_cluster_bench_${n}`);
  const env = (i: number): Record<string, string> => ({
    DATABASE_URL: dbUrl,
    JWT_SECRET: SECRET,
    LOG_LEVEL: 'error',
    DASHBOARD_DIR: '',
    ...(redis ? { REDIS_URL: redis.url, VIGIL_CLUSTER: '1', VIGIL_NODE_ID: `node-${i}` } : {}),
  });
  const nodes: ServiceProcess[] = [await startService(env(1), { timeoutMs: 300_000 })];
  nodes.push(...(await Promise.all(Array.from({ length: count - 1 }, (_, i) => startService(env(i + 2), { timeoutMs: 300_000 })))));
  const db = new Client(pgConfigFromUrl(dbUrl));
  await db.connect();
  try {
    if (cluster)
      await until('the partitions to spread', async () => {
        const o = await owners(db);
        // Each node aims for ceil(64 / n): with 3 nodes the last to settle holds 64 - 2 × 22 = 20.
        return o.size === n && [...o.values()].reduce((a, b) => a + b, 0) === 64 && [...o.values()].every((c) => c >= 64 - (n - 1) * Math.ceil(64 / n));
      });
    const admitAt = new Date(Date.now() - 3_600_000).toISOString();
    const admits = Array.from({ length: PATIENTS }, (_, i) => ({ id: `cb-admit-${i}`, patientId: `CB-${i}`, time: admitAt, type: 'admit', wardId: 'W-DEMO', bed: `B${i}`, weightKg: 70 }));
    const probes = Array.from({ length: PROBES }, (_, i) => ({ id: `cb-admit-probe-${i}`, patientId: `PR-${i}`, time: admitAt, type: 'admit', wardId: 'W-DEMO', bed: `PR${i}`, weightKg: 70 }));
    if (!(await post(nodes[0].url, [...admits, ...probes]))) throw new Error('admissions refused');

    // The dashboard watches from the last node; probes are posted to every node in turn.
    const login = (await (await fetch(`${nodes[count - 1].url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nurse', password: 'vigil-demo' }) })).json()) as { token: string };
    const socket = io(`${nodes[count - 1].url}/live`, { auth: { token: login.token }, transports: ['websocket'], forceNew: true });
    const arrived = new Map<string, number>();
    socket.on('alert', (t: AlertTransition) => {
      if (t.alert.patientId.startsWith('PR-') && !arrived.has(t.alert.patientId)) arrived.set(t.alert.patientId, performance.now());
    });
    await new Promise<void>((resolve) => socket.emit('subscribe', { wardId: 'W-DEMO' }, () => resolve()));

    let nextProbe = 0;
    let batches = 0;
    const window = async (): Promise<Window> => {
      let acked = 0;
      let stop = false;
      const sender = async (node: ServiceProcess, k: number) => {
        while (!stop) {
          const b = batches++;
          const time = new Date().toISOString();
          const events = Array.from({ length: BATCH }, (_, j) => {
            const p = (k * 7 + b * BATCH + j) % PATIENTS;
            return { id: `cb-${node.pid}-${k}-${b}-${j}`, patientId: `CB-${p}`, time, type: 'vitals', sbp: 120, dbp: 75, map: 90, hr: 80, spo2: 97, rr: 16, method: 'nibp' };
          });
          if (await post(node.url, events)) acked += events.length;
        }
      };
      const sent = new Map<string, number>();
      const prober = async () => {
        while (!stop && nextProbe < PROBES) {
          const i = nextProbe++;
          const patientId = `PR-${i}`;
          sent.set(patientId, performance.now());
          await post(nodes[i % count].url, [{ id: `cb-probe-${i}`, patientId, time: new Date().toISOString(), type: 'vitals', sbp: 68, dbp: 40, map: 49, hr: 125, method: 'nibp' }]);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      const t0 = performance.now();
      const running = [...nodes.flatMap((node) => Array.from({ length: SENDERS_PER_NODE }, (_, k) => sender(node, k))), prober()];
      await new Promise((r) => setTimeout(r, SECONDS * 1000));
      const load = load1();
      stop = true;
      await Promise.all(running);
      const seconds = (performance.now() - t0) / 1000;
      // Let the last probes' alerts arrive before the next window loads the nodes again.
      await until('the probes\' alerts', async () => [...sent.keys()].every((p) => arrived.has(p)), 10_000).catch(() => undefined);
      const latencies = [...sent].flatMap(([p, at]) => (arrived.has(p) ? [arrived.get(p)! - at] : [])).sort((a, b) => a - b);
      return { eventsPerSecond: acked / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), probes: sent.size, received: latencies.length, load };
    };
    const windows: Window[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const w = await window();
      windows.push(w);
      console.error(`  ${label(n)} window ${r + 1}: ${Math.round(w.eventsPerSecond)} events/s, probe p50 ${w.p50.toFixed(0)} ms p99 ${w.p99.toFixed(0)} ms (${w.received}/${w.probes}), load ${w.load.toFixed(1)}`);
    }
    socket.disconnect();

    let takeoverMs: number | undefined;
    if (n >= 2) {
      const victim = nodes[n - 1];
      process.kill(victim.pid, 'SIGKILL');
      const killed = performance.now();
      await until('the survivors to own every partition', async () => {
        const o = await owners(db);
        return !o.has(`node-${n}`) && [...o.values()].reduce((a, b) => a + b, 0) === 64;
      });
      takeoverMs = Math.round(performance.now() - killed);
    }
    return {
      eventsPerSecond: median(windows.map((w) => w.eventsPerSecond)),
      p50: median(windows.map((w) => w.p50)),
      p99: median(windows.map((w) => w.p99)),
      received: windows.reduce((a, w) => a + w.received, 0),
      probes: windows.reduce((a, w) => a + w.probes, 0),
      loads: windows.map((w) => w.load),
      takeoverMs,
    };
  } finally {
    await db.end();
    await Promise.all(nodes.map((node) => node.stop().catch(() => undefined)));
    await redis?.stop();
  }
}

const label = (n: number) => (n === 0 ? 'single-node mode' : `${n} node${n > 1 ? 's' : ''}`);

async function main() {
  const pg = await benchPostgres();
  try {
    console.log(`bench:cluster: ${machineLine()}; ${ROUNDS} windows of ${SECONDS} s per setup, ${SENDERS_PER_NODE} HTTP senders per node, batches of ${BATCH}; PostgreSQL ${pg.throwaway ? 'throwaway' : 'given'}`);
    const results: { n: number; r: Awaited<ReturnType<typeof runSetup>> }[] = [];
    for (const n of SETUPS) results.push({ n, r: await runSetup(n, pg.url) });
    const base = results[0];
    console.log(`\n| setup | events/s (median) | vs ${label(base.n)} | probe p50 ms | probe p99 ms | probes received | load average (1 min) per window | takeover after SIGKILL |`);
    console.log('|---|---|---|---|---|---|---|---|');
    for (const { n, r } of results)
      console.log(
        `| ${label(n)} | ${Math.round(r.eventsPerSecond).toLocaleString('en')} | ${(r.eventsPerSecond / base.r.eventsPerSecond).toFixed(2)}× | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.received}/${r.probes} | ${r.loads.map((l) => l.toFixed(1)).join(', ')} | ${r.takeoverMs === undefined ? '-' : `${r.takeoverMs} ms`} |`,
      );
    console.log(`\nafter the run: ${machineLine()}`);
  } finally {
    pg.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
