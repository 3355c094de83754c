import { Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { buildBundleResponse, buildOperationOutcome, mapFhir, mapFhirObservationBody, operationOutcomeError, type FhirMapResult } from '@vigil/interop';
import { IngestAuthGuard, type IngestRequest } from '../auth/ingest-auth.guard';
import { originOf } from '../auth/sender';
import { IngestGate } from '../ingest/ingest-gate.service';
import { ErrorCodes } from '@vigil/contracts';
import { ApiError } from '../common/api-error';
import { MetricsService } from '../health/metrics.service';
import { FutureTimeGuard } from '../events/future-time.guard';
import { EventStoreService, type AppendResult } from '../events/event-store.service';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/**
 * FHIR R4 ingest: an Observation, or a Bundle (batch, transaction, collection). Mapped entries are
 * stored before the answer; refused ones are reported per entry as OperationOutcome with a FHIRPath.
 */
@Controller('fhir')
@UseGuards(IngestAuthGuard)
export class FhirController {
  constructor(
    private readonly store: EventStoreService,
    private readonly gate: IngestGate,
    private readonly futureTime: FutureTimeGuard,
    private readonly metrics: MetricsService,
  ) {}

  @Post('Observation')
  async observation(@Req() req: IngestRequest, @Res() res: Response) {
    const body = this.parse(req, res);
    if (body === undefined) return;
    await this.answer(req, res, mapFhirObservationBody(body), 201);
  }

  @Post()
  async bundle(@Req() req: IngestRequest, @Res() res: Response) {
    const body = this.parse(req, res);
    if (body === undefined) return;
    await this.answer(req, res, mapFhir(body), 200);
  }

  private parse(req: Request, res: Response): unknown {
    try {
      return JSON.parse(typeof req.body === 'string' ? req.body : '');
    } catch (e) {
      this.rejected(1);
      res.status(400).type(FHIR_JSON).json(operationOutcomeError(`body is not JSON: ${(e as Error).message}`, 'structure'));
      return undefined;
    }
  }

  /** Events refused before storing (a request that could not be read counts as one). */
  private rejected(n: number) {
    this.metrics.ingestEvents.inc({ channel: 'fhir', outcome: 'rejected' }, n);
  }

  private async answer(req: IngestRequest, res: Response, result: FhirMapResult, okStatus: number) {
    if (!result.ok) {
      this.rejected(1);
      // A refused transaction is answered entry by entry so the sender sees which one broke it.
      const bundle = buildBundleResponse(result);
      res.status(result.code === 'not-supported' ? 422 : 400).type(FHIR_JSON).json(bundle && bundle.entry.length > 0 ? bundle : buildOperationOutcome(result));
      return;
    }
    const future = this.futureTime.check(result.events);
    if (future.size > 0) {
      this.rejected(result.events.length);
      const [first] = [...future.values()][0];
      res.status(400).type(FHIR_JSON).json(operationOutcomeError(`${ErrorCodes.EventFutureTime} ${first.path}: ${first.message}`, 'value'));
      return;
    }
    // All or nothing, like a refused transaction: an event this sender may not send refuses the request.
    const refused = await this.gate.firstRefusal(req.sender!, result.events);
    if (refused) {
      this.rejected(result.events.length);
      res.status(403).type(FHIR_JSON).json(operationOutcomeError(`${refused.code}: ${refused.message}`, 'business-rule'));
      return;
    }
    let stored: AppendResult;
    try {
      stored = await this.store.append(result.events, originOf(req.sender!, 'fhir'));
    } catch (e) {
      res.status(e instanceof ApiError ? e.status : 500).type(FHIR_JSON).json(operationOutcomeError(e instanceof ApiError ? e.message : 'internal error', 'processing'));
      return;
    }
    const bundle = buildBundleResponse(result);
    if (bundle) {
      res.status(okStatus).type(FHIR_JSON).json(bundle);
      return;
    }
    const outcome = buildOperationOutcome(result);
    for (const r of stored.refused ?? []) outcome.issue.push({ severity: 'error', code: 'processing', diagnostics: `${r.code ?? ErrorCodes.EventRefusedByStore} ${r.id}: ${r.reason}` });
    outcome.issue.push({ severity: 'information', code: 'informational', diagnostics: `${stored.accepted - (stored.corrected ?? 0)} new, ${stored.corrected ? `${stored.corrected} corrected, ` : ''}${stored.duplicates} already stored` });
    res.status(okStatus).type(FHIR_JSON).json(outcome);
  }
}
