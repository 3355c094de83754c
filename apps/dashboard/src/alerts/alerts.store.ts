import type { Alert, AlertTransition } from '@vigil/contracts';

/**
 * The client-side projection of a ward's alerts. Pure functions only: every input (REST list,
 * subscribe ack, live transition) goes through here, and each alert keeps the version from the
 * highest `seq` seen for it, so repeated or late transitions never move an alert backwards.
 */
export interface AlertEntry {
  alert: Alert;
  /** The seq of the transition that produced this version; null when it came from a REST list. */
  seq: number | null;
}

export interface AlertsState {
  byId: Readonly<Record<string, AlertEntry>>;
  /** Highest seq applied (the `since` to ask for on reconnect). */
  cursor: number;
}

export const emptyAlertsState: AlertsState = { byId: {}, cursor: 0 };

export interface ApplyResult {
  state: AlertsState;
  /** The transitions that changed something (not repeats and not stale ones), in the order given. */
  applied: AlertTransition[];
}

const isNewer = (entry: AlertEntry | undefined, t: AlertTransition): boolean => {
  if (!entry) return true;
  if (entry.seq !== null) return t.seq > entry.seq;
  // A REST version has no seq: keep whichever was updated later (a tie goes to the transition).
  return t.alert.updatedAt >= entry.alert.updatedAt;
};

export function applyTransitions(state: AlertsState, transitions: readonly AlertTransition[]): ApplyResult {
  const applied: AlertTransition[] = [];
  let byId: Record<string, AlertEntry> | null = null;
  let cursor = state.cursor;
  for (const t of transitions) {
    const current = (byId ?? state.byId)[t.alert.id];
    cursor = Math.max(cursor, t.seq);
    if (!isNewer(current, t)) continue;
    byId ??= { ...state.byId };
    byId[t.alert.id] = { alert: t.alert, seq: t.seq };
    applied.push(t);
  }
  if (!byId && cursor === state.cursor) return { state, applied };
  return { state: { byId: byId ?? state.byId, cursor }, applied };
}

/**
 * Merges alert versions that carry no seq (REST list, or the `active` list of a subscribe ack whose
 * `asOfSeq` is the ack's seq). A version replaces what is known only when it is not older.
 */
export function mergeAlerts(state: AlertsState, alerts: readonly Alert[], asOfSeq: number | null = null): AlertsState {
  let byId: Record<string, AlertEntry> | null = null;
  for (const alert of alerts) {
    const current = (byId ?? state.byId)[alert.id];
    let replace: boolean;
    if (!current) replace = true;
    else if (asOfSeq !== null && current.seq !== null) replace = asOfSeq >= current.seq && alert.updatedAt >= current.alert.updatedAt;
    else replace = alert.updatedAt > current.alert.updatedAt || (asOfSeq !== null && alert.updatedAt === current.alert.updatedAt);
    if (!replace) continue;
    byId ??= { ...state.byId };
    byId[alert.id] = { alert, seq: asOfSeq ?? current?.seq ?? null };
  }
  const cursor = asOfSeq !== null ? Math.max(state.cursor, asOfSeq) : state.cursor;
  if (!byId && cursor === state.cursor) return state;
  return { byId: byId ?? state.byId, cursor };
}

export const allAlerts = (state: AlertsState): Alert[] => Object.values(state.byId).map((e) => e.alert);
