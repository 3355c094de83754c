import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { z } from 'zod';
import { DomainEvents, ErrorCodes, toFieldErrors, type AcknowledgeRequest, type Alert, type AlertDetail, type AlertTransition, type SessionUser } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ApiError } from '../common/api-error';
import { EventStoreService } from '../events/event-store.service';
import { assertWardAccess } from '../auth/ward-access';
import { alertFromRow } from './alert-row.mapper';
import { AlertTransitionsRepository } from './alert-transitions.repository';
import { AlertSilencesService } from './alert-silences.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';

export interface AlertQuery {
  wardId?: string;
  patientId?: string;
  state?: string;
  since?: string;
}

const ACK_TIMEOUT_MS = 10_000;

const alertQuerySchema = z.object({
  wardId: z.string().min(1).max(100).optional(),
  patientId: z.string().min(1).max(100).optional(),
  state: z.string().max(200).optional(),
  since: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO time').optional(),
});

@Injectable()
export class AlertsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly store: EventStoreService,
    private readonly transitions: AlertTransitionsRepository,
    private readonly bus: EventEmitter2,
    private readonly silences: AlertSilencesService,
    private readonly notifications: NotificationsService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async list(user: SessionUser, query: unknown): Promise<Alert[]> {
    // Query strings arrive as anything (?state=a&state=b is an array): a bad one is a 400, never a 500.
    const parsed = alertQuerySchema.safeParse(query ?? {});
    if (!parsed.success) throw new ApiError(400, ErrorCodes.BodyInvalid, 'give wardId, patientId, state (comma-separated) and since (ISO time) at most once each', toFieldErrors(parsed.error));
    const q = parsed.data;
    if (q.wardId) assertWardAccess(user, q.wardId);
    const states = q.state ? q.state.split(',') : undefined;
    const rows = await this.prisma.alert.findMany({
      where: {
        wardId: q.wardId ?? (user.role === 'admin' ? undefined : { in: user.wardIds }),
        patientId: q.patientId,
        state: states ? { in: states } : undefined,
        updatedAt: q.since ? { gte: new Date(q.since) } : undefined,
      },
      orderBy: { openedAt: 'desc' },
      take: 1000,
    });
    return rows.map(alertFromRow);
  }

  async get(user: SessionUser, id: string): Promise<AlertDetail> {
    const row = await this.prisma.alert.findUnique({ where: { id } });
    if (!row) throw new ApiError(404, ErrorCodes.AlertNotFound, `no alert ${id}`);
    assertWardAccess(user, row.wardId);
    return { ...alertFromRow(row), history: await this.transitions.history(id), silences: await this.silences.ofAlert(id), notifications: await this.notifications.deliveries(id) };
  }

  /**
   * A physician acknowledges: the claim is a conditional update, so of two physicians at once one
   * wins and the other gets ALERT.ALREADY_ACKNOWLEDGED. The acknowledgement then enters the log as an
   * event and reaches the engine like any other input; we answer once its transition is persisted.
   */
  async acknowledge(user: SessionUser, id: string, body: AcknowledgeRequest): Promise<Alert> {
    if (user.role !== 'physician') throw new ApiError(403, ErrorCodes.AuthForbidden, 'only a physician can acknowledge an alert');
    const row = await this.prisma.alert.findUnique({ where: { id } });
    if (!row) throw new ApiError(404, ErrorCodes.AlertNotFound, `no alert ${id}`);
    assertWardAccess(user, row.wardId);
    if (row.state === 'resolved' || row.state === 'cancelled') throw new ApiError(409, ErrorCodes.AlertResolved, `the alert has ${row.state === 'cancelled' ? 'been cancelled' : 'resolved'}; there is nothing to acknowledge`);
    if (row.state === 'acknowledged') throw new ApiError(409, ErrorCodes.AlertAlreadyAcknowledged, `already acknowledged by ${row.acknowledgedBy ?? 'someone'}`);
    const now = new Date();
    const claimed = await this.prisma.alert.updateMany({
      where: { id, state: { in: ['active', 'pending'] } },
      data: { state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: user.username, ackNote: body.note ?? null, ackDisposition: body.disposition ?? null },
    });
    if (claimed.count === 0) {
      const current = await this.prisma.alert.findUnique({ where: { id } });
      if (current?.state === 'resolved' || current?.state === 'cancelled') throw new ApiError(409, ErrorCodes.AlertResolved, `the alert ${current.state} meanwhile`);
      throw new ApiError(409, ErrorCodes.AlertAlreadyAcknowledged, `already acknowledged by ${current?.acknowledgedBy ?? 'someone'}`);
    }
    const done = this.waitForTransition(id, 'acknowledged', row.lastSeq);
    try {
      await this.store.append([
        {
          id: `ack-${id}-${randomUUID()}`,
          patientId: row.patientId,
          time: now.toISOString(),
          type: 'acknowledge',
          source: `user:${user.username}`,
          alertId: id,
          by: user.username,
          role: user.role,
          note: body.note,
          disposition: body.disposition,
        },
      ], { sender: `user:${user.id}`, channel: 'rest' });
    } catch (error) {
      // Not in the log, so not acknowledged: give the claim back so the alert keeps alarming.
      done.catch(() => undefined);
      await this.prisma.alert
        .updateMany({ where: { id, state: 'acknowledged', acknowledgedBy: user.username }, data: { state: row.state, acknowledgedAt: null, acknowledgedBy: null, ackNote: null, ackDisposition: null } })
        .catch(() => undefined);
      throw error;
    }
    const t = await done;
    return t.alert;
  }

  /**
   * The alert's next transition of `type`. One node: its rules announce it here. A cluster: the
   * partition's owner may be another node, so the alert's audit rows after `afterSeq` are polled too.
   */
  private waitForTransition(alertId: string, type: AlertTransition['type'], afterSeq: bigint): Promise<AlertTransition> {
    return new Promise((resolve, reject) => {
      const finish = (t: AlertTransition) => {
        clearTimeout(timer);
        clearInterval(poll);
        this.bus.off(DomainEvents.AlertTransitioned, listener);
        resolve(t);
      };
      const listener = (t: AlertTransition) => {
        if (t.alert.id === alertId && t.type === type) finish(t);
      };
      let polling = false;
      const poll = this.env.VIGIL_CLUSTER
        ? setInterval(() => {
            if (polling) return;
            polling = true;
            this.prisma.alertEvent
              .findFirst({ where: { alertId, type, seq: { gt: afterSeq } }, orderBy: { seq: 'asc' } })
              .then((r) => {
                if (r) finish({ seq: Number(r.seq), type: r.type as AlertTransition['type'], at: r.at.toISOString(), alert: r.snapshot as unknown as AlertTransition['alert'] });
              })
              .catch(() => undefined)
              .finally(() => (polling = false));
          }, 100)
        : undefined;
      const timer = setTimeout(() => {
        clearInterval(poll);
        this.bus.off(DomainEvents.AlertTransitioned, listener);
        reject(new ApiError(503, ErrorCodes.StoreUnavailable, 'the acknowledgement was stored but the rules did not confirm it in time; refresh'));
      }, ACK_TIMEOUT_MS);
      this.bus.on(DomainEvents.AlertTransitioned, listener);
    });
  }
}
