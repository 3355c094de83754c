import { Inject, Logger, OnApplicationShutdown } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { ConnectedSocket, MessageBody, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  DomainEvents,
  ErrorCodes,
  LIVE_NAMESPACE,
  subscribeRequestSchema,
  type AlertTransition,
  type ClinicalEventsStoredPayload,
  type SilenceChange,
  type SubscribeAck,
  type VitalsSnapshot,
} from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { TokenService, type AuthedUser } from '../auth/token.service';
import { SESSION_REVOKED, type SessionRevokedPayload } from '../auth/sessions.service';
import { canAccessWard } from '../auth/ward-access';
import { AlertTransitionsRepository } from '../alerts/alert-transitions.repository';
import { alertFromRow } from '../alerts/alert-row.mapper';
import { wardRoom, patientRoom } from './rooms';
import { SILENCE_CHANGED, silenceFromRow } from '../alerts/alert-silences.service';
import { VitalsThrottle } from './vitals-throttle';
import { WardOutbox } from './ward-outbox';
import { MetricsService } from '../health/metrics.service';
import { ReadinessService } from '../health/readiness.service';
import { requestIdFrom, withRequestId } from '../logging/request-context';
import { SessionsService } from '../auth/sessions.service';
import { ENV } from '../config/env.token';
import { ALERT_REBROADCAST } from '../cluster/advisory-keys';
import type { Env } from '../config/env.schema';

type LiveSocket = Socket & { data: { user: AuthedUser; expiry?: NodeJS.Timeout } };

/**
 * socket.io /live: a client subscribes to a ward and gets the active alerts, the current seq and every
 * transition after its `since` from the database (however long it was away), then live transitions.
 */
