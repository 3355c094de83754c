import { Inject, Injectable } from '@nestjs/common';
import type { ClinicalEvent, FieldError } from '@vigil/contracts';
import { ENV } from '../config/env.token';
import type { Env } from '../config/env.schema';
import { futureTimeErrors } from './future-time';

/** Refuses future-dated events at every door (REST, FHIR, MLLP) with one rule: now + VIGIL_FUTURE_TOLERANCE_S. */
@Injectable()
export class FutureTimeGuard {
  constructor(@Inject(ENV) private readonly env: Env) {}

  /** Field errors of each future-dated event, by position in `events`; empty when all are acceptable. */
  check(events: readonly ClinicalEvent[], now = Date.now()): Map<number, FieldError[]> {
    const out = new Map<number, FieldError[]>();
    if (this.env.VIGIL_CLOCK === 'events') return out; // replay tests: the events' times are the clock
    const tolerance = this.env.VIGIL_FUTURE_TOLERANCE_S;
    const notAfter = now + tolerance * 1000;
    events.forEach((e, i) => {
      const errors = futureTimeErrors(e, notAfter, tolerance);
      if (errors.length) out.set(i, errors);
    });
    return out;
  }
}
