import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { acknowledgeRequestSchema, ErrorCodes, toFieldErrors, type SessionUser } from '@vigil/contracts';
import { ApiError } from '../common/api-error';
import { AuthGuard } from '../auth/auth.guard';
import { AlertsService } from './alerts.service';
import { AlertSilencesService } from './alert-silences.service';

type AuthedRequest = Request & { user: SessionUser };

@Controller('api/alerts')
@UseGuards(AuthGuard)
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly silences: AlertSilencesService,
  ) {}

  @Get()
  list(@Req() req: AuthedRequest, @Query() q: unknown) {
    return this.alerts.list(req.user, q);
  }

  /** Silence (a nurse or physician) or shelve (a physician) with a reason and an expiry. */
  @Post(':id/silence')
  @HttpCode(201)
  silence(@Req() req: AuthedRequest, @Param('id') id: string, @Body() body: unknown) {
    return this.silences.start(req.user, id, body, req);
  }

  @Delete(':id/silence')
  lift(@Req() req: AuthedRequest, @Param('id') id: string) {
    return this.silences.lift(req.user, id, req);
  }

  @Get(':id')
  get(@Req() req: AuthedRequest, @Param('id') id: string) {
    return this.alerts.get(req.user, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@Req() req: AuthedRequest, @Param('id') id: string, @Body() body: unknown) {
    const parsed = acknowledgeRequestSchema.safeParse(body ?? {});
    if (!parsed.success) throw new ApiError(400, ErrorCodes.BodyInvalid, 'send { note?, disposition? }', toFieldErrors(parsed.error));
    return this.alerts.acknowledge(req.user, id, parsed.data);
  }
}