// Origins are checked (and CORS answered) by LiveIoAdapter at the handshake.
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class RealtimeGateway implements OnGatewayInit, OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  @WebSocketServer() private server!: Namespace;
  private readonly vitals: VitalsThrottle;
  private readonly outbox: WardOutbox;

  constructor(
    private readonly tokens: TokenService,
    private readonly transitions: AlertTransitionsRepository,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly readiness: ReadinessService,
    private readonly sessions: SessionsService,
    @Inject(ENV) private readonly env: Env,
    private readonly metrics: MetricsService,
  ) {
    this.outbox = new WardOutbox(20, (wardId, batch) => {
      if (!this.server) return;
      this.metrics.socketEmits.inc({ event: 'vitals' });
      this.server.to(wardRoom(wardId)).emit('vitals', batch);
    });
    this.vitals = new VitalsThrottle(1000, (s) => this.outbox.add(s));
  }

  /** Checks the open sockets' sessions against the database: sessions ended on another node close here too. */
  private sessionSweep?: NodeJS.Timeout;
  private sweeping = false;

  afterInit(server: Namespace) {
    this.sessionSweep = setInterval(() => void this.closeEndedSessions(), this.env.REVOCATION_CHECK_MS);
    this.sessionSweep.unref();
    server.use((socket, next) => {
      // Until the rules are rebuilt, the alerts a subscriber would get are not yet current: refuse, the client retries.
      if (!this.readiness.ready) return next(Object.assign(new Error('Vigil is starting: rule state is being rebuilt; retry shortly'), { data: { code: ErrorCodes.ServiceStarting } }));
      this.tokens.verify((socket.handshake.auth as { token?: string })?.token).then(
        (user) => {
          const live = socket as LiveSocket;
          live.data.user = user;
          // The socket ends with its token: no stream outlives the session that opened it.
          live.data.expiry = setTimeout(() => this.end(live, 'the session token expired'), Math.max(0, Math.min(user.expiresAt - Date.now(), 2 ** 31 - 1)));
          live.data.expiry.unref();
          socket.on('disconnect', () => clearTimeout(live.data.expiry));
          next();
        },
        (e: unknown) => next(Object.assign(new Error((e as Error).message), { data: { code: ErrorCodes.AuthRequired } })),
      );
    });
  }

  /** Logout, password change, disabling a user, an admin's revoke: their sockets close now. */
  @OnEvent(SESSION_REVOKED)
  onSessionRevoked({ sessionIds }: SessionRevokedPayload) {
    if (!this.server) return;
    const ended = new Set(sessionIds);
    for (const socket of this.server.sockets.values()) {
      const live = socket as LiveSocket;
      if (live.data.user && ended.has(live.data.user.sessionId)) this.end(live, 'the session was ended');
    }
  }

  /** Sockets whose session was revoked on any node (or expired) are closed; one query per 1,000 sockets. */
  async closeEndedSessions() {
    if (!this.server || this.sweeping || this.server.sockets.size === 0) return;
    this.sweeping = true;
    try {
      const open = [...this.server.sockets.values()] as LiveSocket[];
      const ended = new Set(await this.sessions.endedAmong(open.flatMap((s) => (s.data.user ? [s.data.user.sessionId] : []))));
      for (const live of open) if (live.data.user && ended.has(live.data.user.sessionId) && live.connected) this.end(live, 'the session was ended');
    } catch (e) {
      // The database is down: sockets stay until it answers (REST refuses meanwhile with STORE.UNAVAILABLE).
      this.logger.warn(`could not check the open sockets' sessions: ${(e as Error).message.split('\n').pop()}`);
    } finally {
      this.sweeping = false;
    }
  }

  private end(socket: LiveSocket, why: string) {
    this.metrics.socketEmits.inc({ event: 'session_ended' });
    socket.emit('session_ended' as never, { code: ErrorCodes.AuthRequired, message: `${why}: sign in again` } as never);
    socket.disconnect(true);
  }

  onApplicationShutdown() {
    clearInterval(this.sessionSweep);
    this.vitals.stop();
    this.outbox.stop();
  }

  /** Shutdown: closes every live socket (clients reconnect to another node or when the service is back). */
  disconnectAll() {
    this.server?.disconnectSockets(true);
  }

  connectedClients(): number {
    return this.server?.sockets.size ?? 0;
  }

  /** Each socket message is handled under its own request id (request-context.ts), like an HTTP request. */
  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<SubscribeAck> {
    const started = performance.now();
    return withRequestId(requestIdFrom(), 'socket', async () => {
      const ack = await this.subscribeNow(socket, body);
      this.logger.log(`socket subscribe ${ack.ok ? `ward ${ack.wardId} ok` : ack.code} in ${Math.round(performance.now() - started)} ms`);
      return ack;
    });
  }

  private async subscribeNow(socket: LiveSocket, body: unknown): Promise<SubscribeAck> {
    const parsed = subscribeRequestSchema.safeParse(body);
    if (!parsed.success) return { ok: false, code: ErrorCodes.BodyInvalid, message: 'send { wardId, since? }' };
    const { wardId, since } = parsed.data;
    if (!canAccessWard(socket.data.user, wardId)) return { ok: false, code: ErrorCodes.WardForbidden, message: `you are not assigned to ward ${wardId}` };
    // Join first, then read: a transition in between arrives twice (clients drop repeats by seq), never zero times.
    await socket.join(wardRoom(wardId));
    const seq = await this.transitions.currentSeq();
    const active = await this.prisma.alert.findMany({ where: { wardId, state: { in: ['pending', 'active', 'acknowledged'] } }, orderBy: { openedAt: 'asc' } });
    const missed = since !== undefined ? await this.transitions.since(wardId, since, seq) : [];
    const silences = await this.prisma.alertSilence.findMany({ where: { wardId, endedAt: null }, orderBy: { createdAt: 'asc' } });
    return { ok: true, wardId, seq, active: active.map(alertFromRow), missed, silences: silences.map(silenceFromRow) };
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: { wardId?: string }) {
    await withRequestId(requestIdFrom(), 'socket', async () => {
      if (typeof body?.wardId === 'string') await socket.leave(wardRoom(body.wardId));
      this.logger.debug(`socket unsubscribe ward ${String(body?.wardId)}`);
    });
  }

  @OnEvent(DomainEvents.AlertTransitioned)
  @OnEvent(ALERT_REBROADCAST)
  onTransition(t: AlertTransition) {
    if (!this.server) return;
    const rooms = [patientRoom(t.alert.patientId)];
    if (t.alert.wardId) rooms.push(wardRoom(t.alert.wardId));
    this.metrics.socketEmits.inc({ event: 'alert' });
    this.server.to(rooms).emit('alert', t);
  }

  @OnEvent(SILENCE_CHANGED)
  onSilence(change: SilenceChange) {
    if (!this.server) return;
    const rooms = [patientRoom(change.silence.patientId)];
    if (change.silence.wardId) rooms.push(wardRoom(change.silence.wardId));
    this.metrics.socketEmits.inc({ event: 'silence' });
    this.server.to(rooms).emit('silence', change);
  }

  @OnEvent(DomainEvents.ClinicalEventsStored)
  async onStored({ events }: ClinicalEventsStoredPayload) {
    for (const e of events) {
      // The stream itself says where a patient is: no database lookup on the hot path after the first.
      if (e.type === 'admit' || e.type === 'transfer') {
        this.wards.set(e.patientId, e.wardId);
        this.unplaced.delete(e.patientId);
      }
      if (e.type !== 'vitals') continue;
      const wardId = await this.wardOf(e.patientId);
      if (!wardId) continue;
      const snapshot: VitalsSnapshot = { patientId: e.patientId, wardId, time: e.time, sbp: e.sbp, dbp: e.dbp, map: e.map, hr: e.hr, spo2: e.spo2, rr: e.rr, temp: e.temp, o2FlowLpm: e.o2FlowLpm, fio2Pct: e.fio2Pct, o2Device: e.o2Device };
      this.vitals.offer(snapshot);
    }
  }

  /** Ward of each patient seen; unknown ones are read once (e.g. after a restart). */
  private readonly wards = new Map<string, string>();
  /** Patients found on no ward, and until when to believe it (an admit in the stream overrides). */
  private readonly unplaced = new Map<string, number>();
  private async wardOf(patientId: string): Promise<string | null> {
    const known = this.wards.get(patientId);
    if (known !== undefined) return known;
    if ((this.unplaced.get(patientId) ?? 0) > performance.now()) return null;
    const p = await this.prisma.patient.findUnique({ where: { id: patientId }, select: { wardId: true } });
    if (p?.wardId) this.wards.set(patientId, p.wardId);
    else this.unplaced.set(patientId, performance.now() + 5_000);
    return p?.wardId ?? null;
  }
}
