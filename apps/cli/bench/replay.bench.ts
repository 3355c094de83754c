/**
 * `npm run bench:replay`: how fast recordings replay.
 * - offline: libs/rules `replayStream` over pre-parsed events (the engine loop of `vigil replay --offline`
 *   and `vigil score`), on a simulated ward (with and without the per-minute RR-interval events) and on
 *   every MIMIC-III demo stay; plus the CLI's end-to-end path (NDJSON text → validated events → transitions).
 * - live: `vigil replay --target --max` into the real service (started here on a fresh embedded
 *   database, VIGIL_CLOCK=events), over HTTP and over MLLP, sustained events/s from first send to last ack.
 * Medians of BENCH_RUNS runs (default 5 offline, 3 live). BENCH_WRITE=1 appends the results to
 * docs/BENCHMARKS.md under "Replay".
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ClinicalEvent } from '@vigil/contracts';
import { replayStream, toMs } from '@vigil/rules';
import { simulateWard } from '../src/simulate/ward-simulator';
import { readStream } from '../src/commands/replay.command';
import { replayParallel } from '../src/replay/parallel-replay';
import { importMimic } from '../src/mimic/mimic-import';
import { replayLive, type LiveReplayOptions } from '../src/live/live-replay';
import { MllpSender } from '../src/live/mllp-sender';
import type { RecordedEvent } from '../src/live/stream-file';
import { repoRoot, startService } from '@vigil/testing';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const LIVE_RUNS = Number(process.env['BENCH_LIVE_RUNS'] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const log = (s: string) => process.stderr.write(s + '\n');

function timeOffline(events: ClinicalEvent[]): { perSec: number; transitions: number } {
  replayStream(events); // warm-up
  const rates: number[] = [];
  let transitions = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    transitions = replayStream(events).length;
    rates.push(events.length / ((performance.now() - t) / 1000));
  }
  return { perSec: median(rates), transitions };
}

/** Floors under any replay of these events: rules do more than this, so they cannot be faster. */
function timeFloor(fn: () => number, n: number): number {
  fn(); // warm-up
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    rates.push(n / ((performance.now() - t) / 1000));
  }
  return median(rates);
}

/** Per event: the patient's record in a Map, the time parsed, every RR beat read; no rules. */
function readOnly(events: ClinicalEvent[]): number {
  const seen = new Map<string, { n: number; sum: number; last: number }>();
  let x = 0;
  for (const e of events) {
    let s = seen.get(e.patientId);
    if (!s) seen.set(e.patientId, (s = { n: 0, sum: 0, last: 0 }));
    s.last = toMs(e.time);
    if (e.type === 'rr') {
      const a = e.intervalsMs;
      let sum = s.sum;
      for (let i = 0; i < a.length; i++) sum += a[i];
      s.sum = sum;
    }
    x += ++s.n;
  }
  return x;
}

const toRecorded = (events: ClinicalEvent[]): RecordedEvent[] => events.map((e) => ({ line: JSON.stringify(e), time: Date.parse(e.time), patientId: e.patientId, type: e.type, wardId: e.type === 'admit' ? e.wardId : undefined }));

