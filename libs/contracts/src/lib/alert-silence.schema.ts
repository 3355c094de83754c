import { z } from 'zod';

/**
 * Per-alert silence and shelve (issue 22). Both have a reason and an expiry, are audited and shown to
 * everyone on the ward. `silence`: the alert stays in the queue but does not sound (a nurse or a
 * physician of the ward). `shelve`: it also leaves the queue for the shelved list (physicians only).
 * Neither hides a new alert (another id) nor a worsening one: a rise in severity ends it.
 */
export const silenceKinds = ['silence', 'shelve'] as const;
export type SilenceKind = (typeof silenceKinds)[number];

/** Longest silence and shelve, in minutes: a forgotten silence must end on its own within a shift. */
export const silenceMaxMinutes: Record<SilenceKind, number> = { silence: 60, shelve: 480 };

export const silenceRequestSchema = z
  .object({
    kind: z.enum(silenceKinds),
    reason: z.string().trim().min(3, 'say why the alert is silenced').max(500),
    minutes: z.number().int().min(1),
  })
  .superRefine((v, ctx) => {
    const max = silenceMaxMinutes[v.kind];
    if (v.minutes > max) ctx.addIssue({ code: 'custom', path: ['minutes'], message: `a ${v.kind} lasts at most ${max} minutes` });
  });
export type SilenceRequest = z.infer<typeof silenceRequestSchema>;

/** expired: its time ran out; lifted: someone ended it; worsened: the alert's severity rose; closed: the alert resolved or was cancelled; replaced: a newer silence took over. */
export const silenceEndReasons = ['expired', 'lifted', 'worsened', 'closed', 'replaced'] as const;
export type SilenceEndReason = (typeof silenceEndReasons)[number];

export interface AlertSilence {
  id: string;
  alertId: string;
  wardId: string | null;
  patientId: string;
  kind: SilenceKind;
  reason: string;
  /** Login of who silenced it (screens show the display name). */
  by: string;
  createdAt: string;
  expiresAt: string;
  endedAt: string | null;
  endedBy: string | null;
  endReason: SilenceEndReason | null;
}

/** Socket `silence` and REST answers: a silence started or ended; `reannounce` asks screens to sound the alert again. */
export interface SilenceChange {
  change: 'started' | 'ended';
  silence: AlertSilence;
  reannounce: boolean;
}
