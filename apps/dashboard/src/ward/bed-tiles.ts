import type { Alert } from '@vigil/contracts';
import type { WardPatient } from '../api/api.types';
import { isUnacknowledged, severityRank } from '../alerts/alert-queue';
import { isStale } from './stale-data';

export interface BedTileModel {
  patient: WardPatient;
  /** Open alerts of this patient, queue order. */
  alerts: Alert[];
}

/** Urgency of a bed: an unacknowledged alert outranks an acknowledged one of the same severity. */
export function bedUrgency(alerts: readonly Alert[]): number {
  let u = 0;
  for (const a of alerts) {
    if (a.state === 'resolved' || a.state === 'cancelled') continue;
    u = Math.max(u, severityRank[a.severity] * 2 + (isUnacknowledged(a) ? 1 : 0));
  }
  return u;
}

const bedCollator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Tiles with a high alert first (then medium, low); with `now`, a bed whose data is stale comes
 * next, before the quiet beds; within a level, by bed in natural order.
 */
export function sortBedTiles(patients: readonly WardPatient[], alertsByPatient: ReadonlyMap<string, Alert[]>, now?: number): BedTileModel[] {
  return patients
    .map((patient) => {
      const alerts = alertsByPatient.get(patient.id) ?? [];
      const urgency = bedUrgency(alerts) || (now !== undefined && isStale(patient.lastDataAt, now) ? 0.5 : 0);
      return { patient, alerts, urgency };
    })
    .sort((a, b) => {
      const highA = a.alerts.some((x) => x.severity === 'high' && x.state !== 'resolved' && x.state !== 'cancelled');
      const highB = b.alerts.some((x) => x.severity === 'high' && x.state !== 'resolved' && x.state !== 'cancelled');
      if (highA !== highB) return highA ? -1 : 1;
      if (a.urgency !== b.urgency) return b.urgency - a.urgency;
      return bedCollator.compare(a.patient.bed ?? '~', b.patient.bed ?? '~') || bedCollator.compare(a.patient.id, b.patient.id);
    })
    .map(({ patient, alerts }) => ({ patient, alerts }));
}
