import { z } from 'zod';

/** Already canonical: UTC with milliseconds, `YYYY-MM-DDTHH:MM:SS.mmmZ` (the shape every Vigil tool writes). */
const isCanonicalUtc = (s: string) => s.length === 24 && s.charCodeAt(23) === 90 /* Z */ && s.charCodeAt(19) === 46; /* . */

/**
 * ISO 8601 instant with an explicit zone (Z or ±hh:mm), normalised to UTC `…Z` with milliseconds.
 * A time already in that form (which the pattern has checked, calendar dates included) is kept as
 * it is: re-formatting it through Date gives the same string and cost a microsecond per event.
 */
export const isoTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time with a zone, e.g. 2026-11-26T10:15:00Z' })
  .transform((s) => (isCanonicalUtc(s) ? s : new Date(s).toISOString()));
