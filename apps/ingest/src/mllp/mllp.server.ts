import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { buildAck, frameMllp, hl7AckExpected, Hl7ErrorCodes, mapHl7Message, MllpDecoder, parseHl7 } from '@vigil/interop';
import { ErrorCodes } from '@vigil/contracts';
import { FutureTimeGuard } from '../events/future-time.guard';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { EventStoreService } from '../events/event-store.service';
import { PatientRegistryService } from '../patients/patient-registry.service';
import { PeerAllowList } from './peer-allow-list';
import { ApiKeysService } from '../auth/api-keys.service';
import { IngestGate } from '../ingest/ingest-gate.service';
import { hasAdtScope } from '../ingest/ingest-policy';
import { originOf, type Sender } from '../auth/sender';
import { MetricsService } from '../health/metrics.service';
import { ReadinessService } from '../health/readiness.service';
import { requestIdFrom, withRequestId } from '../logging/request-context';

/**
 * HL7 v2 over MLLP. Each connection has its own decoder (split and merged packets, garbage between
 * frames) and handles its messages one at a time, in order. A message is ACKed only after its events
 * are committed: AA; AE when its content is wrong or the store is down; AR when it cannot be processed.
 *
 * Who may send is decided by the TCP peer address only (MLLP_ALLOWED_PEERS, CIDR), ADT by
 * MLLP_ADT_PEERS; connections are capped (MLLP_MAX_CONNECTIONS) and closed when idle (MLLP_IDLE_TIMEOUT_MS).
 *
 * Optionally MLLP over TLS (MLLP_TLS_*): there the peer is whoever its client certificate, verified
 * against MLLP_TLS_CA_FILE, says; no certificate or another CA's is refused at the handshake. The
 * certificate subject is recorded as the sender, and ADT is accepted from MLLP_TLS_ADT_SUBJECTS.
 */
