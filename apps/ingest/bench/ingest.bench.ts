/**
 * `npm run bench:ingest`: Vigil's ingest against a real PostgreSQL, and in the same run the bare
 * baseline (bare-baseline-server.ts) on the same server. Each server runs in its own process; the
 * load generator is this process. Set BENCH_DATABASE_URL to use an existing server, BENCH_SECONDS
 * and BENCH_ROUNDS to trade time for precision. Prints a Markdown table (medians over rounds).
 */
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { pgConfigFromUrl } from '../src/database/database-connection';
import { applyMigrations } from '../src/database/migration-runner';
import { pgRunner } from '../src/database/sql-runner';
import { runLoad, type LoadResult } from './http-load';
import { freePort, startProcess } from './service-process';
import { oruMessage, runMllpLoad } from './mllp-load';
import { benchPostgres, freshDatabase, machineLine, median } from './bench-harness';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const PATIENTS = 500;

let seq = 0;
const runId = Date.now().toString(36);
function vitals(n: number) {
  const out = [];
  for (let k = 0; k < n; k++) {
    const i = seq++;
    out.push({ id: `b-${runId}-${i}`, patientId: `P-B-${i % PATIENTS}`, time: new Date(Date.UTC(2026, 10, 26) + i * 1000).toISOString(), type: 'vitals', sbp: 110 + (i % 20), dbp: 70, map: 83, hr: 80 + (i % 15), spo2: 97, method: 'nibp' });
  }
  return out;
}

const scenarios = [
  { name: 'single event per POST', concurrency: 32, size: 1, ndjson: false },
  { name: 'batches of 100', concurrency: 8, size: 100, ndjson: false },
  { name: 'batches of 1,000', concurrency: 4, size: 1000, ndjson: false },
  { name: 'NDJSON, 1,000 per POST', concurrency: 4, size: 1000, ndjson: true },
];

async function main() {
  const pg = await benchPostgres();
  const children: ChildProcess[] = [];
  try {
    const vigilDb = await freshDatabase(pg.url, 'vigil_bench');
    const bareDb = await freshDatabase(pg.url, 'bare_bench');
    const c = new Client(pgConfigFromUrl(bareDb));
    await c.connect();
    await applyMigrations(pgRunner(c));
    await c.end();
    const vigilPort = await freePort();
    const mllpPort = await freePort();
    const barePort = await freePort();
    children.push(
      await startProcess('apps/ingest/src/main.ts', { DATABASE_URL: vigilDb, VIGIL_DEMO: '1', VIGIL_DEMO_FORCE: '1', VIGIL_DEMO_STREAM: '0', LOG_LEVEL: 'error', MLLP_PORT: String(mllpPort), DASHBOARD_DIR: '', HOST: '127.0.0.1', JWT_SECRET: 'bench-secret-bench-secret' }, vigilPort),
    );
    children.push(await startProcess('apps/ingest/bench/bare-baseline-server.ts', { DATABASE_URL: bareDb }, barePort));
    console.error(`bench: ${ROUNDS} rounds × ${SECONDS}s per scenario and server; machine ${machineLine()}`);
    const rows: string[] = [];
    for (const s of scenarios) {
      const vigil: LoadResult[] = [];
      const bare: LoadResult[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        bare.push(
          await runLoad({ url: `http://127.0.0.1:${barePort}`, path: '/', headers: { 'content-type': 'application/json' }, concurrency: s.concurrency, seconds: SECONDS, body: () => ({ payload: JSON.stringify(vitals(s.size)), events: s.size }) }),
        );
        vigil.push(
          await runLoad({
            url: `http://127.0.0.1:${vigilPort}`,
            path: '/api/events',
            headers: { 'content-type': s.ndjson ? 'application/x-ndjson' : 'application/json', 'x-api-key': 'demo-device-key' },
            concurrency: s.concurrency,
            seconds: SECONDS,
            body: () => {
              const ev = vitals(s.size);
              return { payload: s.ndjson ? ev.map((e) => JSON.stringify(e)).join('\n') : JSON.stringify(s.size === 1 ? ev[0] : ev), events: s.size };
            },
          }),
        );
        console.error(`  ${s.name} round ${r + 1}: vigil ${Math.round(vigil[r].eventsPerSecond)} ev/s, bare ${Math.round(bare[r].eventsPerSecond)} ev/s`);
      }
      const v = median(vigil.map((x) => x.eventsPerSecond));
      const b = median(bare.map((x) => x.eventsPerSecond));
      const errors = vigil.reduce((a, x) => a + x.errors, 0);
      rows.push(
        `| ${s.name} | ${s.concurrency} | ${Math.round(v).toLocaleString('en')} | ${median(vigil.map((x) => x.p50Ms)).toFixed(1)} | ${median(vigil.map((x) => x.p99Ms)).toFixed(1)} | ${Math.round(b).toLocaleString('en')} | ${median(bare.map((x) => x.p50Ms)).toFixed(1)} | ${median(bare.map((x) => x.p99Ms)).toFixed(1)} | ${((100 * v) / b).toFixed(0)}% | ${errors} |`,
      );
    }
    const mllp: LoadResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      mllp.push(await runMllpLoad({ port: mllpPort, connections: 16, seconds: SECONDS, message: () => ({ text: oruMessage(seq++, PATIENTS, runId), events: 1 }) }));
      console.error(`  MLLP round ${r + 1}: vigil ${Math.round(mllp[r].eventsPerSecond)} msgs/s`);
    }
    rows.push(
      `| MLLP ORU^R01, one message per ACK | 16 connections | ${Math.round(median(mllp.map((x) => x.eventsPerSecond))).toLocaleString('en')} | ${median(mllp.map((x) => x.p50Ms)).toFixed(1)} | ${median(mllp.map((x) => x.p99Ms)).toFixed(1)} | (HTTP single-event baseline above) | | | | ${mllp.reduce((a, x) => a + x.errors, 0)} |`,
    );
    console.log('| scenario | concurrency | Vigil events/s | Vigil p50 ms | Vigil p99 ms | bare events/s | bare p50 ms | bare p99 ms | Vigil / bare | Vigil errors |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(r);
  } finally {
    for (const ch of children) ch.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    pg.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
