import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineTransition } from '@vigil/contracts';
import { replayStream, type StreamItem, type ThresholdValues } from '@vigil/rules';
import { countLines, streamItems } from '../commands/replay.command';
import { planShards } from './shard-plan';
import type { ShardResult } from './replay-shard';
import type { FromWorker, ToWorker } from './replay-shard.worker';
import { InputError } from '../args';

export interface ParallelReplayOptions {
  workers: number;
  thresholds?: Partial<ThresholdValues>;
  /** Told how the stream is being replayed (one engine, or N workers), for the user. */
  note?: (s: string) => void;
  /** Told the number of stream items once known (one engine, which reads as it replays: the number of lines), then how many more have been replayed. */
  progress?: { total: (items: number) => void; add: (items: number) => void };
  /** Stream items split before each hand-over to the workers (default 16,384). */
  chunkItems?: number;
  /** The stream already read with readStream (vigil score needs it anyway): one engine replays it without reading it again. */
  items?: StreamItem[];
}

/**
 * Offline replay on several cores: the stream is split by patient (shard-plan.ts), each shard runs
 * in its own engine in a worker thread, and the transitions are merged into exactly the order one
 * engine gives (`replayStream`): by stream item, a tick's transitions before the item's own, and
 * within a tick by the patients' order of first appearance. A stream that cannot be split that way
 * is replayed by one engine.
 */
export async function replayParallel(text: string, name: string, opts: ParallelReplayOptions): Promise<EngineTransition[]> {
  const single = () => {
    // Read as replayed (not all first): nothing of the stream is held but its text.
    const items = opts.items ?? streamItems(text, name);
    opts.progress?.total(opts.items?.length ?? countLines(text));
    let reported = 0;
    return replayStream(items, {
      thresholds: opts.thresholds,
      onProgress: (done) => {
        opts.progress?.add(done - reported);
        reported = done;
      },
    });
  };
  if (opts.workers <= 1) return single();
  // Workers start (load the engine) while this thread splits the stream, and replay each chunk of
  // it as soon as it is split.
  const pool = Array.from({ length: opts.workers }, () => startWorker((n) => opts.progress?.add(n)));
  for (const w of pool) w.send({ start: { name, thresholds: opts.thresholds } });
  let plan: ReturnType<typeof planShards>;
  try {
    plan = planShards(text, name, opts.workers, { items: opts.chunkItems ?? CHUNK_ITEMS, send: (chunk) => chunk.forEach((c, i) => pool[i].send({ chunk: c })) });
  } catch {
    // A line that is not JSON: one engine reads the stream and reports the first invalid line, as always.
    plan = { reason: 'a line is not JSON' };
  }
  if ('reason' in plan) {
    for (const w of pool) void w.worker.terminate();
    opts.note?.(`${name}: replayed by one engine (${plan.reason})\n`);
    return single();
  }
  opts.note?.(`${name}: ${plan.items} items, ${plan.patientRank.size} patients, replayed by ${opts.workers} workers\n`);
  opts.progress?.total(plan.items);
  for (const w of pool) w.send({ end: true });
  const results = await Promise.all(pool.map((w) => w.result));
  // The first invalid line of the file, as a single replay would report it.
  const failed = results.flatMap((r) => (r.ok ? [] : [r])).sort((a, b) => a.line - b.line)[0];
  // A worker fails only on an invalid line (line > 0), which is the input's fault.
  if (failed) throw failed.line > 0 ? new InputError(failed.message) : new Error(failed.message);
  const merged: { t: EngineTransition; item: number; phase: number; rank: number; seq: number }[] = [];
  for (const r of results) {
    if (!r.ok) continue;
    r.transitions.forEach((t, i) => merged.push({ t, item: r.origin[2 * i], phase: r.origin[2 * i + 1], rank: plan.patientRank.get(t.alert.patientId) ?? -1, seq: i }));
  }
  // Within one shard, transitions of one (item, phase, patient) keep their order; two shards never share a patient.
  merged.sort((a, b) => a.item - b.item || a.phase - b.phase || a.rank - b.rank || a.seq - b.seq);
  return merged.map((m) => m.t);
}

/** Stream items split before each hand-over to the workers. */
const CHUNK_ITEMS = 16_384;

/** A worker thread that replays the shard it is sent, chunk by chunk. */
function startWorker(progress: (events: number) => void): { worker: Worker; send: (m: ToWorker) => void; result: Promise<ShardResult> } {
  // Run from TypeScript sources (npm run vigil, jest), the worker loads them the same way.
  const ts = extname(__filename) === '.ts';
  const worker = new Worker(join(__dirname, `replay-shard.worker${ts ? '.ts' : '.js'}`), {
    execArgv: ts ? ['-r', require.resolve('@swc-node/register')] : [],
  });
  const result = new Promise<ShardResult>((resolve, reject) => {
    worker.on('message', (m: FromWorker) => {
      if ('progress' in m) return progress(m.progress);
      resolve(m.result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a replay worker stopped with exit code ${code}; run with --workers 1 to replay in one engine`));
    });
  });
  result.catch(() => undefined); // a worker dropped before the end (stream replayed by one engine) is not an error
  return { worker, send: (m) => worker.postMessage(m), result };
}
