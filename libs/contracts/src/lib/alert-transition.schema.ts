import { z } from 'zod';
import { alertSchema } from './alert.schema';

/**
 * `cancelled`: the alert no longer holds once late or corrected data are evaluated on effective time
 * (§6.0: CANCELLED is for data corrected in error); like `resolved`, nothing follows it.
 */
export const transitionTypes = ['raised', 'updated', 'escalated', 'acknowledged', 'resolved', 'cancelled'] as const;
export type TransitionType = (typeof transitionTypes)[number];

/** What the pure engine emits: no sequence number (the server assigns it when it persists). */
export const engineTransitionSchema = z.object({
  type: z.enum(transitionTypes),
  at: z.string(),
  alert: alertSchema,
  /**
   * Set only on transitions caused by late or corrected data (§10): `effectiveAt` is when it happened
   * clinically (the same as `at`), `recordedAt` the engine time when the data that revealed it arrived.
   */
  effectiveAt: z.string().optional(),
  recordedAt: z.string().optional(),
});
export type EngineTransition = z.infer<typeof engineTransitionSchema>;

/** A persisted transition: `seq` is server-wide and monotonic so clients can catch up from the last one seen. */
export const alertTransitionSchema = engineTransitionSchema.extend({
  seq: z.number().int().positive(),
  /**
   * Live transitions only: the id of the HTTP request, socket or MLLP message whose event caused it
   * (the same id as in the service's log lines). Absent on ticks, rebuilds and catch-up; stored with
   * the transition and returned in the alert's history (`AlertHistoryEntry.requestId`).
   */
  requestId: z.string().optional(),
});
export type AlertTransition = z.infer<typeof alertTransitionSchema>;
