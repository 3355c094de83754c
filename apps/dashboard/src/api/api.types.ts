import type { Alert, AlertTransition, VitalsSnapshot } from '@vigil/contracts';

/** REST shapes served by apps/ingest that are not (yet) in @vigil/contracts. */

export interface WardSummary {
  id: string;
  name: string;
}

export type LatestVitals = Omit<VitalsSnapshot, 'patientId' | 'wardId'>;

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

export interface AlertHistoryEntry {
  seq: number;
  type: AlertTransition['type'];
  at: string;
  actor: string | null;
  alert: Alert;
}

export type AlertDetail = Alert & { history: AlertHistoryEntry[] };

export interface VitalsPoint {
  time: string;
  sbp?: number;
  dbp?: number;
  map?: number;
  hr?: number;
  spo2?: number;
  rr?: number;
  temp?: number;
}

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

export interface Observations {
  from?: string;
  to?: string;
  weightKg: number | null;
  vitals: VitalsPoint[];
  urine: UrinePoint[];
  labs: LabPoint[];
  doses: DosePoint[];
}

export const dispositions = ['dose-held', 'dose-continued', 'fluids-given', 'other'] as const;
export type Disposition = (typeof dispositions)[number];

export const dispositionLabels: Record<Disposition, string> = {
  'dose-held': 'Next dose held',
  'dose-continued': 'Dosing continues',
  'fluids-given': 'Fluids given',
  other: 'Other (see note)',
};
