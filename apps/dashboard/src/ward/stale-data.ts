/** A bed with no data for longer than this says so (issue 6: "never silently stale"). */
export const STALE_AFTER_MS = 5 * 60_000;

export type DataFreshness = { kind: 'fresh' } | { kind: 'stale'; silentForMs: number } | { kind: 'none' };

export function dataFreshness(lastDataAt: string | null | undefined, now: number, staleAfterMs = STALE_AFTER_MS): DataFreshness {
  if (!lastDataAt) return { kind: 'none' };
  const t = Date.parse(lastDataAt);
  if (Number.isNaN(t)) return { kind: 'none' };
  const silentForMs = now - t;
  return silentForMs > staleAfterMs ? { kind: 'stale', silentForMs } : { kind: 'fresh' };
}

export const isStale = (lastDataAt: string | null | undefined, now: number, staleAfterMs = STALE_AFTER_MS): boolean =>
  dataFreshness(lastDataAt, now, staleAfterMs).kind !== 'fresh';
