import type { Alert } from '@vigil/contracts';

/** What every channel sends for one escalation step (stored on the delivery row, so a restart can resume it). */
export interface EscalationNotice {
  /** Seq of the escalation transition. */
  seq: number;
  at: string;
  alert: Alert;
  patientName: string | null;
}

export interface NotificationChannel {
  readonly name: 'webhook' | 'hl7';
  /** Where it goes, as recorded on delivery rows (never a secret). */
  readonly target: string;
  /** Resolves once the peer accepted it; rejects with a message saying why not. `deliveryId` is stable across retries. */
  send(notice: EscalationNotice, deliveryId: string): Promise<void>;
}
