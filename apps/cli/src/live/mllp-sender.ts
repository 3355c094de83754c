import { connect, type Socket } from 'node:net';
import { buildOruR01, frameMllp, MllpDecoder } from '@vigil/interop';
import { postEvents } from './service-client';
import type { RecordedEvent } from './stream-file';

/** One MLLP connection: messages are answered in the order sent (the service handles a connection serially). */
class MllpConnection {
  private readonly decoder = new MllpDecoder();
  private readonly waiting: Array<{ resolve: (ack: string) => void; reject: (e: Error) => void }> = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const m of this.decoder.push(chunk).messages) this.waiting.shift()?.resolve(m);
    });
    socket.on('close', () => {
      for (const w of this.waiting.splice(0)) w.reject(new Error('the MLLP connection closed before every ACK arrived'));
    });
  }

  static open(host: string, port: number): Promise<MllpConnection> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port }, () => resolve(new MllpConnection(s)));
      s.once('error', (e) => reject(new Error(`cannot connect to MLLP ${host}:${port} (${e.message}); is MLLP_PORT set on the service? pass --mllp HOST:PORT`)));
    });
  }

  request(message: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.socket.write(frameMllp(message), (e) => e && reject(e));
    });
  }

  close() {
    this.socket.end();
  }
}

/**
 * Sends what HL7 v2 can carry (vitals, rhythm, urine, labs, weight) as ORU^R01 over MLLP; everything
 * else (admit, rr, dose, clinician actions) goes over HTTP, so each patient's order is kept: a patient
 * always uses the same connection, and each patient's events are sent in runs of one kind (see send).
 */
export class MllpSender {
  private conns: MllpConnection[] = [];
  private control = 0;

  constructor(
    private readonly address: string,
    private readonly target: string,
    private readonly apiKey: string,
    private readonly connections = 4,
    /** Unacknowledged messages per connection. */
    private readonly window = 32,
  ) {}

  async connect(): Promise<void> {
    const i = this.address.lastIndexOf(':');
    const [host, port] = i > 0 ? [this.address.slice(0, i), Number(this.address.slice(i + 1))] : [this.address, 2575];
    this.conns = await Promise.all(Array.from({ length: Math.max(1, this.connections) }, () => MllpConnection.open(host, port)));
  }

  private laneOf(patientId: string): number {
    let h = 0;
    for (let k = 0; k < patientId.length; k++) h = (Math.imul(h, 31) + patientId.charCodeAt(k)) >>> 0;
    return h % this.conns.length;
  }

  /**
   * Each patient's events are split into runs of one kind (HL7 or HTTP); phase i sends every patient's
   * i-th run (HTTP in one post, HL7 pipelined on the patient's connection) and completes before phase
   * i + 1, so round trips follow the alternations between kinds, not the number of events.
   */
  async send(batch: RecordedEvent[]): Promise<{ accepted: number; rejected: number }> {
    if (this.conns.length === 0) throw new Error('MllpSender.send before connect()');
    let accepted = 0;
    let rejected = 0;
    type Run = { hl7: boolean; items: Array<{ e: RecordedEvent; msg: string | null }> };
    const runs = new Map<string, Run[]>();
    for (const e of batch) {
      const msg = buildOruR01(JSON.parse(e.line), { controlId: `VIGIL${++this.control}`, sendingApp: 'VIGIL-REPLAY' });
      const list = runs.get(e.patientId) ?? [];
      runs.set(e.patientId, list);
      const last = list[list.length - 1];
      if (last && last.hl7 === (msg !== null)) last.items.push({ e, msg });
      else list.push({ hl7: msg !== null, items: [{ e, msg }] });
    }
    const phases = Math.max(0, ...[...runs.values()].map((l) => l.length));
    for (let i = 0; i < phases; i++) {
      const http: RecordedEvent[] = [];
      const perConn: string[][] = this.conns.map(() => []);
      for (const [patientId, list] of runs) {
        const run = list[i];
        if (!run) continue;
        for (const it of run.items) {
          if (run.hl7 && it.msg) perConn[this.laneOf(patientId)].push(it.msg);
          else http.push(it.e);
        }
      }
      if (http.length) {
        const r = await postEvents(this.target, this.apiKey, http.map((e) => e.line).join('\n') + '\n');
        accepted += r.accepted + r.duplicates;
        rejected += r.rejected.length;
      }
      await Promise.all(
        perConn.map(async (msgs, c) => {
          for (let k = 0; k < msgs.length; k += this.window) {
            for (const ack of await Promise.all(msgs.slice(k, k + this.window).map((m) => this.conns[c].request(m)))) {
              if (/(^|\r)MSA\|AA\|/.test(ack.replace(/\n/g, '\r'))) accepted++;
              else rejected++;
            }
          }
        }),
      );
    }
    return { accepted, rejected };
  }

  close() {
    for (const c of this.conns) c.close();
    this.conns = [];
  }
}
