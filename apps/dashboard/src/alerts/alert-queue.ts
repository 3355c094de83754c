import type { Alert, AlertSeverity } from '@vigil/contracts';

export const severityRank: Record<AlertSeverity, number> = { high: 3, medium: 2, low: 1 };

export const isOpen = (a: Alert): boolean => a.state !== 'resolved' && a.state !== 'cancelled';
export const isUnacknowledged = (a: Alert): boolean => a.state === 'active' || a.state === 'pending';

/**
 * Queue order: unacknowledged first, then higher severity, then older (waiting longest) first;
 * the id breaks ties so the order is stable between renders.
 */
export function compareQueue(a: Alert, b: Alert): number {
  const unack = Number(isUnacknowledged(b)) - Number(isUnacknowledged(a));
  if (unack !== 0) return unack;
  const sev = severityRank[b.severity] - severityRank[a.severity];
  if (sev !== 0) return sev;
  const age = Date.parse(a.openedAt) - Date.parse(b.openedAt);
  if (age !== 0) return age;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The alerts that still need a physician: pending or active, in queue order. */
export function alertQueue(alerts: readonly Alert[]): Alert[] {
  return alerts.filter(isUnacknowledged).sort(compareQueue);
}

/** Acknowledged and resolved alerts, most recently changed first. */
export function alertHistory(alerts: readonly Alert[], limit = 100): Alert[] {
  return alerts
    .filter((a) => !isUnacknowledged(a))
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
}

/** Open alerts (not resolved) per patient, highest severity first. */
export function openAlertsByPatient(alerts: readonly Alert[]): Map<string, Alert[]> {
  const map = new Map<string, Alert[]>();
  for (const a of alerts) {
    if (!isOpen(a)) continue;
    const list = map.get(a.patientId);
    if (list) list.push(a);
    else map.set(a.patientId, [a]);
  }
  for (const list of map.values()) list.sort(compareQueue);
  return map;
}
