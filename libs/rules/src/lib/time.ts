/** Times inside the engine are epoch milliseconds parsed from the events' ISO strings; the engine never reads a clock. */
export const MIN = 60_000;
export const HOUR = 60 * MIN;

export function toMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an ISO time: ${iso}`);
  return ms;
}

/** Formats an epoch-ms instant as ISO 8601 UTC with milliseconds, the contracts' normal form. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
