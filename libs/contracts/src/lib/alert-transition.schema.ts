import { z } from 'zod';
import { alertSchema } from './alert.schema';

export const transitionTypes = ['raised', 'updated', 'escalated', 'acknowledged', 'resolved'] as const;
export type TransitionType = (typeof transitionTypes)[number];

/** What the pure engine emits: no sequence number (the server assigns it when it persists). */
export const engineTransitionSchema = z.object({
  type: z.enum(transitionTypes),
  at: z.string(),
  alert: alertSchema,
});
export type EngineTransition = z.infer<typeof engineTransitionSchema>;

/** A persisted transition: `seq` is server-wide and monotonic so clients can catch up from the last one seen. */
export const alertTransitionSchema = engineTransitionSchema.extend({ seq: z.number().int().positive() });
export type AlertTransition = z.infer<typeof alertTransitionSchema>;
