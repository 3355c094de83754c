import { Body, Controller, Get, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionUser } from '@vigil/contracts';
import { AuthGuard } from '../auth/auth.guard';
import { ThresholdsService } from './thresholds.service';

type AuthedRequest = Request & { user: SessionUser };

@Controller('api')
@UseGuards(AuthGuard)
export class ThresholdsController {
  constructor(private readonly thresholds: ThresholdsService) {}

  @Post('wards/:id/thresholds')
  changeWard(@Req() req: AuthedRequest, @Param('id') id: string, @Body() body: unknown) {
    return this.thresholds.change(req.user, 'ward', id, body);
  }

  @Post('patients/:id/thresholds')
  changePatient(@Req() req: AuthedRequest, @Param('id') id: string, @Body() body: unknown) {
    return this.thresholds.change(req.user, 'patient', id, body);
  }

  @Get('patients/:id/thresholds')
  current(@Req() req: AuthedRequest, @Param('id') id: string) {
    return this.thresholds.current(req.user, id);
  }
}
