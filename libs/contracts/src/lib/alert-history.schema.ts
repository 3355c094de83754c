import { z } from 'zod';
import { alertSeverities, alertStates, type Alert } from './alert.schema';
import { isoTime } from './iso-time.schema';

/** Comma-separated list of allowed values, as a query string carries it. */
const listOf = <T extends string>(allowed: readonly T[]) =>
  z
    .string()
    .max(500)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(allowed as [T, ...T[]])).min(1));

/**
 * GET /api/alert-history and /api/alert-history/export.csv: alerts of the wards the user may see,
 * newest first. `from`/`to` bound when the alert opened; `q` searches the message and the patient id.
 */
export const alertHistoryQuerySchema = z
  .object({
    wardId: z.string().min(1).max(100).optional(),
    patientId: z.string().min(1).max(100).optional(),
    rule: z.string().max(500).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(z.string().regex(/^[a-z0-9_]{1,40}$/, 'a rule name (e.g. hypotension)')).min(1)).optional(),
    severity: listOf(alertSeverities).optional(),
    state: listOf(alertStates).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    q: z.string().trim().min(1).max(200).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ['to'], message: 'must not be before from' });
export type AlertHistoryQuery = z.infer<typeof alertHistoryQuerySchema>;

export interface AlertHistoryPage {
  items: Alert[];
  /** Matching alerts in all pages. */
  total: number;
  page: number;
  pageSize: number;
}

/** Most rows one CSV export holds: narrow the filters for more. */
export const ALERT_EXPORT_MAX_ROWS = 50_000;
