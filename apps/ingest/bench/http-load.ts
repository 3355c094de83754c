import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Closed-loop load: `concurrency` workers each POST, wait for the answer, POST again, for `seconds`.
 * `body(i)` makes request i and says how many events it carries.
 */
export async function runLoad(options: {
  url: string;
  path: string;
  headers: Record<string, string>;
  concurrency: number;
  seconds: number;
  body: (i: number) => { payload: string; events: number };
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const target = new URL(options.path, options.url);
  const latencies: number[] = [];
  let i = 0;
  let events = 0;
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  const one = (payload: string) =>
    new Promise<number>((resolve) => {
      const req = request(target, { method: 'POST', agent, headers: { ...options.headers, 'content-length': Buffer.byteLength(payload) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.end(payload);
    });
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const { payload, events: n } = options.body(i++);
        const t0 = performance.now();
        const status = await one(payload);
        latencies.push(performance.now() - t0);
        if (status >= 200 && status < 300) events += n;
        else errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
  };
}
