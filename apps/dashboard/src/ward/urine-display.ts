import type { UrineSummary } from '@vigil/contracts';

export interface UrineCell {
  /** The value as shown ("62 mL", "awaiting first hour", "—"). */
  text: string;
  /** A second, smaller line ("0.84 mL/kg/h", "in 3.2 h"), or null. */
  detail: string | null;
  abnormal: boolean;
  /** The full sentence for a tooltip and screen readers. */
  title: string;
  /** Compact tiles: the number without its unit (the label carries it) and a shorter second line. */
  short: string;
  shortDetail: string | null;
}

/** KDIGO's 0.5 mL/kg/h: below it the last hour is shown in the abnormal colour. */
const LOW_ML_PER_KG_H = 0.5;

/**
 * The tile's two urine cells from the server's summary: the newest complete hour ("—" only when no
 * urine is charted, "awaiting first hour" before the first hour completes) and the running shift
 * total against the threshold in force.
 */
export function urineCells(urine: UrineSummary | null | undefined, clock: (iso: string) => string): { hour: UrineCell; shift: UrineCell } {
  if (!urine) {
    const none = { text: '—', detail: null, abnormal: false, title: 'No urine charted', short: '—', shortDetail: null };
    return { hour: none, shift: none };
  }
  const h = urine.lastHour;
  const hour: UrineCell = h
    ? {
        text: `${h.ml} mL`,
        detail: h.mlPerKgH !== null ? `${h.mlPerKgH.toFixed(2)} mL/kg/h` : 'no weight',
        abnormal: h.mlPerKgH !== null && h.mlPerKgH < LOW_ML_PER_KG_H,
        title: `Urine ${clock(h.from)}–${clock(h.to)}: ${h.ml} mL${h.mlPerKgH !== null ? ` (${h.mlPerKgH.toFixed(2)} mL/kg/h)` : ''}`,
        short: String(h.ml),
        shortDetail: h.mlPerKgH !== null ? `${h.mlPerKgH.toFixed(2)}/kg` : null,
      }
    : { text: 'awaiting', detail: 'first hour', abnormal: false, title: 'Urine is charted, but the first complete hour is not yet in', short: '<1 h', shortDetail: 'awaiting' };
  const s = urine.shift;
  const below = s.level === 'relative' || s.level === 'absolute';
  const shift: UrineCell = {
    text: `${s.ml} mL`,
    detail: s.complete ? `min ${s.relativeMl}` : `in ${s.coveredHours} h`,
    abnormal: below,
    short: String(s.ml),
    shortDetail: s.complete ? `min ${s.relativeMl}` : `in ${s.coveredHours} h`,
    title: s.complete
      ? `Urine ${clock(s.from)}–${clock(s.to)}: ${s.ml} mL in ${s.hours} h (${below ? 'below' : 'at or above'} the ${s.relativeMl} mL threshold${s.level === 'absolute' ? `, and below ${s.absoluteMl} mL` : ''})`
      : `Urine so far: ${s.ml} mL over ${s.coveredHours} h of the ${s.hours}-h shift (threshold ${s.relativeMl} mL)`,
  };
  return { hour, shift };
}
