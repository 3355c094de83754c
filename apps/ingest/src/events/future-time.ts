import { ErrorCodes, type ClinicalEvent, type FieldError } from '@vigil/contracts';

/** The time fields of an event that say when something happened (never when it was received). */
const TIME_FIELDS = ['time', 'periodStart', 'specimenTime'] as const;

/**
 * Fields of `event` later than `notAfterMs` (now + the tolerance), each as a field error with the
 * EVENT.FUTURE_TIME code and its path; empty when the event is not future-dated.
 */
export function futureTimeErrors(event: ClinicalEvent, notAfterMs: number, toleranceS: number): FieldError[] {
  const errors: FieldError[] = [];
  for (const f of TIME_FIELDS) {
    const v = (event as Record<string, unknown>)[f];
    if (typeof v !== 'string') continue;
    const t = Date.parse(v);
    if (t > notAfterMs) {
      const aheadS = Math.round((t - notAfterMs) / 1000) + toleranceS;
      errors.push({ path: f, code: ErrorCodes.EventFutureTime, message: `${v} is ${formatAhead(aheadS)} ahead of the server clock (tolerance ${toleranceS} s): check the sender's clock, or replay with --shift-to-now` });
    }
  }
  return errors;
}

function formatAhead(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
