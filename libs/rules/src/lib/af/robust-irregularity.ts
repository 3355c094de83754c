/**
 * Two measures of how a window's irregularity is spread over its beats (issue 18, fourth sitting),
 * for telling AF from a regular rhythm broken by a few ectopic beats or missed/extra detections,
 * which Dash's nRMSSD reads alike when the outliers are frequent enough:
 * - smallDeltas: the share of successive differences |x[j+1] − x[j]| below 3% of the window's mean.
 *   In AF nearly every difference is large (tune set: median 0.10 of a window); in sinus rhythm with
 *   ectopy most are small and a few are very large (median 0.33 of the windows Dash wrongly called AF).
 * - mfNrmssd: nRMSSD after a 3-point median filter (Petrėnas 2015's ectopic filter, CLINICAL_RULES §9):
 *   isolated outliers vanish, AF's spread stays.
 * Allocation-free; one pass over x[start, start+n) (n ≥ 3).
 */
export interface RobustIrregularity {
  smallDeltas: number;
  mfNrmssd: number;
}

/** A difference below this share of the window's mean RR counts as small. */
export const SMALL_DELTA_SHARE = 0.03;

export function robustIrregularity(x: ArrayLike<number>, start: number, n: number, out: RobustIrregularity): RobustIrregularity {
  const end = start + n;
  let mean = 0;
  for (let j = start; j < end; j++) mean += x[j];
  mean /= n;
  const smallAbs = SMALL_DELTA_SHARE * mean;
  let small = Math.abs(x[end - 1] - x[end - 2]) < smallAbs ? 1 : 0;
  let prev = NaN;
  let sum2 = 0;
  let count = 0;
  for (let j = start + 1; j < end - 1; j++) {
    const a = x[j - 1];
    const b = x[j];
    const c = x[j + 1];
    if (Math.abs(b - a) < smallAbs) small++;
    const m = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    if (prev === prev) {
      sum2 += (m - prev) * (m - prev);
      count++;
    }
    prev = m;
  }
  out.smallDeltas = small / (n - 1);
  out.mfNrmssd = count > 0 ? Math.sqrt(sum2 / count) / mean : NaN;
  return out;
}
