import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OnEvent, EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import {
  DomainEvents,
  ErrorCodes,
  severityRank,
  silenceRequestSchema,
  toFieldErrors,
  type AlertSeverity,
  type AlertSilence,
  type AlertTransition,
  type SessionUser,
  type SilenceChange,
  type SilenceEndReason,
} from '@vigil/contracts';
import type { PrismaClient, AlertSilence as AlertSilenceRow } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ApiError } from '../common/api-error';
import { assertWardAccess } from '../auth/ward-access';
import { SecurityAuditService, addressOf, userActor } from '../auth/security-audit.service';

/** In-process event: a silence started or ended (the realtime gateway forwards it to the ward). */
export const SILENCE_CHANGED = 'alert-silence.changed';

const OPEN_STATES = ['pending', 'active', 'acknowledged'];
/** How often expiries are checked: a silence ends within a second of its time. */
const EXPIRY_CHECK_MS = 1000;

export function silenceFromRow(r: AlertSilenceRow): AlertSilence {
  return {
    id: r.id,
    alertId: r.alertId,
    wardId: r.wardId,
    patientId: r.patientId,
    kind: r.kind as AlertSilence['kind'],
    reason: r.reason,
    by: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    endedBy: r.endedBy,
    endReason: r.endReason as SilenceEndReason | null,
  };
}

/**
 * Per-alert silence and shelve: who may (clinicians of the alert's ward; shelving takes a physician),
 * audited in security_audit, ended once by expiry, lift, worsening or the alert closing. An expiry
 * while the alert still alarms asks the screens to announce it again.
 */
