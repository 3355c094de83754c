import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorCodes, type IngestResult } from '@vigil/contracts';
import { ApiError } from '../common/api-error';
import { AuthGuard } from '../auth/auth.guard';
import { IngestAuthGuard, type IngestRequest } from '../auth/ingest-auth.guard';
import { originOf } from '../auth/sender';
import { SecurityAuditService, addressOf } from '../auth/security-audit.service';
import { IngestGate } from '../ingest/ingest-gate.service';
import { EventStoreService } from './event-store.service';
import { parseEventBody } from './parse-event-body';
import { EventExportService } from './event-export.service';
import { FutureTimeGuard } from './future-time.guard';
import { MetricsService } from '../health/metrics.service';
import type { SessionUser } from '@vigil/contracts';

@Controller('api/events')
export class EventsController {
  constructor(
    private readonly store: EventStoreService,
    private readonly exporter: EventExportService,
    private readonly gate: IngestGate,
    private readonly audit: SecurityAuditService,
    private readonly futureTime: FutureTimeGuard,
    private readonly metrics: MetricsService,
  ) {}

  /** 202 once every accepted event is durable; 400 with the same shape when nothing was accepted. */
  @Post()
  @UseGuards(IngestAuthGuard)
  @HttpCode(202)
  async ingest(@Req() req: IngestRequest, @Headers('content-type') contentType: string | undefined, @Res({ passthrough: true }) res: Response): Promise<IngestResult> {
    const raw = typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : JSON.stringify(req.body ?? '');
    const parsed = parseEventBody(raw, contentType);
    // Future-dated events are refused one by one, like any other invalid item: the rest is kept.
    const future = this.futureTime.check(parsed.valid.map((v) => v.event));
    const timely = future.size ? parsed.valid.filter((_, i) => !future.has(i)) : parsed.valid;
    const early = future.size ? [...parsed.rejected, ...[...future].map(([i, errors]) => ({ index: parsed.valid[i].index, errors }))] : parsed.rejected;
    const screened = await this.gate.screen(req.sender!, timely);
    const batch = { valid: screened.valid, rejected: [...early, ...screened.rejected].sort((a, b) => a.index - b.index) };
    if (batch.rejected.length > 0) this.metrics.ingestEvents.inc({ channel: 'rest', outcome: 'rejected' }, batch.rejected.length);
    const { accepted, duplicates, corrected, refused = [] } = await this.store.append(
      batch.valid.map((v) => v.event),
      originOf(req.sender!, 'rest'),
    );
    const taken = new Set<number>();
    for (const r of refused) {
      // The same id can be in the batch more than once: each refusal names its own item.
      const index = batch.valid.find((v) => v.event.id === r.id && !taken.has(v.index))?.index ?? -1;
      taken.add(index);
      batch.rejected.push({ index, errors: [{ path: r.path ?? '(root)', code: r.code ?? ErrorCodes.EventRefusedByStore, message: r.reason }] });
    }
    batch.rejected.sort((a, b) => a.index - b.index);
    const result: IngestResult = { accepted, ...(corrected ? { corrected } : {}), duplicates, rejected: batch.rejected, ...(parsed.refusedFields.length ? { refusedFields: parsed.refusedFields } : {}) };
    if (batch.valid.length === refused.length) {
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
    for (const [name, v] of Object.entries({ wardId, patientId, from, to })) {
      if (v !== undefined && typeof v !== 'string') throw new ApiError(400, ErrorCodes.BodyInvalid, `${name} must be given once`);
    }
    if ((from && Number.isNaN(Date.parse(from))) || (to && Number.isNaN(Date.parse(to)))) throw new ApiError(400, ErrorCodes.BodyInvalid, 'from and to must be ISO times');
    const ended = await this.exporter.stream({ wardId, patientId, from, to, user: req.user! }, res);
    await this.audit.record({ actor: `user:${req.user!.id}`, action: 'events.export', target: patientId ? `patient:${patientId}` : `ward:${wardId}`, outcome: ended === 'failed' ? 'failed' : 'ok', address: addressOf(req), detail: { from, to, ended } });
  }
}
