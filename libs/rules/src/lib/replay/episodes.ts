import type { Alert, EngineTransition } from '@vigil/contracts';

export interface Episode {
  rule: string;
  severity: string;
  onset: string;
  resolution: string | null;
}

/**
 * The episodes a transition log describes (cancelled ones never happened), per rule, with an episode
 * that continues another at the instant it closed merged into it (a closed alert cannot be reopened,
 * so late data that extend it continue it under a new id; a hypotension step-down is the same shape).
 * An episode's severity is its last word, as for one alert: a merged episode takes its continuation's
 * (the record it continues may carry a severity the continuation has since moved from, see reviseClosed).
 */
export function episodes(transitions: EngineTransition[], exclude: readonly string[] = [], revised: Map<string, Alert | null> = new Map()): Episode[] {
  // The last word on each id (a severity corrected by late data, or stepped down, is its final severity).
  const last = new Map<string, Alert>();
  for (const t of transitions) last.set(t.alert.id, t.alert);
  // Closed records that late data revised (the engine's effective-time view of them).
  for (const [id, a] of revised) {
    if (a === null) last.delete(id);
    else last.set(id, a);
  }
  const eps = [...last.values()]
    .filter((a) => a.state !== 'cancelled' && !exclude.includes(a.rule))
    .map((a) => ({ rule: a.rule, severity: a.severity, onset: a.openedAt, resolution: a.resolvedAt }))
    .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : Date.parse(a.onset) - Date.parse(b.onset)));
  const merged: Episode[] = [];
  for (const e of eps) {
    const prev = merged[merged.length - 1];
    if (prev && prev.rule === e.rule && prev.resolution !== null && Date.parse(prev.resolution) === Date.parse(e.onset)) {
      prev.resolution = e.resolution;
      prev.severity = e.severity;
    } else merged.push({ ...e });
  }
  return merged;
}
