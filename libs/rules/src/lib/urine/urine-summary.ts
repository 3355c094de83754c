import type { UrineSummary } from '@vigil/contracts';
import { HOUR, toIso } from '../time';
import type { UrineLedger } from '../engine/urine-ledger';

export interface UrineSummaryOptions {
  weightKg: number | null | undefined;
  /** Share of a window the collections must cover to count (the oliguria rule's `uoCoverage`). */
  coverage: number;
  shiftHours: number;
  shiftRelativeMl: number;
  shiftAbsoluteMl: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * What a bed tile says about urine, on the same windows as OLIGURIA (§6.4), so the screen and the
 * rule never disagree: the newest complete hour (an hour ending at a collection's end that the
 * collections cover ≥ `coverage`; an hour still being collected is never summed as if it were
 * whole) and the running shift total up to the newest collection against the O3 thresholds.
 * Null when no urine is charted; `lastHour` null until the first hour is complete.
 */
export function urineSummary(ledger: UrineLedger, o: UrineSummaryOptions): UrineSummary | null {
  const ends = ledger.endsNewestFirst();
  if (ends.length === 0) return null;
  const newest = Math.max(...ends);
  const w = o.weightKg && o.weightKg > 0 ? o.weightKg : null;

  let lastHour: UrineSummary['lastHour'] = null;
  for (const end of ends) {
    const { volumeMl, coveredMs } = ledger.window(end - HOUR, end);
    if (coveredMs < o.coverage * HOUR || coveredMs === 0) continue;
    const ml = volumeMl / (coveredMs / HOUR); // the few uncovered minutes at the collections' rate
    lastHour = { from: toIso(end - HOUR), to: toIso(end), ml: Math.round(ml), mlPerKgH: w ? Math.round((ml / w) * 100) / 100 : null };
    break;
  }

  const shiftMs = o.shiftHours * HOUR;
  const { volumeMl, coveredMs } = ledger.window(newest - shiftMs, newest);
  const complete = coveredMs >= o.coverage * shiftMs;
  // A complete shift is judged like O3 (volume over the covered hours, scaled to the shift).
  const total = complete ? (volumeMl / coveredMs) * shiftMs : volumeMl;
  const level = total < o.shiftAbsoluteMl ? (complete ? 'absolute' : 'partial') : total < o.shiftRelativeMl ? (complete ? 'relative' : 'partial') : 'ok';
  return {
    lastHour,
    shift: {
      from: toIso(newest - shiftMs),
      to: toIso(newest),
      hours: o.shiftHours,
      ml: Math.round(total),
      coveredHours: round1(coveredMs / HOUR),
      complete,
      relativeMl: o.shiftRelativeMl,
      absoluteMl: o.shiftAbsoluteMl,
      level,
    },
  };
}
