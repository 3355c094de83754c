import { parentPort } from 'node:worker_threads';
import { replayShard, type ShardJob } from './replay-shard';

// Worker entry of the parallel offline replay: waits for its shard, replays it, posts the result back.
parentPort?.once('message', (job: ShardJob) => parentPort?.postMessage(replayShard(job)));
