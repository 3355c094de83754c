import { Inject, Injectable } from '@nestjs/common';
import { ErrorCodes, type ClinicalEvent, type FieldError } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import type { Sender } from '../auth/sender';
import { refusedType } from './ingest-policy';

export interface Screened {
  valid: { index: number; event: ClinicalEvent }[];
  rejected: { index: number; errors: FieldError[] }[];
}

/**
 * Decides, per event, whether this sender may put it in the log: the type policy (ingest-policy.ts)
 * and, for a signed-in nurse or physician charting by hand, that the patient is on one of their wards.
 */
@Injectable()
export class IngestGate {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async screen(sender: Sender, items: { index: number; event: ClinicalEvent }[]): Promise<Screened> {
    const out: Screened = { valid: [], rejected: [] };
    const typed: { index: number; event: ClinicalEvent }[] = [];
    for (const item of items) {
      const refused = refusedType(sender, item.event);
      if (refused) out.rejected.push({ index: item.index, errors: [refused] });
      else typed.push(item);
    }
    if (sender.kind !== 'user' || sender.user.role === 'admin' || typed.length === 0) {
      out.valid.push(...typed);
      return out;
    }
    const ids = [...new Set(typed.map((t) => t.event.patientId))];
    const rows = await this.prisma.patient.findMany({ where: { id: { in: ids } }, select: { id: true, wardId: true } });
    const wardOf = new Map(rows.map((r) => [r.id, r.wardId]));
    for (const item of typed) {
      const ward = wardOf.get(item.event.patientId);
      if (ward && sender.user.wardIds.includes(ward)) out.valid.push(item);
      else out.rejected.push({ index: item.index, errors: [{ path: 'patientId', code: ErrorCodes.WardForbidden, message: `patient ${item.event.patientId} is not on one of your wards` }] });
    }
    out.rejected.sort((a, b) => a.index - b.index);
    return out;
  }

  /** All or nothing (FHIR, MLLP): the first refusal, or null when every event may be stored. */
  async firstRefusal(sender: Sender, events: ClinicalEvent[]): Promise<FieldError | null> {
    const r = await this.screen(sender, events.map((event, index) => ({ index, event })));
    return r.rejected[0]?.errors[0] ?? null;
  }
}
