/**
 * `npm run bench:startup`: time from process start to ready (`/ready` 200: rules rebuilt, listeners
 * open) over stored histories of growing size, with and without an engine snapshot, in one run on
 * one PostgreSQL server. The history is generated in SQL (generate-history.ts): a ward of BENCH_PATIENTS
 * patients charted every BENCH_CADENCE_S seconds, so beyond the engine's 6 h horizon the state is
 * the same size whatever the history. BENCH_SIZES (default 10000,100000,1000000) sets the sizes;
 * BENCH_DATABASE_URL an existing server. Prints a Markdown table.
 */
import { Client } from 'pg';
import { pgConfigFromUrl } from '../src/database/database-connection';
import { parseEnv } from '../src/config/env.schema';
import { createApp } from '../src/create-app';
import { RulesService } from '../src/rules/rules.service';
import { ReadinessService } from '../src/health/readiness.service';
import { generateHistory } from './generate-history';
import { benchPostgres, freshDatabase } from './bench-harness';

const SIZES = (process.env['BENCH_SIZES'] ?? '10000,100000,1000000').split(',').map(Number);
const PATIENTS = Number(process.env['BENCH_PATIENTS'] ?? 200);
const CADENCE_S = Number(process.env['BENCH_CADENCE_S'] ?? 60);

function envFor(url: string) {
  return parseEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    MLLP_PORT: '0',
    DATABASE_URL: url,
    VIGIL_DEMO: '0',
    JWT_SECRET: 'bench-secret-bench-secret-bench',
    LOG_LEVEL: 'error',
    DASHBOARD_DIR: '',
    // Snapshots only when the bench asks for one.
    VIGIL_SNAPSHOT_EVERY_EVENTS: '0',
    VIGIL_SNAPSHOT_EVERY_S: '0',
  });
}

/** Starts the service, waits until ready; returns ms from createApp to ready and the server's own count. */
async function timeToReady(url: string, snapshotAfter: boolean) {
  const t0 = performance.now();
  const running = await createApp(envFor(url), { waitForReady: false });
  await running.ready;
  const ms = performance.now() - t0;
  const readiness = running.app.get(ReadinessService).status();
  let snapshotMs = NaN;
  if (snapshotAfter) {
    const s0 = performance.now();
    await running.app.get(RulesService).snapshot();
    snapshotMs = performance.now() - s0;
  }
  const rss = process.memoryUsage().rss;
  await running.close();
  return { ms, replayed: readiness.replayedEvents, snapshotMs, rss };
}

async function main() {
  const pg = await benchPostgres();
  const rows: string[] = [];
  try {
    for (const size of SIZES) {
      const url = await freshDatabase(pg.url, `vigil_startup_${size}`);
      // First start: migrations, then the generated history straight into the log.
      const first = await createApp(envFor(url));
      await first.close();
      const g0 = performance.now();
      await generateHistory(url, size, PATIENTS, CADENCE_S, (done) => process.stderr.write(`\r  ${size}: generated ${done} events`));
      process.stderr.write(`\r  ${size}: generated in ${((performance.now() - g0) / 1000).toFixed(1)} s\n`);
      const full = await timeToReady(url, true);
      process.stderr.write(`  ${size}: full replay ${(full.ms / 1000).toFixed(2)} s (${full.replayed} events), snapshot written in ${full.snapshotMs.toFixed(0)} ms\n`);
      const snap = await timeToReady(url, false);
      process.stderr.write(`  ${size}: from snapshot ${(snap.ms / 1000).toFixed(2)} s (${snap.replayed} events replayed)\n`);
      const c = new Client(pgConfigFromUrl(url));
      await c.connect();
      const { rows: s } = await c.query('SELECT bytes, octet_length(data) AS compressed FROM engine_snapshot ORDER BY id DESC LIMIT 1');
      await c.end();
      rows.push(`| ${size.toLocaleString('en')} | ${(full.ms / 1000).toFixed(2)} s | ${(snap.ms / 1000).toFixed(2)} s | ${snap.replayed} | ${(full.ms / snap.ms).toFixed(1)}× | ${(s[0].bytes / 1e6).toFixed(1)} MB / ${(s[0].compressed / 1e6).toFixed(1)} MB | ${full.snapshotMs.toFixed(0)} ms |`);
    }
  } finally {
    pg.stop();
  }
  console.log(`\nStart-up to ready, ${PATIENTS} patients charted every ${CADENCE_S} s (PostgreSQL ${pg.throwaway ? 'throwaway, local' : 'given'}):\n`);
  console.log('| stored events | full replay | from snapshot | events replayed after snapshot | ratio | snapshot JSON / gzip | snapshot write |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
