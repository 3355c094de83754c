import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorCodes, type IngestResult } from '@vigil/contracts';
import { ApiError } from '../common/api-error';
import { AuthGuard } from '../auth/auth.guard';
import { IngestAuthGuard } from '../auth/ingest-auth.guard';
import { EventStoreService } from './event-store.service';
import { parseEventBody } from './parse-event-body';
import { EventExportService } from './event-export.service';
import { FutureTimeGuard } from './future-time.guard';
import type { SessionUser } from '@vigil/contracts';

@Controller('api/events')
export class EventsController {
  constructor(
    private readonly store: EventStoreService,
    private readonly exporter: EventExportService,
    private readonly futureTime: FutureTimeGuard,
  ) {}

  /** 202 once every accepted event is durable; 400 with the same shape when nothing was accepted. */
  @Post()
  @UseGuards(IngestAuthGuard)
  @HttpCode(202)
  async ingest(@Req() req: Request, @Headers('content-type') contentType: string | undefined, @Res({ passthrough: true }) res: Response): Promise<IngestResult> {
    const raw = typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : JSON.stringify(req.body ?? '');
    const batch = parseEventBody(raw, contentType);
    // Future-dated events are refused one by one, like any other invalid item: the rest is kept.
    const future = this.futureTime.check(batch.valid.map((v) => v.event));
    const valid = future.size ? batch.valid.filter((_, i) => !future.has(i)) : batch.valid;
    const rejected = future.size ? [...batch.rejected, ...[...future].map(([i, errors]) => ({ index: batch.valid[i].index, errors }))].sort((a, b) => a.index - b.index) : batch.rejected;
    const { accepted, duplicates } = await this.store.append(valid.map((v) => v.event));
    const result: IngestResult = { accepted, duplicates, rejected, ...(batch.refusedFields.length ? { refusedFields: batch.refusedFields } : {}) };
    if (valid.length === 0) {
      throw new ApiError(400, ErrorCodes.EventInvalid, 'no event in the request was valid', undefined, { ...result });
    }
    res.status(202);
    return result;
  }

  /** Streams the log as NDJSON: a recording is just this. */
  @Get('export')
  @UseGuards(AuthGuard)
  async export(
    @Req() req: Request & { user?: SessionUser },
    @Query('wardId') wardId: string | undefined,
    @Query('patientId') patientId: string | undefined,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Res() res: Response,
  ) {
    await this.exporter.stream({ wardId, patientId, from, to, user: req.user! }, res);
  }
}
