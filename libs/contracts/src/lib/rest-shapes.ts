import type { Alert } from './alert.schema';
import type { TransitionType } from './alert-transition.schema';
import type { VitalsSnapshot } from './socket-events';

/** Response shapes of the REST API (apps/ingest serves them, apps/dashboard reads them). */

export interface WardSummary {
  id: string;
  name: string;
}

export type LatestVitals = Omit<VitalsSnapshot, 'patientId' | 'wardId'>;

/** GET /api/wards/:id/patients: one per bed tile. */
export interface WardPatient {
  id: string;
  displayName: string | null;
  mrn: string | null;
  bed: string | null;
  wardId: string | null;
  weightKg: number | null;
  latest: LatestVitals | null;
  lastUrineMlPerHour?: number | null;
  news2?: number | null;
  lastDataAt: string | null;
}

/** One row of an alert's audit trail (GET /api/alerts/:id → history). */
export interface AlertHistoryEntry {
  seq: number;
  type: TransitionType;
  at: string;
  recordedAt?: string;
  actor: string | null;
  alert: Alert;
}

export type AlertDetail = Alert & { history: AlertHistoryEntry[] };

/** One point of a vitals trend: the same fields as a live snapshot, without whose it is. */
export type VitalsPoint = LatestVitals;

export interface UrinePoint {
  time: string;
  periodStart: string;
  volumeMl: number;
}

export interface LabPoint {
  time: string;
  code: string;
  value: number;
  unit?: string;
}

export interface DosePoint {
  time: string;
  doseNumber: number;
  status: 'given' | 'held';
}

/** GET /api/patients/:id/observations (vitals downsampled for long ranges). */
export interface Observations {
  from?: string;
  to?: string;
  weightKg: number | null;
  vitals: VitalsPoint[];
  urine: UrinePoint[];
  labs: LabPoint[];
  doses: DosePoint[];
}
