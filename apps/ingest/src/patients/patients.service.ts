import { Inject, Injectable } from '@nestjs/common';
import { doseGateRecord, ErrorCodes, type ClinicalEvent, type DoseGateRecord, type DosePoint, type LabPoint, type Observations, type SessionUser, type UrinePoint, type VitalsPoint, type StaffMember, type WardPatient, type WardSummary } from '@vigil/contracts';
import type { PrismaClient } from '../prisma/generated/client';
import { PRISMA } from '../database/prisma.token';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { ApiError } from '../common/api-error';
import { assertWardAccess, canAccessWard } from '../auth/ward-access';
import { PatientSummaryStore } from './patient-summary.store';
import { RulesService } from '../rules/rules.service';
import { downsampleVitals } from './downsample-vitals';
import { alertFromRow } from '../alerts/alert-row.mapper';

const DAY_MS = 86_400_000;

@Injectable()
export class PatientsService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly summaries: PatientSummaryStore,
    private readonly rules: RulesService,
  ) {}

  async wards(user: SessionUser): Promise<WardSummary[]> {
    const wards = await this.prisma.ward.findMany({ orderBy: { id: 'asc' } });
    const timeZone = this.env.VIGIL_WARD_TIME_ZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    return wards.filter((w) => canAccessWard(user, w.id)).map((w) => ({ id: w.id, name: w.name, timeZone }));
  }

  /** Clinicians of a ward (and admins), by login: the dashboard shows "acknowledged by" with their names. */
  async wardStaff(user: SessionUser, wardId: string): Promise<StaffMember[]> {
    assertWardAccess(user, wardId);
    const rows = await this.prisma.user.findMany({ where: { OR: [{ wardIds: { has: wardId } }, { role: 'admin' }] }, orderBy: { username: 'asc' }, select: { username: true, displayName: true, role: true } });
    return rows;
  }

  async wardPatients(user: SessionUser, wardId: string): Promise<WardPatient[]> {
    assertWardAccess(user, wardId);
    const rows = await this.prisma.patient.findMany({ where: { wardId, dischargedAt: null }, orderBy: { bed: 'asc' } });
    const derived = await this.rules.derived(rows.map((p) => p.id));
    return rows.map((p) => {
      const d = derived.get(p.id)!;
      const s = this.summaries.get(p.id, p.weightKg, d.thresholds);
      return { id: p.id, displayName: p.displayName, mrn: p.mrn, bed: p.bed, wardId: p.wardId, weightKg: p.weightKg, latest: s.latest, lastUrineMlPerHour: s.lastUrineMlPerHour, urine: s.urine, news2: d.news2, dose: d.dose, lastDataAt: s.lastDataAt };
    });
  }

  async placement(id: string) {
    return this.prisma.patient.findUnique({ where: { id }, select: { wardId: true, dischargedAt: true } });
  }

  async unassigned(user: SessionUser) {
    if (user.role !== 'admin') throw new ApiError(403, ErrorCodes.AuthForbidden, 'only an admin can see unassigned patients');
    return this.prisma.patient.findMany({ where: { wardId: null } });
  }

  async patient(user: SessionUser, id: string) {
    const p = await this.prisma.patient.findUnique({ where: { id } });
    if (!p) throw new ApiError(404, ErrorCodes.PatientNotFound, `no patient ${id}`);
    assertWardAccess(user, p.wardId);
    const d = (await this.rules.derived([id])).get(id)!;
    return { ...p, ...this.summaries.get(id, p.weightKg, d.thresholds), news2: d.news2, dose: d.dose };
  }

  /**
   * The dose gate's record per dose, newest first (§10 "DOSE_GATE never says nothing"): the last
   * decision before each dose, why, the criteria and missing inputs, and what was done (pending,
   * given, held, expired). Read from the persisted DOSE_GATE alerts, which keep the decision after
   * the dose is documented.
   */
  async doseDecisions(user: SessionUser, id: string): Promise<DoseGateRecord[]> {
    const p = await this.prisma.patient.findUnique({ where: { id }, select: { wardId: true } });
    if (!p) throw new ApiError(404, ErrorCodes.PatientNotFound, `no patient ${id}`);
    assertWardAccess(user, p.wardId);
    const rows = await this.prisma.alert.findMany({ where: { patientId: id, rule: 'dose_gate' }, orderBy: { openedAt: 'desc' }, take: 60 });
    return rows.flatMap((r) => {
      const record = doseGateRecord(alertFromRow(r));
      return record ? [record] : [];
    });
  }

  async observations(user: SessionUser, id: string, from?: string, to?: string): Promise<Observations> {
    const p = await this.patient(user, id);
    const toTime = to ? new Date(to) : new Date();
    const fromTime = from ? new Date(from) : new Date(toTime.getTime() - DAY_MS);
    if (Number.isNaN(toTime.getTime()) || Number.isNaN(fromTime.getTime())) throw new ApiError(400, ErrorCodes.BodyInvalid, 'from and to must be ISO times');
    const rows = await this.prisma.clinicalEvent.findMany({
      where: { patientId: id, time: { gte: fromTime, lte: toTime }, type: { in: ['vitals', 'urine', 'lab', 'dose', 'weight'] } },
      orderBy: [{ time: 'asc' }, { revision: 'asc' }],
      select: { id: true, revision: true, payload: true },
    });
    // A corrected event shows as its latest revision (§10); the earlier ones stay in the log for audit.
    const latest = new Map<string, number>();
    for (const r of rows) latest.set(r.id, Math.max(r.revision, latest.get(r.id) ?? 0));
    const events = rows.filter((r) => r.revision === latest.get(r.id)).map((r) => r.payload as unknown as ClinicalEvent);
    const vitals: VitalsPoint[] = [];
    const urine: UrinePoint[] = [];
    const labs: LabPoint[] = [];
    const doses: DosePoint[] = [];
    for (const e of events) {
      if (e.type === 'vitals') vitals.push({ time: e.time, sbp: e.sbp, dbp: e.dbp, map: e.map, hr: e.hr, spo2: e.spo2, rr: e.rr, temp: e.temp, o2FlowLpm: e.o2FlowLpm });
      else if (e.type === 'urine') urine.push({ time: e.time, periodStart: e.periodStart, volumeMl: e.volumeMl });
      else if (e.type === 'lab') labs.push({ time: e.time, code: e.code, value: e.value, unit: e.unit });
      else if (e.type === 'dose') doses.push({ time: e.time, doseNumber: e.doseNumber, status: e.status });
    }
    return { from: fromTime.toISOString(), to: toTime.toISOString(), weightKg: p.weightKg, vitals: downsampleVitals(vitals, 1500), urine, labs, doses };
  }
}
