import { Inject, Injectable } from '@nestjs/common';
import type { PatientUpdate } from '@vigil/interop';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';

/** Demographics and location from ADT that are not clinical events (e.g. an A08 update, an A01 without weight). */
@Injectable()
export class PatientRegistryService {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async applyUpdate(u: PatientUpdate) {
    if (u.wardId) await this.prisma.ward.upsert({ where: { id: u.wardId }, create: { id: u.wardId, name: u.wardId }, update: {} });
    const data = {
      ...(u.mrn ? { mrn: u.mrn } : {}),
      ...(u.displayName ? { displayName: u.displayName } : {}),
      ...(u.wardId ? { wardId: u.wardId } : {}),
      ...(u.bed ? { bed: u.bed } : {}),
      ...(u.weightKg ? { weightKg: u.weightKg } : {}),
      ...(u.trigger === 'A03' ? { dischargedAt: new Date(u.time) } : {}),
    };
    await this.prisma.patient.upsert({ where: { id: u.patientId }, create: { id: u.patientId, ...data }, update: data });
  }
}
