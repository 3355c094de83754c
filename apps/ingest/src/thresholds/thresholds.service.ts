import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { thresholdKeys } from '@vigil/rules';
import { ErrorCodes, toFieldErrors, type ClinicalEvent, type SessionUser } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ApiError } from '../common/api-error';
import { assertWardAccess } from '../auth/ward-access';
import { EventStoreService } from '../events/event-store.service';
import { RulesService } from '../rules/rules.service';

export const thresholdsChangeSchema = z.object({
  values: z.partialRecord(z.enum(thresholdKeys as [string, ...string[]]), z.number().finite().min(0, 'a threshold cannot be negative')).refine((v) => Object.keys(v).length > 0, 'give at least one threshold'),
  reason: z.string().trim().min(3, 'say why the thresholds change').max(2000),
});

/** Threshold changes: data, not code. Each is an event in the log (the engine applies it) and an audited, versioned row. */
@Injectable()
export class ThresholdsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly store: EventStoreService,
    private readonly rules: RulesService,
  ) {}

  async change(user: SessionUser, scope: 'ward' | 'patient', scopeId: string, body: unknown) {
    if (user.role === 'nurse') throw new ApiError(403, ErrorCodes.AuthForbidden, 'threshold changes need a physician or an admin');
    const parsed = thresholdsChangeSchema.safeParse(body);
    if (!parsed.success) throw new ApiError(400, ErrorCodes.BodyInvalid, 'send { values: { <thresholdKey>: number }, reason }', toFieldErrors(parsed.error));
    const values = parsed.data.values as Record<string, number>;
    const wardId = scope === 'ward' ? scopeId : await this.wardOf(scopeId);
    assertWardAccess(user, wardId);
    const now = new Date().toISOString();
    const event: ClinicalEvent = {
      id: `thresholds-${randomUUID()}`,
      // Ward-wide changes belong to no patient; the log keys them by ward.
      patientId: scope === 'patient' ? scopeId : `ward:${scopeId}`,
      time: now,
      type: 'thresholds',
      source: `user:${user.username}`,
      scope,
      ...(scope === 'ward' ? { wardId: scopeId } : {}),
      values,
      by: user.username,
      reason: parsed.data.reason,
    };
    const version = (await this.prisma.thresholdSet.count({ where: { scope, scopeId } })) + 1;
    await this.store.append([event], { sender: `user:${user.id}`, channel: 'rest' });
    await this.prisma.thresholdSet.create({ data: { scope, scopeId, version, values, createdBy: user.username, reason: parsed.data.reason } });
    await this.rules.idle();
    return { scope, scopeId, version, values, by: user.username, reason: parsed.data.reason, at: now, eventId: event.id };
  }

  async current(user: SessionUser, patientId: string) {
    const wardId = await this.wardOf(patientId);
    assertWardAccess(user, wardId);
    const history = await this.prisma.thresholdSet.findMany({ where: { OR: [{ scope: 'patient', scopeId: patientId }, ...(wardId ? [{ scope: 'ward', scopeId: wardId }] : [])] }, orderBy: { createdAt: 'asc' } });
    const inForce = (await this.rules.derived([patientId])).get(patientId)!.thresholds;
    return { patientId, inForce, history };
  }

  private async wardOf(patientId: string): Promise<string | null> {
    const p = await this.prisma.patient.findUnique({ where: { id: patientId }, select: { wardId: true } });
    if (!p) throw new ApiError(404, ErrorCodes.PatientNotFound, `no patient ${patientId}`);
    return p.wardId;
  }
}
