import type { AlertSeverity, AlertTransition } from '@vigil/contracts';
import { severityRank } from '../alerts/alert-queue';

/** New high and medium alerts (raised, or escalated into those priorities) sound; low ones do not. */
export function soundFor(transitions: readonly AlertTransition[]): AlertSeverity | null {
  let loudest: AlertSeverity | null = null;
  for (const t of transitions) {
    if (t.type !== 'raised' && t.type !== 'escalated') continue;
    if (t.alert.state === 'resolved' || t.alert.state === 'cancelled' || t.alert.state === 'acknowledged') continue;
    const s = t.alert.severity;
    if (s === 'low') continue;
    if (!loudest || severityRank[s] > severityRank[loudest]) loudest = s;
  }
  return loudest;
}
