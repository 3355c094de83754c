import { parentPort } from 'node:worker_threads';
import { replayShard, type ShardJob } from './replay-shard';

/** What a replay worker posts: progress (events replayed since the last report), then its result. */
export type WorkerMessage = { progress: number } | { result: ReturnType<typeof replayShard> };

// Worker entry of the parallel offline replay: waits for its shard, replays it, posts the result back.
parentPort?.once('message', (job: ShardJob) => {
  const post = (m: WorkerMessage) => parentPort?.postMessage(m);
  post({ result: replayShard(job, (n) => post({ progress: n })) });
});
