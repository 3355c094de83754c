/**
 * `npm run bench:cluster`: 1, 2 and 3 Vigil nodes in cluster mode (one PostgreSQL, one Redis, each node
 * its own process) in one run. For each: events/s acknowledged by HTTP senders spread over every
 * node for BENCH_SECONDS, and meanwhile the latency from POSTing a probe (a new patient's low blood
 * pressure, on a node chosen in turn) to its alert at a dashboard socket on another node (p50, p99).
 * With 3 nodes, one is then killed with SIGKILL and the time until the survivors own its partitions
 * is measured. PostgreSQL is a throwaway server (or BENCH_DATABASE_URL); Redis a throwaway one.
 */
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { io } from 'socket.io-client';
import type { AlertTransition } from '@vigil/contracts';
import { startService, startThrowawayPostgres, startThrowawayRedis, type ServiceProcess } from '@vigil/testing';
import { pgConfigFromUrl } from '../src/database/database-connection';
import { AdvisoryKeys } from '../src/cluster/advisory-keys';
import { percentile } from './http-load';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const NODES = (process.env['BENCH_NODES'] ?? '1,2,3').split(',').map(Number);
const PATIENTS = 200;
const SENDERS_PER_NODE = 3;
const BATCH = 20;
const SECRET = 'bench-secret-bench-secret-bench';

async function post(url: string, body: unknown): Promise<boolean> {
  const r = await fetch(`${url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'demo-device-key' }, body: JSON.stringify(body) }).catch(() => null);
  if (!r) return false;
  await r.text();
  return r.status === 202;
}

async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new Client(pgConfigFromUrl(serverUrl));
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
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

async function runCluster(n: number, pgUrl: string) {
  const redis = await startThrowawayRedis();
  const dbUrl = await freshDatabase(pgUrl, `vigil_cluster_bench_${n}`);
  const env = (i: number) => ({ DATABASE_URL: dbUrl, REDIS_URL: redis.url, JWT_SECRET: SECRET, VIGIL_CLUSTER: '1', VIGIL_NODE_ID: `node-${i}`, LOG_LEVEL: 'error', DASHBOARD_DIR: '' });
  const nodes: ServiceProcess[] = [await startService(env(1), { timeoutMs: 300_000 })];
  nodes.push(...(await Promise.all(Array.from({ length: n - 1 }, (_, i) => startService(env(i + 2), { timeoutMs: 300_000 })))));
  const db = new Client(pgConfigFromUrl(dbUrl));
  await db.connect();
  try {
    await until('the partitions to spread', async () => {
      const o = await owners(db);
      return o.size === n && [...o.values()].reduce((a, b) => a + b, 0) === 64 && [...o.values()].every((c) => c >= Math.floor(64 / n));
    });
    const admitAt = new Date(Date.now() - 3_600_000).toISOString();
    const admits = Array.from({ length: PATIENTS }, (_, i) => ({ id: `cb-admit-${i}`, patientId: `CB-${i}`, time: admitAt, type: 'admit', wardId: 'W-DEMO', bed: `B${i}`, weightKg: 70 }));
    const probes = Array.from({ length: 400 }, (_, i) => ({ id: `cb-admit-probe-${i}`, patientId: `PR-${i}`, time: admitAt, type: 'admit', wardId: 'W-DEMO', bed: `PR${i}`, weightKg: 70 }));
    if (!(await post(nodes[0].url, [...admits, ...probes]))) throw new Error('admissions refused');

    // The dashboard watches from the last node; probes are posted to every node in turn.
    const login = (await (await fetch(`${nodes[n - 1].url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nurse', password: 'vigil-demo' }) })).json()) as { token: string };
    const socket = io(`${nodes[n - 1].url}/live`, { auth: { token: login.token }, transports: ['websocket'], forceNew: true });
    const arrived = new Map<string, number>();
    socket.on('alert', (t: AlertTransition) => {
      if (t.alert.patientId.startsWith('PR-') && !arrived.has(t.alert.patientId)) arrived.set(t.alert.patientId, performance.now());
    });
    await new Promise<void>((resolve) => socket.emit('subscribe', { wardId: 'W-DEMO' }, () => resolve()));

    let acked = 0;
    let stop = false;
    const sender = async (node: ServiceProcess, k: number) => {
      for (let seq = 0; !stop; seq++) {
        const time = new Date().toISOString();
        const events = Array.from({ length: BATCH }, (_, j) => {
          const p = (k * 7 + seq * BATCH + j) % PATIENTS;
          return { id: `cb-${node.pid}-${k}-${seq}-${j}`, patientId: `CB-${p}`, time, type: 'vitals', sbp: 120, dbp: 75, map: 90, hr: 80, spo2: 97, rr: 16, method: 'nibp' };
        });
        if (await post(node.url, events)) acked += events.length;
      }
    };
    const sent = new Map<string, number>();
    const prober = async () => {
      for (let i = 0; !stop && i < 400; i++) {
        const node = nodes[i % n];
        const patientId = `PR-${i}`;
        const t0 = performance.now();
        sent.set(patientId, t0);
        await post(node.url, [{ id: `cb-probe-${i}`, patientId, time: new Date().toISOString(), type: 'vitals', sbp: 68, dbp: 40, map: 49, hr: 125, method: 'nibp' }]);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const t0 = performance.now();
    const running = [...nodes.flatMap((node) => Array.from({ length: SENDERS_PER_NODE }, (_, k) => sender(node, k))), prober()];
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    stop = true;
    await Promise.all(running);
    const seconds = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 3000));
    const latencies = [...sent].flatMap(([p, at]) => (arrived.has(p) ? [arrived.get(p)! - at] : [])).sort((a, b) => a - b);
    socket.disconnect();
    const result = { nodes: n, eventsPerSecond: Math.round(acked / seconds), probes: sent.size, received: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), takeoverMs: undefined as number | undefined };

    if (n >= 2) {
      const victim = nodes[n - 1];
      process.kill(victim.pid, 'SIGKILL');
      const killed = performance.now();
      await until('the survivors to own every partition', async () => {
        const o = await owners(db);
        return !o.has(`node-${n}`) && [...o.values()].reduce((a, b) => a + b, 0) === 64;
      });
      result.takeoverMs = Math.round(performance.now() - killed);
    }
    return result;
  } finally {
    await db.end();
    await Promise.all(nodes.map((node) => node.stop().catch(() => undefined)));
    await redis.stop();
  }
}

async function main() {
  const pg = process.env['BENCH_DATABASE_URL'] ? { url: process.env['BENCH_DATABASE_URL'], stop: () => undefined } : await startThrowawayPostgres();
  try {
    console.log(`bench:cluster: ${cpus().length} cores (${cpus()[0]?.model}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${SECONDS} s per size, ${SENDERS_PER_NODE} HTTP senders per node, batches of ${BATCH}`);
    console.log('nodes | events/s | probe p50 ms | probe p99 ms | probes received | takeover after SIGKILL');
    for (const n of NODES) {
      const r = await runCluster(n, pg.url);
      console.log(`${r.nodes} | ${r.eventsPerSecond} | ${r.p50?.toFixed(0)} | ${r.p99?.toFixed(0)} | ${r.received}/${r.probes} | ${r.takeoverMs === undefined ? '-' : `${r.takeoverMs} ms`}`);
    }
  } finally {
    pg.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
