import type { Alert } from './alert.schema';
import type { AlertSilence } from './alert-silence.schema';
import type { TransitionType } from './alert-transition.schema';
import type { VitalsSnapshot } from './socket-events';

/** Response shapes of the REST API (apps/ingest serves them, apps/dashboard reads them). */

export interface WardSummary {
  id: string;
  name: string;
  /** IANA zone the ward's times are shown in (VIGIL_WARD_TIME_ZONE, else the server's). */
  timeZone?: string;
}

/** GET /api/wards/:id/staff: who may act on the ward, so screens show names instead of logins. */
export interface StaffMember {
  username: string;
  displayName: string;
  role: string;
}

export type LatestVitals = Omit<VitalsSnapshot, 'patientId' | 'wardId'>;

/**
 * Urine as a bed tile shows it (the OLIGURIA windows of CLINICAL_RULES §6.4): the newest complete
 * hour, null while the first hour is still being collected ("awaiting first hour"), and the running
 * shift total up to the newest collection against the shift thresholds in force.
 */
export interface UrineSummary {
  lastHour: { from: string; to: string; ml: number; mlPerKgH: number | null } | null;
  shift: {
    from: string;
    to: string;
    hours: number;
    /** Scaled to the whole shift when complete (like the rule); the volume so far otherwise. */
    ml: number;
    coveredHours: number;
    complete: boolean;
    relativeMl: number;
    absoluteMl: number;
    /** ok: at or above the relative threshold; relative/absolute: below it over a complete shift; partial: below it, shift not yet covered. */
    level: 'ok' | 'relative' | 'absolute' | 'partial';
  };
}

/** The patient's dose timing as the dose gate counts it (§10): the last documented dose and the next one due. */
export interface DoseSchedule {
  /** `status` is null for a dose recorded before the engine kept it (an old snapshot). */
  lastDose: { doseNumber: number; time: string; status: 'given' | 'held' | null };
  /** Null once the cycle's doses are used up (no gate until a new cycle starts). */
  nextDose: { doseNumber: number; due: string } | null;
}

/** GET /api/wards/:id/patients: one per bed tile. */
export interface WardPatient {
  id: string;
  displayName: string | null;
  mrn: string | null;
  bed: string | null;
  wardId: string | null;
  weightKg: number | null;
  latest: LatestVitals | null;
  /** mL over the newest complete hour (kept for older clients; `urine` says more). */
  lastUrineMlPerHour?: number | null;
  /** Null when no urine is charted. */
  urine?: UrineSummary | null;
  news2?: number | null;
  /** Null before the first documented dose. */
  dose?: DoseSchedule | null;
  lastDataAt: string | null;
}

/** One row of an alert's audit trail (GET /api/alerts/:id → history). */
export interface AlertHistoryEntry {
  seq: number;
  type: TransitionType;
  at: string;
  /**
   * When the row was written; for a transition caused by late or corrected data (`effectiveAt` set),
   * when the data that revealed it were recorded.
   */
  recordedAt?: string;
  /** Set only on transitions caused by late or corrected data: when it happened clinically. */
  effectiveAt?: string;
  actor: string | null;
  /**
   * The id of the HTTP request, socket or MLLP message whose event caused the transition (as in the
   * service's log lines and the live `alert` message); absent on ticks, rebuilds and cluster mode.
   */
  requestId?: string;
  alert: Alert;
}

/** One notification of an escalation step (webhook or HL7 ORU^R40) and how its delivery went. */
export interface NotificationDeliveryView {
  channel: string;
  target: string;
  escalationLevel: number;
  status: 'pending' | 'delivered' | 'failed' | string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export type AlertDetail = Alert & {
  history: AlertHistoryEntry[];
  /** Every silence and shelve of the alert, oldest first. */
  silences?: AlertSilence[];
  /** Notifications sent out on its escalations. */
  notifications?: NotificationDeliveryView[];
};

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

/** One versioned threshold change (GET /api/patients/:id/thresholds → history). */
export interface ThresholdChange {
  id: number;
  scope: 'ward' | 'patient' | 'default';
  scopeId: string | null;
  version: number;
  values: Record<string, number>;
  createdBy: string;
  reason: string;
  createdAt: string;
}

/** GET /api/patients/:id/thresholds: what the rules apply to the patient now, and the changes behind it. */
export interface PatientThresholds {
  patientId: string;
  inForce: { version: number; values: Record<string, number> };
  history: ThresholdChange[];
}
