import type { AlertSilence, SilenceChange } from '@vigil/contracts';

/** Silences and shelves in force on the ward, by alert id. */
export type SilencesInForce = ReadonlyMap<string, AlertSilence>;

export const noSilences: SilencesInForce = new Map();

export function silencesFrom(list: readonly AlertSilence[]): SilencesInForce {
  return new Map(list.filter((s) => s.endedAt === null).map((s) => [s.alertId, s]));
}

/** Folds one change in: a start replaces what the alert had, an end removes only the silence it names. */
export function applySilenceChange(current: SilencesInForce, change: SilenceChange): SilencesInForce {
  const { silence } = change;
  if (change.change === 'started') return new Map(current).set(silence.alertId, silence);
  if (current.get(silence.alertId)?.id !== silence.id) return current;
  const next = new Map(current);
  next.delete(silence.alertId);
  return next;
}

/**
 * In force at `now`: the server ends a silence within a second of its expiry, but a screen that lost
 * its connection must not keep an alert quiet past it.
 */
export function silenceAt(current: SilencesInForce, alertId: string, now: number): AlertSilence | null {
  const s = current.get(alertId);
  return s && Date.parse(s.expiresAt) > now ? s : null;
}
