import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { MetricsService } from '../health/metrics.service';
import { OnEvent } from '@nestjs/event-emitter';
import { DomainEvents, type Alert, type AlertTransition } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { WebhookChannel } from './webhook.channel';
import { Hl7AlarmChannel } from './hl7-alarm.channel';
import type { EscalationNotice, NotificationChannel } from './notification-channel';

/**
 * Decides whether this node sends a given alert's notifications. One node: always. A cluster (issue 21)
 * provides NOTIFICATION_GATE so only the owner of the alert's partition sends.
 */
export interface NotificationGate {
  owns(alert: Alert): boolean;
}
export const NOTIFICATION_GATE = Symbol('NOTIFICATION_GATE');

export interface DeliveryView {
  channel: string;
  target: string;
  escalationLevel: number;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/**
 * Notifications out, on each escalation step: a signed webhook and an HL7 ORU^R40 over MLLP, whichever
 * are configured. Exactly once per step and channel on a node: the delivery row (id channel:alert:level)
 * is claimed before sending, so a transition seen again (a rebuild after a crash) sends nothing more.
 * Failures are retried with exponential backoff; every attempt is recorded on the row.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly channels: NotificationChannel[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private closing = false;
  /** Deliveries in flight (tests and shutdown wait on them). */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(ENV) private readonly env: Env,
    @Optional() private readonly metrics?: MetricsService,
    @Optional() @Inject(NOTIFICATION_GATE) private readonly gate?: NotificationGate,
  ) {
    if (env.VIGIL_WEBHOOK_URL && env.VIGIL_WEBHOOK_SECRET) this.channels.push(new WebhookChannel(env.VIGIL_WEBHOOK_URL, env.VIGIL_WEBHOOK_SECRET, env.VIGIL_NOTIFY_TIMEOUT_MS));
    if (env.VIGIL_HL7_NOTIFY_PEER) this.channels.push(new Hl7AlarmChannel(env.VIGIL_HL7_NOTIFY_PEER, env.VIGIL_HL7_NOTIFY_RECEIVER, env.VIGIL_NOTIFY_TIMEOUT_MS));
  }

  get configured(): string[] {
    return this.channels.map((c) => c.name);
  }

  /** Deliveries left pending by a stop or a crash are resumed (their claim row holds the notice). */
  async onApplicationBootstrap() {
    if (this.channels.length === 0) return;
    const pending = await this.prisma.notificationDelivery.findMany({ where: { status: 'pending' } });
    for (const row of pending) {
      const channel = this.channels.find((c) => c.name === row.channel);
      if (!channel) continue;
      this.track(this.attempt(channel, row.id, row.payload as unknown as EscalationNotice, row.attempts + 1));
    }
    if (pending.length) this.logger.log(`resuming ${pending.length} pending notification(s)`);
  }

  onApplicationShutdown() {
    this.closing = true;
    for (const t of this.timers) clearTimeout(t);
  }

  /** Waits until no delivery is in flight or waiting for a retry (tests). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  @OnEvent(DomainEvents.AlertTransitioned)
  async onTransition(t: AlertTransition) {
    if (t.type !== 'escalated' || this.channels.length === 0) return;
    if (this.gate && !this.gate.owns(t.alert)) return;
    const name = await this.prisma.patient.findUnique({ where: { id: t.alert.patientId }, select: { displayName: true } }).catch(() => null);
    const notice: EscalationNotice = { seq: t.seq, at: t.at, alert: t.alert, patientName: name?.displayName ?? null };
    for (const channel of this.channels) {
      const id = `${channel.name}:${t.alert.id}:${t.alert.escalationLevel}`;
      let claimed: number;
      try {
        // ON CONFLICT DO NOTHING: a step already claimed (sent, or being sent) is not sent again.
        ({ count: claimed } = await this.prisma.notificationDelivery.createMany({
          data: [{ id, channel: channel.name, target: channel.target, alertId: t.alert.id, wardId: t.alert.wardId, patientId: t.alert.patientId, escalationLevel: t.alert.escalationLevel, transitionSeq: BigInt(t.seq), status: 'pending', payload: notice as object }],
          skipDuplicates: true,
        }));
      } catch (e) {
        this.logger.error(`could not record notification ${id}; not sent: ${(e as Error).message.split('\n').pop()}`);
        continue;
      }
      if (claimed === 0) continue;
      this.track(this.attempt(channel, id, notice, 1));
    }
  }

  async deliveries(alertId: string): Promise<DeliveryView[]> {
    const rows = await this.prisma.notificationDelivery.findMany({ where: { alertId }, orderBy: [{ escalationLevel: 'asc' }, { channel: 'asc' }] });
    return rows.map((r) => ({ channel: r.channel, target: r.target, escalationLevel: r.escalationLevel, status: r.status, attempts: r.attempts, lastError: r.lastError, createdAt: r.createdAt.toISOString(), deliveredAt: r.deliveredAt?.toISOString() ?? null }));
  }

  private track(p: Promise<void>) {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** One attempt; on failure the next is scheduled after VIGIL_NOTIFY_BACKOFF_MS × 2^(n-1), up to VIGIL_NOTIFY_MAX_ATTEMPTS. */
  private async attempt(channel: NotificationChannel, id: string, notice: EscalationNotice, n: number): Promise<void> {
    if (this.closing) return;
    try {
      await channel.send(notice, id);
      await this.prisma.notificationDelivery.update({ where: { id }, data: { status: 'delivered', attempts: n, lastError: null, deliveredAt: new Date() } });
      this.metrics?.notificationDeliveries.inc({ channel: channel.name, outcome: 'delivered' });
      return;
    } catch (e) {
      const message = (e as Error).message.slice(0, 500);
      const last = n >= this.env.VIGIL_NOTIFY_MAX_ATTEMPTS;
      this.metrics?.notificationDeliveries.inc({ channel: channel.name, outcome: last ? 'failed' : 'retrying' });
      await this.prisma.notificationDelivery.update({ where: { id }, data: { status: last ? 'failed' : 'pending', attempts: n, lastError: message } }).catch(() => undefined);
      if (last) {
        this.logger.error(`notification ${id} to ${channel.target} failed after ${n} attempts: ${message}`);
        return;
      }
      const delay = Math.min(this.env.VIGIL_NOTIFY_BACKOFF_MS * 2 ** (n - 1), 5 * 60_000);
      this.logger.warn(`notification ${id} to ${channel.target} failed (attempt ${n}), retrying in ${delay} ms: ${message}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, delay);
        this.timers.add(timer);
      });
      return this.attempt(channel, id, notice, n + 1);
    }
  }
}
