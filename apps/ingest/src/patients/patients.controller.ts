import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { admitEventSchema, ErrorCodes, toFieldErrors, type SessionUser } from '@vigil/contracts';
import { ApiError } from '../common/api-error';
import { AuthGuard } from '../auth/auth.guard';
import { EventStoreService } from '../events/event-store.service';
import { PatientsService } from './patients.service';

type AuthedRequest = Request & { user: SessionUser };

@Controller('api')
@UseGuards(AuthGuard)
export class PatientsController {
  constructor(
    private readonly patients: PatientsService,
    private readonly store: EventStoreService,
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
  patient(@Req() req: AuthedRequest, @Param('id') id: string) {
    return this.patients.patient(req.user, id);
  }

  @Get('patients/:id/observations')
  observations(@Req() req: AuthedRequest, @Param('id') id: string, @Query('from') from?: string, @Query('to') to?: string) {
    return this.patients.observations(req.user, id, from, to);
  }

  /** Admission through REST is an `admit` event like any other (DESIGN.md). */
  @Post('patients')
  @HttpCode(201)
  async admit(@Req() req: AuthedRequest, @Body() body: Record<string, unknown>) {
    const now = new Date().toISOString();
    const parsed = admitEventSchema.safeParse({ id: `admit-${body?.['patientId']}-${now}`, time: now, source: `user:${req.user.username}`, ...body, type: 'admit' });
    if (!parsed.success) throw new ApiError(400, ErrorCodes.EventInvalid, 'invalid admission', toFieldErrors(parsed.error));
    if (req.user.role === 'nurse' || !(req.user.role === 'admin' || req.user.wardIds.includes(parsed.data.wardId))) {
      throw new ApiError(403, ErrorCodes.AuthForbidden, 'admitting needs a physician of that ward or an admin');
    }
    await this.store.append([parsed.data]);
    return parsed.data;
  }
}
