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
/** c·ln c for bin counts, so the entropy needs one log per window: H = ln m − Σ c·ln c / m. */
let C_LN_C = new Float64Array(0);

/**
 * One pass after the order statistics: the trim (step 3), nRMSSD sums (step 4), the histogram
 * (step 5, its range known beforehand from the order statistics) and the turning points (step 6).
 */
export function dashFeatures(x: ArrayLike<number>, trim: number, hint?: Float64Array): DashFeatures {
  const n = x.length;
  // Step 3: drop the `trim` largest and smallest values, keeping order. Ties at the cut values are
  // removed first-come, so exactly `trim` go from each end.
  const cut = cutValues(x, trim, hint);
  let lowLeft = cut.lowTies;
  let highLeft = cut.highTies;
  const lowCut = cut.lowCut;
  const highCut = cut.highCut;
  // The trimmed series' range: the (trim+1)-th smallest and largest values.
  const min = cut.yMin;
  const max = cut.yMax;
  const counts = COUNTS;
  counts.fill(0);
  const scale = max > min ? BINS / (max - min) : 0;
  let m = 0;
  let sum = 0;
  let sq = 0;
  let prev = 0;
  let tp = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    // Step 6 on the untrimmed x: a turning point lies above or below both neighbours (the product of
    // the two differences is positive; an equal neighbour makes it 0). Branch-free: AF is a coin toss.
    if (i > 0 && i < n - 1) tp += +((v - x[i - 1]) * (v - x[i + 1]) > 0);
    if (v < lowCut || v > highCut) continue;
    if (v === lowCut && lowLeft > 0) {
      lowLeft--;
      continue;
    }
    if (v === highCut && highLeft > 0) {
      highLeft--;
      continue;
    }
    sum += v;
    if (m > 0) sq += (v - prev) * (v - prev);
    prev = v;
    m++;
    let b = ((v - min) * scale) | 0;
    if (b >= BINS) b = BINS - 1;
    counts[b]++;
  }
  const mean = sum / m;
  const nrmssd = m > 1 && mean > 0 ? Math.sqrt(sq / (m - 1)) / mean : 0;
  // Step 5: Shannon entropy of a 16-bin histogram over [min y, max y], normalised by ln 16.
  let shannon = 0;
  if (max > min && m > 0) {
    if (C_LN_C.length <= m) C_LN_C = Float64Array.from({ length: Math.max(m + 1, 129) }, (_, c) => (c > 0 ? c * Math.log(c) : 0));
    let s = 0;
    for (let b = 0; b < BINS; b++) s += C_LN_C[counts[b]];
    shannon = (Math.log(m) - s / m) / LN_BINS;
    if (shannon < 0) shannon = 0; // one occupied bin: exactly 0, not −1e-17
  }
  return { nrmssd, shannon, tpr: tp / n };
}

/** Result scratch of cutValues (features are computed synchronously, one window at a time). */
const CUT = { lowCut: 0, lowTies: 0, highCut: 0, highTies: 0, yMin: 0, yMax: 0 };
const HINT_SLACK = 8;
/** The k smallest (ascending) and k largest (descending) values found, and how many each holds. */
let LOWS = new Float64Array(9);
let HIGHS = new Float64Array(9);
let nLows = 0;
let nHighs = 0;

/**
 * The trim-th smallest and largest values, how many copies of each to drop, and the trimmed series'
 * range (the next value in), found with two small sorted buffers of trim+1 (O(N·trim)), no full sort.
 * `hint` [low, high] holds the previous overlapping window's range: when at least trim+1 values are
 * at or beyond it, the extremes are all among them, so the scan is two predictable comparisons per
 * value; otherwise that side is scanned again in full. The hint is updated for the next window.
 */
function cutValues(x: ArrayLike<number>, trim: number, hint?: Float64Array): typeof CUT {
  const n = x.length;
  if (n <= 2 * trim) {
    // Nothing survives the trim.
    CUT.lowCut = Infinity;
    CUT.highCut = -Infinity;
    CUT.lowTies = CUT.highTies = 0;
    CUT.yMin = CUT.yMax = 0;
    return CUT;
  }
  // With a hint, HINT_SLACK more values are kept so the next window's threshold still has trim+1
  // values beyond it after up to HINT_SLACK of them have left the window.
  const need = trim + 1;
  const k = Math.min(n, need + (hint ? HINT_SLACK : 0));
  if (LOWS.length < k) {
    LOWS = new Float64Array(k);
    HIGHS = new Float64Array(k);
  }
  collectExtremes(x, k, hint ? hint[0] : Infinity, hint ? hint[1] : -Infinity, false, false);
  if (nLows < need || nHighs < need) collectExtremes(x, k, Infinity, -Infinity, nLows >= need, nHighs >= need);
  CUT.yMin = LOWS[trim];
  CUT.yMax = HIGHS[trim];
  if (hint) {
    hint[0] = LOWS[nLows - 1];
    hint[1] = HIGHS[nHighs - 1];
  }
  if (trim === 0) {
    CUT.lowCut = -Infinity;
    CUT.highCut = Infinity;
    CUT.lowTies = CUT.highTies = 0;
    return CUT;
  }
  const lowCut = LOWS[trim - 1];
  const highCut = HIGHS[trim - 1];
  // Values strictly beyond the cut are all dropped; the rest of the quota is taken from ties at the cut.
  let lowTies = 0;
  for (let j = 0; j < trim; j++) if (LOWS[j] === lowCut) lowTies++;
  let highTies = 0;
  for (let j = 0; j < trim; j++) if (HIGHS[j] === highCut) highTies++;
  CUT.lowCut = lowCut;
  CUT.lowTies = lowTies;
  CUT.highCut = highCut;
  CUT.highTies = highTies;
  return CUT;
}

/** Keeps the k smallest values ≤ lowT in LOWS and the k largest ≥ highT in HIGHS; a side marked done is left as it is. */
function collectExtremes(x: ArrayLike<number>, k: number, lowT: number, highT: number, lowDone: boolean, highDone: boolean): void {
  const lows = LOWS;
  const highs = HIGHS;
  let nl = 0;
  let nh = 0;
  if (lowDone) {
    nl = k;
    lowT = -Infinity;
  }
  if (highDone) {
    nh = k;
    highT = Infinity;
  }
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v <= lowT && (nl < k || v < lows[nl - 1])) {
      let j = nl < k ? nl++ : nl - 1;
      while (j > 0 && lows[j - 1] > v) {
        lows[j] = lows[j - 1];
        j--;
      }
      lows[j] = v;
    }
    if (v >= highT && (nh < k || v > highs[nh - 1])) {
      let j = nh < k ? nh++ : nh - 1;
      while (j > 0 && highs[j - 1] < v) {
        highs[j] = highs[j - 1];
        j--;
      }
      highs[j] = v;
    }
  }
  nLows = nl;
  nHighs = nh;
}

/** §3.2 step 7: the window is AF when all three features are inside their bands. */
export function isDashAf(f: DashFeatures, t: { dashNrmssd: number; dashShannon: number; dashTprLow: number; dashTprHigh: number }): boolean {
  return f.nrmssd > t.dashNrmssd && f.shannon > t.dashShannon && f.tpr > t.dashTprLow && f.tpr < t.dashTprHigh;
}