@Injectable()
export class AlertSilencesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Silences');
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly audit: SecurityAuditService,
    private readonly bus: EventEmitter2,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.expireDue(), EXPIRY_CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  async start(user: SessionUser, alertId: string, body: unknown, req?: Request): Promise<SilenceChange> {
    if (user.role !== 'physician' && user.role !== 'nurse') throw new ApiError(403, ErrorCodes.AuthForbidden, 'silencing an alert is for the clinicians of its ward (a nurse or a physician)');
    const parsed = silenceRequestSchema.safeParse(body ?? {});
    if (!parsed.success) throw new ApiError(400, ErrorCodes.BodyInvalid, 'send { kind: "silence" | "shelve", reason, minutes }', toFieldErrors(parsed.error));
    const { kind, reason, minutes } = parsed.data;
    if (kind === 'shelve' && user.role !== 'physician') throw new ApiError(403, ErrorCodes.AuthForbidden, 'only a physician can shelve an alert (a nurse can silence it)');
    const alert = await this.prisma.alert.findUnique({ where: { id: alertId } });
    if (!alert) throw new ApiError(404, ErrorCodes.AlertNotFound, `no alert ${alertId}`);
    assertWardAccess(user, alert.wardId);
    if (!OPEN_STATES.includes(alert.state)) throw new ApiError(409, ErrorCodes.AlertResolved, `the alert has ${alert.state === 'cancelled' ? 'been cancelled' : 'resolved'}; there is nothing to silence`);
    const now = new Date();
    const row = await this.prisma.$transaction(async (tx) => {
      // A new silence replaces the one in force (e.g. a nurse's silence shelved by the physician).
      await tx.alertSilence.updateMany({ where: { alertId, endedAt: null }, data: { endedAt: now, endedBy: user.username, endReason: 'replaced' } });
      return tx.alertSilence.create({
        data: { id: `silence-${randomUUID()}`, alertId, wardId: alert.wardId, patientId: alert.patientId, kind, reason, createdBy: user.username, createdAt: now, expiresAt: new Date(now.getTime() + minutes * 60_000), severity: alert.severity },
      });
    });
    await this.audit.record({ actor: userActor(user), action: `alert.${kind}`, target: `alert:${alertId}`, outcome: 'ok', address: addressOf(req), detail: { silenceId: row.id, reason, minutes, wardId: alert.wardId, patientId: alert.patientId } });
    const change: SilenceChange = { change: 'started', silence: silenceFromRow(row), reannounce: false };
    this.bus.emit(SILENCE_CHANGED, change);
    return change;
  }

  async lift(user: SessionUser, alertId: string, req?: Request): Promise<SilenceChange> {
    if (user.role !== 'physician' && user.role !== 'nurse') throw new ApiError(403, ErrorCodes.AuthForbidden, 'lifting a silence is for the clinicians of the ward');
    const alert = await this.prisma.alert.findUnique({ where: { id: alertId }, select: { wardId: true, state: true } });
    if (!alert) throw new ApiError(404, ErrorCodes.AlertNotFound, `no alert ${alertId}`);
    assertWardAccess(user, alert.wardId);
    const ended = await this.end(alertId, 'lifted', user.username, alert.state === 'active' || alert.state === 'pending');
    if (!ended) throw new ApiError(409, ErrorCodes.AlertNotSilenced, 'the alert is not silenced or shelved (it may have just expired)');
    await this.audit.record({ actor: userActor(user), action: 'alert.silence_lift', target: `alert:${alertId}`, outcome: 'ok', address: addressOf(req), detail: { silenceId: ended.silence.id, kind: ended.silence.kind } });
    return ended;
  }

  /** Silences and shelves in force on a ward (screens load them with the ward). */
  async inForce(user: SessionUser, wardId: string): Promise<AlertSilence[]> {
    assertWardAccess(user, wardId);
    const rows = await this.prisma.alertSilence.findMany({ where: { wardId, endedAt: null }, orderBy: { createdAt: 'asc' } });
    return rows.map(silenceFromRow);
  }

  /** Every silence of an alert, newest last: part of its audit trail. */
  async ofAlert(alertId: string): Promise<AlertSilence[]> {
    const rows = await this.prisma.alertSilence.findMany({ where: { alertId }, orderBy: { createdAt: 'asc' } });
    return rows.map(silenceFromRow);
  }

  /** Worsening ends a silence (and re-announces); the alert closing ends it quietly. */
  @OnEvent(DomainEvents.AlertTransitioned)
  async onTransition(t: AlertTransition) {
    try {
      if (t.type === 'resolved' || t.type === 'cancelled') {
        await this.end(t.alert.id, 'closed', 'system', false);
        return;
      }
      if (t.type !== 'updated' && t.type !== 'escalated') return;
      const current = await this.prisma.alertSilence.findFirst({ where: { alertId: t.alert.id, endedAt: null }, select: { severity: true } });
      if (!current) return;
      if (severityRank[t.alert.severity] > severityRank[current.severity as AlertSeverity]) {
        await this.end(t.alert.id, 'worsened', 'system', true);
        await this.audit.record({ actor: 'system', action: 'alert.silence_end', target: `alert:${t.alert.id}`, outcome: 'ok', detail: { why: 'worsened', from: current.severity, to: t.alert.severity } });
      }
    } catch (e) {
      this.logger.error(`could not update the silence of ${t.alert.id} after its ${t.type}: ${(e as Error).message}`);
    }
  }

  /** Ends what is due; an alert still alarming is announced again. */
  async expireDue(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const due = await this.prisma.alertSilence.findMany({ where: { endedAt: null, expiresAt: { lte: new Date() } }, take: 500 });
      for (const s of due) {
        const alert = await this.prisma.alert.findUnique({ where: { id: s.alertId }, select: { state: true } });
        const alarming = alert?.state === 'active' || alert?.state === 'pending';
        const ended = await this.end(s.alertId, 'expired', 'system', alarming);
        if (ended) await this.audit.record({ actor: 'system', action: 'alert.silence_end', target: `alert:${s.alertId}`, outcome: 'ok', detail: { why: 'expired', silenceId: s.id, kind: s.kind, reannounced: alarming } });
      }
    } catch (e) {
      this.logger.warn(`silence expiry check failed (retried in ${EXPIRY_CHECK_MS} ms): ${(e as Error).message.split('\n').pop()}`);
    } finally {
      this.checking = false;
    }
  }

  /** Ends the silence in force, once (conditional update): null when there was none. */
  private async end(alertId: string, why: SilenceEndReason, by: string, reannounce: boolean): Promise<SilenceChange | null> {
    const current = await this.prisma.alertSilence.findFirst({ where: { alertId, endedAt: null } });
    if (!current) return null;
    const done = await this.prisma.alertSilence.updateMany({ where: { id: current.id, endedAt: null }, data: { endedAt: new Date(), endedBy: by, endReason: why } });
    if (done.count === 0) return null;
    const row = await this.prisma.alertSilence.findUniqueOrThrow({ where: { id: current.id } });
    const change: SilenceChange = { change: 'ended', silence: silenceFromRow(row), reannounce };
    this.bus.emit(SILENCE_CHANGED, change);
    return change;
  }
}
