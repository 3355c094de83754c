import { connect, type Socket } from 'node:net';
import { buildOruR01, frameMllp, MllpDecoder } from '@vigil/interop';
import { postEvents } from './service-client';
import type { RecordedEvent } from './stream-file';

/**
 * Sends what HL7 v2 can carry (vitals, rhythm, urine, labs, weight) as ORU^R01 over MLLP, one message
 * at a time awaiting its ACK; everything else (admit, rr, dose, clinician actions) goes over HTTP in
 * the same ordered lane, so each patient's order is kept.
 */
export class MllpSender {
  private socket: Socket | null = null;
  private readonly decoder = new MllpDecoder();
  private waiting: ((ack: string) => void) | null = null;
  private control = 0;

  constructor(
    private readonly address: string,
    private readonly target: string,
    private readonly apiKey: string,
  ) {}

  async connect(): Promise<void> {
    const [host, port] = this.address.includes(':') ? [this.address.slice(0, this.address.lastIndexOf(':')), Number(this.address.slice(this.address.lastIndexOf(':') + 1))] : [this.address, 2575];
    await new Promise<void>((resolve, reject) => {
      const s = connect({ host, port }, () => resolve());
      s.once('error', (e) => reject(new Error(`cannot connect to MLLP ${host}:${port} (${e.message}); is MLLP_PORT set on the service? pass --mllp HOST:PORT`)));
      s.on('data', (chunk) => {
        for (const m of this.decoder.push(chunk).messages) {
          const w = this.waiting;
          this.waiting = null;
          w?.(m);
        }
      });
      this.socket = s;
    });
  }

  private request(message: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.socket!.write(frameMllp(message), (e) => e && reject(e));
    });
  }

  async send(batch: RecordedEvent[]): Promise<{ accepted: number; rejected: number }> {
    let accepted = 0;
    let rejected = 0;
    let http: RecordedEvent[] = [];
    const flush = async () => {
      if (!http.length) return;
      const r = await postEvents(this.target, this.apiKey, http.map((e) => e.line).join('\n') + '\n');
      accepted += r.accepted + r.duplicates;
      rejected += r.rejected.length;
      http = [];
    };
    for (const e of batch) {
      const msg = buildOruR01(JSON.parse(e.line), { controlId: `VIGIL${++this.control}`, sendingApp: 'VIGIL-REPLAY' });
      if (!msg) {
        http.push(e);
        continue;
      }
      await flush();
      const ack = await this.request(msg);
      if (/\rMSA\|AA\|/.test(ack.replace(/\n/g, '\r'))) accepted++;
      else rejected++;
    }
    await flush();
    return { accepted, rejected };
  }

  close() {
    this.socket?.end();
    this.socket = null;
  }
}
