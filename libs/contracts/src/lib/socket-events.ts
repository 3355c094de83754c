import { z } from 'zod';
import type { Alert } from './alert.schema';
import type { AlertTransition } from './alert-transition.schema';
import type { AlertSilence, SilenceChange } from './alert-silence.schema';
import type { OxygenDevice } from './clinical-event.schema';

export const LIVE_NAMESPACE = '/live';

export const subscribeRequestSchema = z.object({
  wardId: z.string().min(1),
  since: z.number().int().min(0).optional(),
});
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>;

export type SubscribeAck =
  | { ok: true; wardId: string; seq: number; active: Alert[]; missed: AlertTransition[]; /** Silences and shelves in force on the ward. */ silences?: AlertSilence[] }
  | { ok: false; code: string; message: string };

/** Latest vitals of one patient, throttled, for the bed tiles. */
export interface VitalsSnapshot {
  patientId: string;
  wardId: string;
  time: string;
  sbp?: number;
  dbp?: number;
  map?: number;
  hr?: number;
  spo2?: number;
  rr?: number;
  temp?: number;
  /** Oxygen flow, L/min (absent: none charted; 0: room air). */
  o2FlowLpm?: number;
  /** Inspired oxygen, %. */
  fio2Pct?: number;
  o2Device?: OxygenDevice;
}

export interface ServerToClientEvents {
  alert: (transition: AlertTransition) => void;
  /**
   * Latest vitals of the ward's patients, at most one snapshot per patient per second, gathered per
   * ward for up to 20 ms so a busy ward costs a few messages a second instead of one per reading.
   */
  vitals: (snapshots: VitalsSnapshot[]) => void;
  /** A per-alert silence or shelve started or ended (expiry, lift, worsening). */
  silence: (change: SilenceChange) => void;
}
export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (response: SubscribeAck) => void) => void;
  unsubscribe: (request: { wardId: string }) => void;
}
