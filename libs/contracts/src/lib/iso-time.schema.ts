import { z } from 'zod';

/** ISO 8601 instant with an explicit zone (Z or ±hh:mm), normalised to UTC `…Z` with milliseconds. */
export const isoTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time with a zone, e.g. 2026-11-26T10:15:00Z' })
  .transform((s) => new Date(s).toISOString());
