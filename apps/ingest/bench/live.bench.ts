/**
 * `npm run bench:live`: 50 dashboard clients subscribed to one ward; events POSTed at 100, 1,000 and
 * 5,000 events/s; p50/p99 latency from POST to the `vitals` and `alert` messages at the clients, and
 * the service's CPU. Real PostgreSQL (throwaway, or BENCH_DATABASE_URL), service in its own process.
 */
import { cpus } from 'node:os';
import { Client } from 'pg';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { pgConfigFromUrl } from '../src/database/database-connection';
import { startThrowawayPostgres } from '@vigil/testing';
import { cpuSeconds, freePort, startProcess } from './service-process';
import { percentile } from './http-load';

const CLIENTS = 50;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const RATES = (process.env['BENCH_RATES'] ?? '100,1000,5000').split(',').map(Number);
const WARD = 'W-DEMO';

async function post(url: string, body: unknown) {
  const r = await fetch(`${url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'demo-device-key' }, body: JSON.stringify(body) });
  if (r.status !== 202) throw new Error(`POST failed ${r.status}: ${await r.text()}`);
}

async function main() {
  const pg = process.env['BENCH_DATABASE_URL'] ? { url: process.env['BENCH_DATABASE_URL'], stop: () => undefined } : await startThrowawayPostgres();
  const admin = new Client(pgConfigFromUrl(pg.url));
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS vigil_live_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE vigil_live_bench');
  await admin.end();
  const u = new URL(pg.url);
  u.pathname = '/vigil_live_bench';
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = await startProcess('apps/ingest/src/main.ts', { DATABASE_URL: u.toString(), VIGIL_DEMO: '1', VIGIL_DEMO_FORCE: '1', VIGIL_DEMO_STREAM: '0', LOG_LEVEL: 'error', MLLP_PORT: '0', DASHBOARD_DIR: '', HOST: '127.0.0.1', JWT_SECRET: 'bench-secret-bench-secret' }, port);
  const workers: Worker[] = [];
  const ask = <T>(w: Worker, kind: string, reply: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { kind: string } & T) => {
        if (m.kind !== reply) return;
        w.off('message', on);
        resolve(m);
      };
      w.on('message', on);
      w.postMessage({ kind });
    });
  try {
    const patients = Math.max(...RATES);
    // One patient per event/s at the top rate, so each gets ≤ 1 Hz like a bedside monitor.
    const admits = Array.from({ length: patients }, (_, i) => ({ id: `lb-admit-${i}`, patientId: `LB-${i}`, time: new Date(Date.now() - 3_600_000).toISOString(), type: 'admit', wardId: WARD, bed: `L${i}`, weightKg: 70 }));
    for (let i = 0; i < admits.length; i += 1000) await post(url, admits.slice(i, i + 1000));
    const login = (await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: "nurse", password: "vigil-demo" }) })).json()) as { token: string };
    // Clients live in worker threads (10 each), as separate dashboards would.
    const perWorker = 10;
    for (let c = 0; c < CLIENTS; c += perWorker) {
      const w = new Worker(join(__dirname, 'live-clients.worker.ts'), { workerData: { url, token: login.token, wardId: WARD, clients: Math.min(perWorker, CLIENTS - c) }, execArgv: ['-r', '@swc-node/register'] });
      await new Promise<void>((resolve) => w.once('message', () => resolve()));
      workers.push(w);
    }
    console.error(`bench:live: ${CLIENTS} clients, ${SECONDS}s per rate, ${patients} patients; ${cpus().length}× ${cpus()[0]?.model}`);
    const rows: string[] = [];
    let n = 0;
    for (const rate of RATES) {
      await Promise.all(workers.map((w) => ask(w, 'reset', 'reset-done')));
      const tickMs = 50;
      const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
      const cpu0 = cpuSeconds(service.pid!);
      const t0 = performance.now();
      let sent = 0;
      let late = 0;
      while (performance.now() - t0 < SECONDS * 1000) {
        const tickStart = performance.now();
        const now = new Date().toISOString();
        const batch = [];
        for (let k = 0; k < perTick; k++, n++) {
          const patient = n % rate;
          // Every 50th patient is hypotensive, so alerts are raised as readings accumulate.
          const low = patient % 50 === 0;
          batch.push({ id: `lb-${n}`, patientId: `LB-${patient}`, time: now, type: 'vitals', sbp: low ? 82 : 120, dbp: low ? 50 : 75, map: low ? 61 : 90, hr: 80, spo2: 97, method: 'nibp' });
        }
        await post(url, batch);
        sent += batch.length;
        const wait = tickMs - (performance.now() - tickStart);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        else late++;
      }
      const elapsed = (performance.now() - t0) / 1000;
      await new Promise((r) => setTimeout(r, 1500));
      const cpu = (cpuSeconds(service.pid!) - cpu0) / (elapsed + 1.5);
      const collected = await Promise.all(workers.map((w) => ask<{ vitals: number[]; alerts: number[] }>(w, 'collect', 'latencies')));
      const vitalsLatency = collected.flatMap((c) => c.vitals).sort((a, b) => a - b);
      const alertLatency = collected.flatMap((c) => c.alerts).sort((a, b) => a - b);
      rows.push(
        `| ${rate.toLocaleString('en')} | ${Math.round(sent / elapsed).toLocaleString('en')} | ${vitalsLatency.length.toLocaleString('en')} | ${percentile(vitalsLatency, 50)} | ${percentile(vitalsLatency, 99)} | ${alertLatency.length} | ${percentile(alertLatency, 50)} | ${percentile(alertLatency, 99)} | ${(cpu * 100).toFixed(0)}% | ${late} |`,
      );
      console.error(`  ${rate} ev/s done`);
    }
    console.log('| target events/s | achieved events/s | vitals msgs at clients | vitals p50 ms | vitals p99 ms | alert msgs | alert p50 ms | alert p99 ms | service CPU (1 core = 100%) | late ticks |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(r);
  } finally {
    for (const w of workers) w.postMessage({ kind: 'stop' });
    service.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    pg.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
