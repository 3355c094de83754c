import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { admitEventSchema, ErrorCodes, toFieldErrors, type SessionUser } from '@vigil/contracts';
import { ApiError } from '../common/api-error';
import { AuthGuard } from '../auth/auth.guard';
import { EventStoreService } from '../events/event-store.service';
import { PatientsService } from './patients.service';
import { SecurityAuditService, addressOf, userActor } from '../auth/security-audit.service';

type AuthedRequest = Request & { user: SessionUser };

@Controller('api')
@UseGuards(AuthGuard)
export class PatientsController {
  constructor(
    private readonly patients: PatientsService,
    private readonly store: EventStoreService,
    private readonly audit: SecurityAuditService,
  ) {}

  @Get('wards')
  wards(@Req() req: AuthedRequest) {
    return this.patients.wards(req.user);
  }

  @Get('wards/:id/staff')
  wardStaff(@Req() req: AuthedRequest, @Param('id') id: string) {
    return this.patients.wardStaff(req.user, id);
  }

  @Get('wards/:id/patients')
  wardPatients(@Req() req: AuthedRequest, @Param('id') id: string) {
    return this.patients.wardPatients(req.user, id);
  }

  /** Patients with events but no admission yet: listed so nothing is silently dropped. */
  @Get('patients/unassigned')
  unassigned(@Req() req: AuthedRequest) {
    return this.patients.unassigned(req.user);
  }

  @Get('patients/:id')
  async patient(@Req() req: AuthedRequest, @Param('id') id: string) {
    const p = await this.patients.patient(req.user, id);
    await this.audit.record({ actor: userActor(req.user), action: 'patient.read', target: `patient:${id}`, outcome: 'ok', address: addressOf(req) });
    return p;
  }

  /** The dose gate's last decision per dose and what was done with the dose (newest first). */
  @Get('patients/:id/dose-decisions')
  async doseDecisions(@Req() req: AuthedRequest, @Param('id') id: string) {
    const d = await this.patients.doseDecisions(req.user, id);
    await this.audit.record({ actor: userActor(req.user), action: 'patient.dose_decisions_read', target: `patient:${id}`, outcome: 'ok', address: addressOf(req) });
    return d;
  }

  @Get('patients/:id/observations')
  async observations(@Req() req: AuthedRequest, @Param('id') id: string, @Query('from') from?: unknown, @Query('to') to?: unknown) {
    if ((from !== undefined && typeof from !== 'string') || (to !== undefined && typeof to !== 'string')) throw new ApiError(400, ErrorCodes.BodyInvalid, 'from and to must each be one ISO time');
    const o = await this.patients.observations(req.user, id, from, to);
    await this.audit.record({ actor: userActor(req.user), action: 'patient.observations_read', target: `patient:${id}`, outcome: 'ok', address: addressOf(req), detail: { from, to } });
    return o;
  }

  /** Admission through REST is an `admit` event like any other (DESIGN.md). */
  @Post('patients')
  @HttpCode(201)
  async admit(@Req() req: AuthedRequest, @Body() body: Record<string, unknown>) {
    const now = new Date().toISOString();
    const parsed = admitEventSchema.safeParse({ id: `admit-${body?.['patientId']}-${now}`, time: now, ...body, source: `user:${req.user.username}`, type: 'admit' });
    if (!parsed.success) throw new ApiError(400, ErrorCodes.EventInvalid, 'invalid admission', toFieldErrors(parsed.error));
    if (req.user.role === 'nurse' || !(req.user.role === 'admin' || req.user.wardIds.includes(parsed.data.wardId))) {
      throw new ApiError(403, ErrorCodes.AuthForbidden, 'admitting needs a physician of that ward or an admin');
    }
    // Moving a patient another ward holds is a transfer: only an admin or the ADT interface does that.
    const current = await this.patients.placement(parsed.data.patientId);
    if (req.user.role !== 'admin' && current?.wardId && !current.dischargedAt && current.wardId !== parsed.data.wardId) {
      throw new ApiError(403, ErrorCodes.WardForbidden, `patient ${parsed.data.patientId} is on ward ${current.wardId}: a transfer needs an admin or the ADT interface`);
    }
    await this.store.append([parsed.data], { sender: `user:${req.user.id}`, channel: 'rest' });
    return parsed.data;
  }
}