async function main() {
  const rows: string[] = [];
  log('offline: simulating a ward …');
  const ward = simulateWard({ patients: 20, hours: 24, seed: 'bench' });
  const beats = ward.events.reduce((n, e) => n + (e.type === 'rr' ? e.intervalsMs.length : 0), 0);
  const all = timeOffline(ward.events);
  rows.push(`| offline, simulated ward (20 beds × 24 h, all events) | ${fmt(ward.events.length)} | **${fmt(all.perSec)} events/s** (${fmt((all.perSec * beats) / ward.events.length)} RR beats/s) |`);
  const read = timeFloor(() => readOnly(ward.events), ward.events.length);
  rows.push(`| floor: the same events read without rules (patient lookup, time parse, every beat) | ${fmt(ward.events.length)} | ${fmt(read)} events/s (the engine runs at ${((100 * all.perSec) / read).toFixed(1)}% of it) |`);
  const lines = ward.events.map((e) => JSON.stringify(e));
  const parse = timeFloor(() => lines.reduce((n, l) => n + (JSON.parse(l) as ClinicalEvent).time.length, 0), lines.length);
  rows.push(`| floor: \`JSON.parse\` of the same events' NDJSON lines alone (the text path's first step) | ${fmt(lines.length)} | ${fmt(parse)} events/s |`);
  const noRr = ward.events.filter((e) => e.type !== 'rr');
  const nr = timeOffline(noRr);
  rows.push(`| offline, same ward without the per-minute \`rr\` events | ${fmt(noRr.length)} | **${fmt(nr.perSec)} events/s** |`);
  const mimicDir = join(repoRoot, 'data/mimic3-demo');
  if (!existsSync(join(mimicDir, 'icustays.csv'))) log(`offline: MIMIC-III demo row left out (${mimicDir} missing: \`npm run data:fetch -- mimic3-demo\`)`);
  else {
    log('offline: importing the MIMIC-III demo …');
    const { stays } = importMimic({ icustays: readFileSync(join(mimicDir, 'icustays.csv'), 'utf8'), vitals: readFileSync(join(mimicDir, 'vitals_chartevents.csv'), 'utf8'), outputs: readFileSync(join(mimicDir, 'outputevents.csv'), 'utf8') });
    const mimic = stays.flatMap((s) => s.events);
    const m = timeOffline(mimic);
    rows.push(`| offline, all MIMIC-III demo stays in one engine (charted data) | ${fmt(mimic.length)} | **${fmt(m.perSec)} events/s** |`);
  }
  const text = noRr.map((e) => JSON.stringify(e)).join('\n') + '\n';
  const e2e: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const t = performance.now();
    replayStream(readStream(text, 'bench'));
    e2e.push(noRr.length / ((performance.now() - t) / 1000));
  }
  rows.push(`| offline end to end (NDJSON text → contract validation → engine), ward without \`rr\` | ${fmt(noRr.length)} | ${fmt(median(e2e))} events/s |`);

  // One engine vs one engine per core on a larger stream with everything (rr included), end to end.
  log('offline: one engine vs worker engines …');
  const big = simulateWard({ patients: 60, hours: 24, seed: 'bench-par' }).events;
  const bigText = big.map((e) => JSON.stringify(e)).join('\n') + '\n';
  const cores = Math.max(2, availableParallelism());
  const one: number[] = [];
  const many: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    let t = performance.now();
    const a = replayStream(readStream(bigText, 'bench'));
    one.push(big.length / ((performance.now() - t) / 1000));
    t = performance.now();
    const b = await replayParallel(bigText, 'bench', { workers: cores });
    many.push(big.length / ((performance.now() - t) / 1000));
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('parallel replay differs from one engine');
    log(`  run ${i + 1}: one engine ${fmt(one[i])}, ${cores} workers ${fmt(many[i])} events/s`);
  }
  rows.push(`| offline end to end, simulated ward 60 beds × 24 h with \`rr\` (${(bigText.length / 2 ** 20).toFixed(0)} MiB NDJSON), one engine | ${fmt(big.length)} | ${fmt(median(one))} events/s |`);
  rows.push(`| same, \`--workers ${cores}\` (patients split over ${cores} worker engines, identical transitions) | ${fmt(big.length)} | **${fmt(median(many))} events/s** (${(median(many) / median(one)).toFixed(2)}× one engine) |`);

  log('live: starting the service (VIGIL_CLOCK=events) …');
  const svc = await startService({ VIGIL_CLOCK: 'events' });
  try {
    const base: Omit<LiveReplayOptions, 'via' | 'batchSize'> = { target: svc.url, apiKey: 'demo-device-key', speed: 1, max: true, shiftToNow: false, alerts: false, username: 'admin', password: 'vigil-demo', settleMs: 0, wards: [], progress: null };
    for (const [batch, lanes] of [[500, 1], [2000, 1], [500, 4]] as const) {
      const rates: number[] = [];
      let n = 0;
      for (let r = 0; r < LIVE_RUNS; r++) {
        const w = simulateWard({ patients: 10, hours: 24, seed: `live-${batch}-${lanes}-${r}`, start: '2090-03-01T00:00:00.000Z', wardId: `W-BENCH-${batch}-${lanes}-${r}` });
        n = w.events.length;
        const res = await replayLive(toRecorded(w.events), { ...base, via: 'http', batchSize: batch, lanes });
        if (res.rejected || res.accepted !== n) throw new Error(`live run lost events: ${JSON.stringify(res)}`);
        rates.push(res.eventsPerSecond);
        log(`  http batch ${batch} lanes ${lanes} run ${r + 1}: ${fmt(res.eventsPerSecond)} events/s`);
      }
      rows.push(`| live \`--max --via http\`, batch ${batch}${lanes > 1 ? `, ${lanes} lanes` : ', one lane (global order)'}, simulated 10 beds × 24 h | ${fmt(n)} | **${fmt(median(rates))} events/s** sustained (202 = durable) |`);
    }
    const rates: number[] = [];
    let n = 0;
    let viaMllp = 0;
    for (let r = 0; r < LIVE_RUNS; r++) {
      const w = simulateWard({ patients: 10, hours: 6, seed: `mllp-${r}`, start: '2090-04-01T00:00:00.000Z', wardId: `W-BENCH-MLLP-${r}` });
      n = w.events.length;
      viaMllp = w.events.filter((e) => e.type !== 'rr' && e.type !== 'admit' && e.type !== 'dose').length;
      const sender = new MllpSender(`127.0.0.1:${svc.mllpPort}`, svc.url, 'demo-device-key');
      await sender.connect();
      try {
        const res = await replayLive(toRecorded(w.events), { ...base, via: 'mllp', batchSize: 500, sendMllp: (b) => sender.send(b) });
        if (res.rejected) throw new Error(`MLLP run rejected ${res.rejected}`);
        rates.push(res.eventsPerSecond);
        log(`  mllp run ${r + 1}: ${fmt(res.eventsPerSecond)} events/s`);
      } finally {
        sender.close();
      }
    }
    rows.push(`| live \`--max --via mllp\` (one ORU^R01 per event on 4 connections, 32 unacknowledged each; ${fmt(viaMllp)} of ${fmt(n)} over MLLP, the rest over HTTP, per-patient order kept) | ${fmt(n)} | ${fmt(median(rates))} events/s |`);
  } finally {
    await svc.stop();
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  const md = [
    '',
    '## Replay',
    '',
    `\`npm run bench:replay\` (apps/cli/bench/replay.bench.ts), ${new Date().toISOString().slice(0, 10)}; machine: ${machine}; medians of ${RUNS} offline and ${LIVE_RUNS} live runs.`,
    '',
    '| what | events | rate |',
    '|---|---:|---:|',
    ...rows,
    '',
  ].join('\n');
  process.stdout.write(md);
  if (process.env['BENCH_WRITE'] === '1') appendFileSync(join(repoRoot, 'docs/BENCHMARKS.md'), md);
}

main().catch((e) => {
  process.stderr.write(`bench:replay failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
