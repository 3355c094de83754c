import { Controller, Get, Header, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SessionUser } from '@vigil/contracts';
import { AuthGuard } from '../auth/auth.guard';
import { AlertHistoryService } from './alert-history.service';

type AuthedRequest = Request & { user: SessionUser };

@Controller('api/alert-history')
@UseGuards(AuthGuard)
export class AlertHistoryController {
  constructor(private readonly history: AlertHistoryService) {}

  @Get()
  search(@Req() req: AuthedRequest, @Query() q: unknown) {
    return this.history.search(req.user, q);
  }

  @Get('export.csv')
  @Header('Cache-Control', 'no-store')
  async exportCsv(@Req() req: AuthedRequest, @Query() q: unknown, @Res() res: Response) {
    const out = await this.history.exportCsv(req.user, q, req);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${out.filename}"`);
    res.setHeader('X-Vigil-Rows', String(out.rows));
    // A BOM so spreadsheets read the UTF-8 (names, µ, °C) correctly.
    res.send(`\uFEFF${out.body}`);
  }
}