@Injectable()
export class MllpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MLLP');
  private server: Server | null = null;
  private tlsServer: TlsServer | null = null;
  private readonly tlsAdt: ReadonlySet<string>;
  /** The TLS listener's port, when MLLP over TLS is on. */
  tlsPort = 0;
  private readonly sockets = new Set<Socket>();
  private readonly allow: PeerAllowList;
  private readonly adt: PeerAllowList;
  port = 0;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly store: EventStoreService,
    private readonly registry: PatientRegistryService,
    private readonly keys: ApiKeysService,
    private readonly gate: IngestGate,
    private readonly futureTime: FutureTimeGuard,
    private readonly readiness: ReadinessService,
    private readonly metrics: MetricsService,
  ) {
    this.allow = new PeerAllowList(env.MLLP_ALLOWED_PEERS);
    this.adt = new PeerAllowList(env.MLLP_ADT_PEERS);
    this.tlsAdt = new Set(env.MLLP_TLS_ADT_SUBJECTS.split(',').map((s) => s.trim()).filter(Boolean));
  }

  /** Resolves once the port is open (or at once when MLLP is off). */
  listening: Promise<void> = Promise.resolve();
  private closed = false;

  /** The port opens only when the rules are ready: a sender must not get AA for work nobody evaluates yet. */
  onApplicationBootstrap() {
    const plain = this.env.MLLP_PORT !== 0 || this.env.MLLP_EPHEMERAL;
    const tls = Boolean(this.env.MLLP_TLS_CERT_FILE);
    if (!plain && !tls) return;
    // Certificates are read now: a missing or unreadable file stops the start with its name, not at the first peer.
    const credentials = tls ? this.readTlsFiles() : null;
    this.listening = this.readiness.whenReady().then(async () => {
      if (this.closed) return;
      if (plain) await this.listen();
      if (credentials) await this.listenTls(credentials);
    });
  }

  private async listen() {
    this.server = createServer((socket) => this.accept(socket));
    this.server.maxConnections = this.env.MLLP_MAX_CONNECTIONS;
    this.server.on('drop', (d) => this.refused(`refused a connection from ${d?.remoteAddress}: MLLP_MAX_CONNECTIONS (${this.env.MLLP_MAX_CONNECTIONS}) reached`));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.env.MLLP_PORT, this.env.HOST, () => resolve());
    });
    this.port = (this.server.address() as { port: number }).port;
    this.logger.log(`listening for HL7 v2 over MLLP on port ${this.port} (peers: ${this.env.MLLP_ALLOWED_PEERS || 'none'}; ADT from: ${this.env.MLLP_ADT_PEERS || 'none'})`);
  }

  private readTlsFiles() {
    const read = (name: 'MLLP_TLS_KEY_FILE' | 'MLLP_TLS_CERT_FILE' | 'MLLP_TLS_CA_FILE') => {
      const file = this.env[name];
      if (!file) return undefined;
      try {
        return readFileSync(file);
      } catch (e) {
        throw new Error(`${name}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): MLLP over TLS needs it`, { cause: e });
      }
    };
    return { key: read('MLLP_TLS_KEY_FILE'), cert: read('MLLP_TLS_CERT_FILE'), ca: read('MLLP_TLS_CA_FILE') };
  }

  private async listenTls(credentials: ReturnType<MllpServer['readTlsFiles']>) {
    const server = createTlsServer(
      // Only certificates from MLLP_TLS_CA_FILE (not the system's CAs): a peer is one the hospital issued a certificate to.
      { ...credentials, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' },
      (socket) => this.acceptTls(socket),
    );
    this.tlsServer = server;
    server.maxConnections = this.env.MLLP_MAX_CONNECTIONS;
    // No certificate, another CA's or an expired one: the handshake fails and nothing is read.
    server.on('tlsClientError', (e, socket) => this.refused(`refused MLLP/TLS connection from ${socket.remoteAddress}:${socket.remotePort}: ${e.message}`));
    server.on('drop', (d) => this.refused(`refused a TLS connection from ${d?.remoteAddress}: MLLP_MAX_CONNECTIONS (${this.env.MLLP_MAX_CONNECTIONS}) reached`));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.env.MLLP_TLS_PORT, this.env.HOST, () => resolve());
    });
    this.tlsPort = (server.address() as { port: number }).port;
    this.logger.log(`listening for HL7 v2 over MLLP/TLS on port ${this.tlsPort} (client certificates from ${this.env.MLLP_TLS_CA_FILE}; ADT from: ${[...this.tlsAdt].join(', ') || 'none'})`);
  }

  async onApplicationShutdown() {
    this.closed = true;
    for (const s of this.sockets) s.destroy();
    await Promise.all([this.server, this.tlsServer].map((server) => new Promise<void>((r) => (server ? server.close(() => r()) : r()))));
  }

  private refused(why: string) {
    this.metrics.mllpConnectionsTotal.inc({ outcome: 'refused' });
    this.logger.warn(why);
  }

  connections(): number {
    return this.sockets.size;
  }

  private accept(socket: Socket) {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    // Not on the list: closed before a byte is read, so nothing the peer writes is parsed or stored.
    if (!this.allow.allows(socket.remoteAddress)) {
      this.refused(`refused MLLP connection from ${peer}: not on MLLP_ALLOWED_PEERS`);
      socket.destroy();
      return;
    }
    const sender: Sender = { kind: 'mllp', address: (socket.remoteAddress ?? '').replace(/^::ffff:/, ''), adt: this.adt.allows(socket.remoteAddress) };
    this.serve(socket, peer, sender);
  }

  /** A TLS peer got here with a certificate from MLLP_TLS_CA_FILE: its subject is who it is (the address allow-list is for plain MLLP). */
  private acceptTls(socket: TLSSocket) {
    const cert = socket.getPeerCertificate();
    const subject = subjectOf(cert?.subject);
    if (!socket.authorized || !subject) {
      // rejectUnauthorized already refuses these; kept so a configuration change cannot let one through.
      this.refused(`refused MLLP/TLS connection from ${socket.remoteAddress}: ${socket.authorizationError ?? 'no certificate subject'}`);
      socket.destroy();
      return;
    }
    const peer = `${subject}@${socket.remoteAddress}:${socket.remotePort}`;
    const cn = String(cert.subject.CN ?? '');
    const sender: Sender = { kind: 'mllp', address: (socket.remoteAddress ?? '').replace(/^::ffff:/, ''), adt: this.tlsAdt.has(cn), subject };
    this.serve(socket, peer, sender);
  }

  private serve(socket: Socket, peer: string, sender: Sender) {
    this.metrics.mllpConnectionsTotal.inc({ outcome: 'accepted' });
    this.sockets.add(socket);
    const decoder = new MllpDecoder({ charset: 'auto', maxFrameBytes: this.env.INGEST_MAX_BODY_BYTES });
    let chain: Promise<void> = Promise.resolve();
    socket.setKeepAlive(true, 60_000);
    socket.setTimeout(this.env.MLLP_IDLE_TIMEOUT_MS, () => {
      this.logger.log(`${peer}: idle for ${this.env.MLLP_IDLE_TIMEOUT_MS} ms, closing`);
      socket.end();
      socket.destroySoon();
    });
    socket.on('data', (chunk: Buffer) => {
      const { messages, discarded } = decoder.push(chunk);
      for (const d of discarded) this.logger.warn(`${peer}: discarded ${d.bytes} bytes (${d.reason})`);
      for (const m of messages)
        chain = chain
          // Each message is handled under its own request id: its log lines, the rules queue and the transitions its events cause carry it.
          .then(() => withRequestId(requestIdFrom(), 'mllp', () => this.handle(m, socket, peer, sender)))
          .catch((e) => {
            // Never let one message stop the connection's queue: answer AE and go on.
            this.logger.error(`${peer}: ${(e as Error).stack ?? e}`);
            this.answer(socket, 'AE', buildAck(m, { code: 'AE', reason: 'internal error; resend later', errorCode: Hl7ErrorCodes.ApplicationInternalError }));
          });
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (decoder.hasPartialFrame) this.logger.warn(`${peer} disconnected in the middle of a message (${decoder.bufferedBytes} bytes dropped, never ACKed)`);
    });
    socket.on('error', (e) => this.logger.warn(`${peer}: ${e.message}`));
  }

  private async handle(text: string, socket: Socket, peer: string, sender: Sender) {
    const parsed = parseHl7(text);
    const message = parsed.ok ? parsed.message : undefined;
    // An incoming ACK is answered with nothing: answering it would start an ACK loop.
    if (message && !hl7AckExpected(message)) {
      this.metrics.mllpMessages.inc({ ack: 'none' });
      return;
    }
    let ack: string;
    const app = message?.msh.value(3) ?? '';
    const facility = message?.msh.value(4) ?? '';
    if ((await this.keys.check(app)) || (await this.keys.check(facility))) {
      // A device key is a secret: never stored, never echoed back (the ACK would repeat MSH-3/MSH-4).
      this.logger.warn(`${peer}: refused a message carrying a device key in MSH-3/MSH-4 (not stored); revoke that key`);
      const redacted = text.split(app || '\u0000').join('REDACTED').split(facility || '\u0000').join('REDACTED');
      ack = buildAck(redacted, { code: 'AR', reason: 'MSH-3/MSH-4 holds a device key: keys are not used over MLLP (the peer address is); the message was not stored', errorCode: Hl7ErrorCodes.ApplicationInternalError });
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
        const refused = await this.gate.firstRefusal(sender, result.events);
        if (refused || (result.patient && !hasAdtScope(sender))) {
          const why = refused
            ? `${refused.code}: ${refused.message}`
            : sender.kind === 'mllp' && sender.subject
              ? `EVENT.ADT_FORBIDDEN: certificate ${sender.subject} is not on MLLP_TLS_ADT_SUBJECTS`
              : `EVENT.ADT_FORBIDDEN: peer ${sender.kind === 'mllp' ? sender.address : ''} is not on MLLP_ADT_PEERS`;
          ack = buildAck(message ?? text, { code: 'AR', reason: why, errorCode: Hl7ErrorCodes.ApplicationInternalError });
        } else {
          try {
            if (result.patient) await this.registry.applyUpdate(result.patient);
            const stored = await this.store.append(result.events, originOf(sender, 'mllp'));
            const refused = stored.refused?.[0];
            ack = refused ? buildAck(message ?? text, { code: 'AE', reason: `${refused.code ?? ErrorCodes.EventRefusedByStore}: ${refused.reason}`, errorCode: Hl7ErrorCodes.ApplicationInternalError }) : buildAck(message ?? text, result);
          } catch (e) {
            this.logger.error(`${peer}: could not store message ${result.controlId}: ${(e as Error).message}`);
            ack = buildAck(message ?? text, { code: 'AE', reason: 'the event store is unavailable; resend later', errorCode: Hl7ErrorCodes.ApplicationInternalError });
          }
        }
      }
    }
    const code = /\rMSA(.)(A[AER])\1/.exec(ack)?.[2] ?? 'other';
    // The access line of MLLP: type, control id (MSH-10) and ACK code; never the content (patient identifiers).
    this.logger.log(`${peer}: ${message ? `${message.msh.value(9, 1)}^${message.msh.value(9, 2)}` : 'unparsed message'} ${message?.msh.value(10) ?? ''} ${code}`);
    this.answer(socket, code, ack);
  }

  /** Writes the ACK and counts it by code (an AE or AR is a message not stored: counted as rejected). */
  private answer(socket: Socket, code: string, ack: string) {
    this.metrics.mllpMessages.inc({ ack: code });
    if (code !== 'AA') this.metrics.ingestEvents.inc({ channel: 'mllp', outcome: 'rejected' });
    if (!socket.destroyed) socket.write(frameMllp(ack));
  }
}

/** A certificate subject as one string, e.g. `CN=gw-ward-7,O=Hospital` (what the event log records as the sender). */
export function subjectOf(subject: Record<string, string | string[] | undefined> | undefined): string {
  if (!subject) return '';
  return Object.entries(subject)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(',');
}
