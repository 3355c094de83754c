/**
 * The three Dash 2009 features of one window (CLINICAL_RULES.md §3.2 steps 3–6), allocation-free.
 * x: the window's RR values in order (length N, 128 by default); trim: values cut from each end (8).
 */
export interface DashFeatures {
  nrmssd: number;
  shannon: number;
  tpr: number;
}

const BINS = 16;
/** Shared scratch histogram: the features are computed synchronously, one window at a time. */
const COUNTS = new Int32Array(BINS);
const LN_BINS = Math.log(BINS);

export function dashFeatures(x: ArrayLike<number>, trim: number, scratch: Float64Array = new Float64Array(x.length)): DashFeatures {
  const n = x.length;
  // Step 3: drop the `trim` largest and smallest values, keeping order. Ties at the cut values are
  // removed first-come, so exactly `trim` go from each end.
  const { lowCut, lowTies, highCut, highTies } = cutValues(x, trim);
  let lowLeft = lowTies;
  let highLeft = highTies;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v < lowCut || v > highCut) continue;
    if (v === lowCut && lowLeft > 0) {
      lowLeft--;
      continue;
    }
    if (v === highCut && highLeft > 0) {
      highLeft--;
      continue;
    }
    scratch[m++] = v;
  }
  // Step 4: nRMSSD on the trimmed series y.
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let j = 0; j < m; j++) {
    const v = scratch[j];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (j > 0) {
      const d = v - scratch[j - 1];
      sq += d * d;
    }
  }
  const mean = sum / m;
  const nrmssd = m > 1 && mean > 0 ? Math.sqrt(sq / (m - 1)) / mean : 0;
  // Step 5: Shannon entropy of a 16-bin histogram over [min y, max y], normalised by ln 16.
  let shannon = 0;
  if (max > min) {
    const counts = COUNTS;
    counts.fill(0);
    const scale = BINS / (max - min);
    for (let j = 0; j < m; j++) {
      let b = Math.floor((scratch[j] - min) * scale);
      if (b >= BINS) b = BINS - 1;
      counts[b]++;
    }
    for (let b = 0; b < BINS; b++) {
      if (counts[b] === 0) continue;
      const p = counts[b] / m;
      shannon -= p * Math.log(p);
    }
    shannon /= LN_BINS;
  }
  // Step 6: turning points on the untrimmed x; equal neighbours are not turning points; TPR = TP / N.
  let tp = 0;
  for (let j = 1; j < n - 1; j++) {
    const a = x[j - 1];
    const b = x[j];
    const c = x[j + 1];
    if ((b > a && b > c) || (b < a && b < c)) tp++;
  }
  return { nrmssd, shannon, tpr: tp / n };
}

/**
 * The trim-th smallest and largest values and how many copies of each to drop, found with two
 * small sorted buffers (O(N·trim)), no full sort.
 */
function cutValues(x: ArrayLike<number>, trim: number): { lowCut: number; lowTies: number; highCut: number; highTies: number } {
  if (trim === 0) return { lowCut: -Infinity, lowTies: 0, highCut: Infinity, highTies: 0 };
  if (LOWS.length < trim) {
    LOWS = new Float64Array(trim);
    HIGHS = new Float64Array(trim);
  }
  const lows = LOWS;
  const highs = HIGHS;
  let nl = 0;
  let nh = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (nl < trim || v < lows[nl - 1]) {
      let k = nl < trim ? nl++ : nl - 1;
      while (k > 0 && lows[k - 1] > v) {
        lows[k] = lows[k - 1];
        k--;
      }
      lows[k] = v;
    }
    if (nh < trim || v > highs[nh - 1]) {
      let k = nh < trim ? nh++ : nh - 1;
      while (k > 0 && highs[k - 1] < v) {
        highs[k] = highs[k - 1];
        k--;
      }
      highs[k] = v;
    }
  }
  const lowCut = lows[nl - 1];
  const highCut = highs[nh - 1];
  // Values strictly beyond the cut are all dropped; the rest of the quota is taken from ties at the cut.
  let lowTies = 0;
  for (let k = 0; k < nl; k++) if (lows[k] === lowCut) lowTies++;
  let highTies = 0;
  for (let k = 0; k < nh; k++) if (highs[k] === highCut) highTies++;
  return { lowCut, lowTies, highCut, highTies };
}

/** Scratch for cutValues (features are computed synchronously, one window at a time). */
let LOWS = new Float64Array(8);
let HIGHS = new Float64Array(8);

/** §3.2 step 7: the window is AF when all three features are inside their bands. */
export function isDashAf(f: DashFeatures, t: { dashNrmssd: number; dashShannon: number; dashTprLow: number; dashTprHigh: number }): boolean {
  return f.nrmssd > t.dashNrmssd && f.shannon > t.dashShannon && f.tpr > t.dashTprLow && f.tpr < t.dashTprHigh;
}
