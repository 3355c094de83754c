import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DomainEvents, type ClinicalEventsStoredPayload } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';

/**
 * Keeps the patient table in step with admit/transfer/discharge events. Events for a patient nobody
 * has admitted yet create an unassigned patient (no ward), so they are listed, never dropped; the
 * engine processes them when the admit arrives.
 */
@Injectable()
export class PatientProjectionListener implements OnApplicationShutdown {
  private readonly logger = new Logger('Patients');
  private readonly known = new Set<string>();
  /** One batch at a time, in store order: an admit is applied before the transfer that follows it. */
  private chain: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  @OnEvent(DomainEvents.ClinicalEventsStored)
  onStored({ events }: ClinicalEventsStoredPayload) {
    this.chain = this.chain.then(() => this.applyWithRetry(events));
  }

  /** The log already holds these events; a busy or briefly unreachable database only delays the projection. */
  private async applyWithRetry(events: ClinicalEventsStoredPayload['events']) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.apply(events);
      } catch (e) {
        // Shutting down: the log holds the events and the next start rebuilds from it.
        if (this.closing) return;
        if (attempt >= 8) return this.logger.error(`patient projection gave up on a batch of ${events.length} after ${attempt} attempts: ${(e as Error).message}`);
        this.logger.warn(`patient projection retrying (${attempt}): ${(e as Error).message.split('\n').pop()}`);
        await new Promise((r) => setTimeout(r, 250 * 2 ** attempt).unref());
      }
    }
  }

  onApplicationShutdown() {
    this.closing = true;
  }

  /** Alerts raised while the patient was on no ward belong to the ward that admits them (else only admins saw them). */
  private async attachUnplacedAlerts(patientId: string, wardId: string, bed: string) {
    await this.prisma.alert.updateMany({ where: { patientId, wardId: null }, data: { wardId, bed } });
  }

  private async apply(events: ClinicalEventsStoredPayload['events']) {
    const unseen = new Set<string>();
    for (const e of events) {
      if (e.type === 'thresholds' && e.scope === 'ward') continue; // keyed by ward, not a patient
      if (e.type === 'admit' || e.type === 'transfer') {
        // Plain INSERT … ON CONFLICT DO NOTHING: no interactive transaction to wait for under load.
        await this.prisma.ward.createMany({ data: [{ id: e.wardId, name: e.wardId }], skipDuplicates: true });
        await this.prisma.bed.createMany({ data: [{ id: `${e.wardId}:${e.bed}`, wardId: e.wardId, label: e.bed }], skipDuplicates: true });
      }
      if (e.type === 'admit') {
        // A re-admission without MRN, name or weight keeps the ones on record.
        const data = { wardId: e.wardId, bed: e.bed, weightKg: e.weightKg, mrn: e.mrn, displayName: e.displayName, baseline: e.baseline ?? undefined, admittedAt: new Date(e.time), dischargedAt: null };
        await this.prisma.patient.upsert({ where: { id: e.patientId }, create: { id: e.patientId, ...data }, update: data });
        await this.attachUnplacedAlerts(e.patientId, e.wardId, e.bed);
      } else if (e.type === 'transfer') {
        await this.prisma.patient.upsert({ where: { id: e.patientId }, create: { id: e.patientId, wardId: e.wardId, bed: e.bed }, update: { wardId: e.wardId, bed: e.bed } });
        await this.attachUnplacedAlerts(e.patientId, e.wardId, e.bed);
      } else if (e.type === 'discharge') {
        await this.prisma.patient.updateMany({ where: { id: e.patientId }, data: { dischargedAt: new Date(e.time) } });
      } else if (e.type === 'weight') {
        await this.prisma.patient.updateMany({ where: { id: e.patientId }, data: { weightKg: e.kg } });
      } else if (!this.known.has(e.patientId)) {
        unseen.add(e.patientId);
      }
      this.known.add(e.patientId);
    }
    // Patients first seen through their data: one INSERT … ON CONFLICT DO NOTHING for the batch.
    if (unseen.size > 0) await this.prisma.patient.createMany({ data: [...unseen].map((id) => ({ id })), skipDuplicates: true });
  }
}
