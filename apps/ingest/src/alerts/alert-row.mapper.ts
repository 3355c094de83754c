import type { Alert } from '@vigil/contracts';
import type { Alert as AlertRow } from '../prisma/generated/client';

export function alertFromRow(row: AlertRow): Alert {
  return {
    id: row.id,
    patientId: row.patientId,
    wardId: row.wardId,
    bed: row.bed,
    rule: row.rule,
    severity: row.severity as Alert['severity'],
    state: row.state as Alert['state'],
    openedAt: row.openedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: row.acknowledgedBy,
    ackNote: row.ackNote,
    ackDisposition: row.ackDisposition,
    escalationLevel: row.escalationLevel,
    message: row.message,
    evidence: row.evidence as Alert['evidence'],
    thresholds: row.thresholds as Alert['thresholds'],
    chartedLate: row.lateEffectiveAt && row.lateRecordedAt ? { effectiveAt: row.lateEffectiveAt.toISOString(), recordedAt: row.lateRecordedAt.toISOString() } : null,
  };
}

export function rowFromAlert(alert: Alert) {
  const d = (s: string | null) => (s ? new Date(s) : null);
  return {
    patientId: alert.patientId,
    wardId: alert.wardId,
    bed: alert.bed,
    rule: alert.rule,
    severity: alert.severity,
    state: alert.state,
    openedAt: new Date(alert.openedAt),
    updatedAt: new Date(alert.updatedAt),
    resolvedAt: d(alert.resolvedAt),
    acknowledgedAt: d(alert.acknowledgedAt),
    acknowledgedBy: alert.acknowledgedBy,
    ackNote: alert.ackNote,
    ackDisposition: alert.ackDisposition ?? null,
    escalationLevel: alert.escalationLevel,
    message: alert.message,
    evidence: alert.evidence,
    thresholds: alert.thresholds,
  };
}
