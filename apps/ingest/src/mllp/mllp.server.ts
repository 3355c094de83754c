import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server, type Socket } from 'node:net';
import { buildAck, frameMllp, hl7AckExpected, Hl7ErrorCodes, mapHl7Message, MllpDecoder, parseHl7 } from '@vigil/interop';
import { FutureTimeGuard } from '../events/future-time.guard';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { EventStoreService } from '../events/event-store.service';
import { PatientRegistryService } from '../patients/patient-registry.service';
import { PeerAllowList } from './peer-allow-list';
import { ApiKeysService } from '../auth/api-keys.service';
import { ReadinessService } from '../health/readiness.service';

/**
 * HL7 v2 over MLLP. Each connection has its own decoder (split and merged packets, garbage between
 * frames) and handles its messages one at a time, in order. A message is ACKed only after its events
 * are committed: AA; AE when its content is wrong or the store is down; AR when it cannot be processed.
 */
@Injectable()
export class MllpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MLLP');
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly allow: PeerAllowList;
  port = 0;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly store: EventStoreService,
    private readonly registry: PatientRegistryService,
    private readonly keys: ApiKeysService,
    private readonly futureTime: FutureTimeGuard,
    private readonly readiness: ReadinessService,
  ) {
    this.allow = new PeerAllowList(env.MLLP_ALLOWED_PEERS);
  }

  /** Resolves once the port is open (or at once when MLLP is off). */
  listening: Promise<void> = Promise.resolve();
  private closed = false;

  /** The port opens only when the rules are ready: a sender must not get AA for work nobody evaluates yet. */
  onApplicationBootstrap() {
    if (this.env.MLLP_PORT === 0 && !this.env.MLLP_EPHEMERAL) return;
    this.listening = this.readiness.whenReady().then(() => (this.closed ? undefined : this.listen()));
  }

  private async listen() {
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.env.MLLP_PORT, this.env.HOST, () => resolve());
    });
    this.port = (this.server.address() as { port: number }).port;
    this.logger.log(`listening for HL7 v2 over MLLP on port ${this.port}`);
  }

  async onApplicationShutdown() {
    this.closed = true;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private accept(socket: Socket) {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    this.sockets.add(socket);
    const decoder = new MllpDecoder({ charset: 'auto' });
    let chain: Promise<void> = Promise.resolve();
    socket.setKeepAlive(true, 60_000);
    socket.on('data', (chunk: Buffer) => {
      const { messages, discarded } = decoder.push(chunk);
      for (const d of discarded) this.logger.warn(`${peer}: discarded ${d.bytes} bytes (${d.reason}): ${d.preview}`);
      for (const m of messages)
        chain = chain
          .then(() => this.handle(m, socket, peer))
          .catch((e) => {
            // Never let one message stop the connection's queue: answer AE and go on.
            this.logger.error(`${peer}: ${(e as Error).stack ?? e}`);
            if (!socket.destroyed) socket.write(frameMllp(buildAck(m, { code: 'AE', reason: 'internal error; resend later', errorCode: Hl7ErrorCodes.ApplicationInternalError })));
          });
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (decoder.hasPartialFrame) this.logger.warn(`${peer} disconnected in the middle of a message (${decoder.bufferedBytes} bytes dropped, never ACKed)`);
    });
    socket.on('error', (e) => this.logger.warn(`${peer}: ${e.message}`));
  }

  /** Listed by address or application name, or sending a device key as MSH-3 or MSH-4. */
  private async peerAllowed(address: string | undefined, app: string, facility: string): Promise<boolean> {
    if (this.allow.allowsMessage(address, app, facility)) return true;
    return (await this.keys.check(app)) !== null || (await this.keys.check(facility)) !== null;
  }

  private async handle(text: string, socket: Socket, peer: string) {
    const parsed = parseHl7(text);
    const message = parsed.ok ? parsed.message : undefined;
    // An incoming ACK is answered with nothing: answering it would start an ACK loop.
    if (message && !hl7AckExpected(message)) return;
    let ack: string;
    if (message && !(await this.peerAllowed(socket.remoteAddress, message.msh.value(3), message.msh.value(4)))) {
      ack = buildAck(message, { code: 'AR', reason: `peer ${socket.remoteAddress} / ${message.msh.value(3)} is not on MLLP_ALLOWED_PEERS`, errorCode: Hl7ErrorCodes.ApplicationInternalError });
    } else {
      const result = mapHl7Message(message ?? text);
      const future = result.ok ? this.futureTime.check(result.events) : new Map();
      if (!result.ok) {
        ack = buildAck(message ?? text, result);
      } else if (future.size > 0) {
        // A message is stored whole or not at all: one future-dated observation refuses it (AR, not retried as is).
        const [first] = [...future.values()][0] as { path: string; message: string }[];
        ack = buildAck(message ?? text, { code: 'AR', reason: `EVENT.FUTURE_TIME ${first.path}: ${first.message}`, errorCode: Hl7ErrorCodes.ApplicationInternalError });
      } else {
        try {
          if (result.patient) await this.registry.applyUpdate(result.patient);
          await this.store.append(result.events);
          ack = buildAck(message ?? text, result);
        } catch (e) {
          this.logger.error(`${peer}: could not store message ${result.controlId}: ${(e as Error).message}`);
          ack = buildAck(message ?? text, { code: 'AE', reason: 'the event store is unavailable; resend later', errorCode: Hl7ErrorCodes.ApplicationInternalError });
        }
      }
    }
    if (!socket.destroyed) socket.write(frameMllp(ack));
  }
}
