import { connect } from 'node:net';
import { percentile, type LoadResult } from './http-load';

const VT = 0x0b;
const FS = 0x1c;

/**
 * Closed-loop MLLP load: `connections` TCP clients, each sends one framed message, waits for its ACK,
 * and sends the next, for `seconds`. `message(i)` makes message i and says how many events it carries.
 */
export async function runMllpLoad(options: { port: number; connections: number; seconds: number; message: (i: number) => { text: string; events: number } }): Promise<LoadResult> {
  const latencies: number[] = [];
  let i = 0;
  let events = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from(
      { length: options.connections },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect(options.port, '127.0.0.1');
          let pending: { t0: number; events: number } | null = null;
          let buffer = Buffer.alloc(0);
          const sendNext = () => {
            if (performance.now() >= deadline) return void socket.end(resolve);
            const m = options.message(i++);
            pending = { t0: performance.now(), events: m.events };
            socket.write(Buffer.concat([Buffer.from([VT]), Buffer.from(m.text, 'utf8'), Buffer.from([FS, 0x0d])]));
          };
          socket.on('connect', sendNext);
          socket.on('error', reject);
          socket.on('data', (chunk: Buffer) => {
            buffer = Buffer.concat([buffer, chunk]);
            let end: number;
            while ((end = buffer.indexOf(FS)) >= 0) {
              const ack = buffer.subarray(buffer.indexOf(VT) + 1, end).toString('utf8');
              buffer = buffer.subarray(end + 2);
              if (pending) {
                latencies.push(performance.now() - pending.t0);
                if (/\rMSA\|AA\|/.test(ack)) events += pending.events;
                else errors++;
                pending = null;
              }
              sendNext();
            }
          });
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, events, seconds, eventsPerSecond: events / seconds, requestsPerSecond: latencies.length / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), errors };
}

/** An IHE PCD-01-style ORU^R01 with one NIBP + HR observation set (one canonical vitals event). */
export function oruMessage(n: number, patients: number, runId: string): string {
  const t = new Date(Date.UTC(2026, 10, 26) + n * 1000);
  const ts = t.toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
  return [
    `MSH|^~\\&|BENCH|ONC4|VIGIL|HOSP|${ts}||ORU^R01^ORU_R01|${runId}-${n}|P|2.6`,
    `PID|||P-M-${n % patients}^^^HOSP^MR`,
    `OBR|1|||182777000^monitoring of patient^SNOMED-CT|||${ts}`,
    `OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC||${110 + (n % 20)}|266016^MDC_DIM_MMHG^MDC|||||F|||${ts}`,
    `OBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC||70|266016^MDC_DIM_MMHG^MDC|||||F|||${ts}`,
    `OBX|3|NM|147842^MDC_ECG_HEART_RATE^MDC||${80 + (n % 15)}|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||F|||${ts}`,
  ].join('\r');
}
