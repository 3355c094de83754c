import { parentPort } from 'node:worker_threads';
import type { ThresholdValues } from '@vigil/rules';
import type { ShardInput } from './shard-plan';
import { ShardReplayer, type ShardResult } from './replay-shard';

/** What the main thread sends a replay worker: who it is, then its shard in chunks, then the end. */
export type ToWorker = { start: { name: string; thresholds?: Partial<ThresholdValues> } } | { chunk: ShardInput } | { end: true };
/** What a replay worker posts: progress (events replayed since the last report), then its result. */
export type FromWorker = { progress: number } | { result: ShardResult };

// Worker entry of the parallel offline replay.
let replayer: ShardReplayer | null = null;
const post = (m: FromWorker) => parentPort?.postMessage(m);
parentPort?.on('message', (m: ToWorker) => {
  if ('start' in m) replayer = new ShardReplayer(m.start.name, m.start.thresholds, (n) => post({ progress: n }));
  else if ('chunk' in m) replayer?.add(m.chunk);
  else post({ result: replayer?.result() ?? { ok: false, line: 0, message: 'replay worker got no shard' } });
});
