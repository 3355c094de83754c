import { Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { buildBundleResponse, buildOperationOutcome, mapFhir, mapFhirObservationBody, operationOutcomeError, type FhirMapResult } from '@vigil/interop';
import { IngestAuthGuard } from '../auth/ingest-auth.guard';
import { ErrorCodes } from '@vigil/contracts';
import { ApiError } from '../common/api-error';
import { FutureTimeGuard } from '../events/future-time.guard';
import { EventStoreService } from '../events/event-store.service';

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
    private readonly futureTime: FutureTimeGuard,
  ) {}

  @Post('Observation')
  async observation(@Req() req: Request, @Res() res: Response) {
    const body = this.parse(req, res);
    if (body === undefined) return;
    await this.answer(res, mapFhirObservationBody(body), 201);
  }

  @Post()
  async bundle(@Req() req: Request, @Res() res: Response) {
    const body = this.parse(req, res);
    if (body === undefined) return;
    await this.answer(res, mapFhir(body), 200);
  }

  private parse(req: Request, res: Response): unknown {
    try {
      return JSON.parse(typeof req.body === 'string' ? req.body : '');
    } catch (e) {
      res.status(400).type(FHIR_JSON).json(operationOutcomeError(`body is not JSON: ${(e as Error).message}`, 'structure'));
      return undefined;
    }
  }

  private async answer(res: Response, result: FhirMapResult, okStatus: number) {
    if (!result.ok) {
      // A refused transaction is answered entry by entry so the sender sees which one broke it.
      const bundle = buildBundleResponse(result);
      res.status(result.code === 'not-supported' ? 422 : 400).type(FHIR_JSON).json(bundle && bundle.entry.length > 0 ? bundle : buildOperationOutcome(result));
      return;
    }
    const future = this.futureTime.check(result.events);
    if (future.size > 0) {
      const [first] = [...future.values()][0];
      res.status(400).type(FHIR_JSON).json(operationOutcomeError(`${ErrorCodes.EventFutureTime} ${first.path}: ${first.message}`, 'value'));
      return;
    }
    let stored: { accepted: number; duplicates: number };
    try {
      stored = await this.store.append(result.events);
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
    outcome.issue.push({ severity: 'information', code: 'informational', diagnostics: `${stored.accepted} new, ${stored.duplicates} already stored` });
    res.status(okStatus).type(FHIR_JSON).json(outcome);
  }
}
