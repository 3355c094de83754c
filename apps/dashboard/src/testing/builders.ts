import type { Alert, AlertTransition, SessionUser, UrineSummary } from '@vigil/contracts';
import type { WardPatient } from '../api/api.types';

let n = 0;

export function anAlert(over: Partial<Alert> = {}): Alert {
  n++;
  const openedAt = over.openedAt ?? '2026-11-26T10:00:00.000Z';
  return {
    id: over.id ?? `P-1:hypotension:${n}`,
    patientId: 'P-1',
    wardId: 'W-1',
    bed: '1',
    rule: 'hypotension',
    severity: 'high',
    state: 'active',
    openedAt,
    updatedAt: over.updatedAt ?? openedAt,
    resolvedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ackNote: null,
    ackDisposition: null,
    escalationLevel: 0,
    message: 'SBP 84 mmHg (<90) sustained 2 readings',
    evidence: [{ eventId: 'e1', time: openedAt, field: 'sbp', value: 84 }],
    thresholds: { version: 1, sbpLow: 90 },
    ...over,
  };
}

export function aTransition(seq: number, type: AlertTransition['type'], alert: Alert, at = alert.updatedAt): AlertTransition {
  return { seq, type, at, alert };
}

/** A urine summary as the server sends it: a complete last hour and a running shift. */
export function aUrineSummary(over: { lastHour?: Partial<NonNullable<UrineSummary['lastHour']>> | null; shift?: Partial<UrineSummary['shift']> } = {}): UrineSummary {
  return {
    lastHour: over.lastHour === null ? null : { from: '2026-11-26T09:00:00.000Z', to: '2026-11-26T10:00:00.000Z', ml: 60, mlPerKgH: 0.86, ...over.lastHour },
    shift: { from: '2026-11-26T02:00:00.000Z', to: '2026-11-26T10:00:00.000Z', hours: 8, ml: 480, coveredHours: 8, complete: true, relativeMl: 160, absoluteMl: 80, level: 'ok', ...over.shift },
  };
}

export function aPatient(over: Partial<WardPatient> = {}): WardPatient {
  return {
    id: 'P-1',
    displayName: 'Ada Lovelace',
    mrn: 'MRN-1',
    bed: '1',
    wardId: 'W-1',
    weightKg: 70,
    latest: { time: '2026-11-26T10:00:00.000Z', sbp: 112, dbp: 70, map: 84, hr: 96, spo2: 97 },
    lastUrineMlPerHour: 60,
    urine: aUrineSummary(),
    news2: 2,
    lastDataAt: '2026-11-26T10:00:00.000Z',
    ...over,
  };
}

export const physician: SessionUser = { id: 'u1', username: 'physician', displayName: 'Dr Demo', role: 'physician', wardIds: ['W-1'] };
export const nurse: SessionUser = { id: 'u2', username: 'nurse', displayName: 'Nurse Demo', role: 'nurse', wardIds: ['W-1'] };
