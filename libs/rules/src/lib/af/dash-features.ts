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
 * Step 3's trim of a window: the trim-th smallest and largest values (the cuts), how many copies of
 * each to drop (ties at a cut are dropped first-come, so exactly `trim` go from each end), and the
 * trimmed series' range (the (trim+1)-th smallest and largest values).
 */
export interface TrimCut {
  lowCut: number;
  lowTies: number;
  highCut: number;
  highTies: number;
  yMin: number;
  yMax: number;
}

/** The features of the window x[start, start+n) (all of x by default). */
export function dashFeatures(x: ArrayLike<number>, trim: number, start = 0, n = x.length - start): DashFeatures {
  return dashFeaturesWithCut(x, start, n, trimCut(x, start, n, trim, SCRATCH_CUT));
}

/**
 * One pass once the trim is known: the trim (step 3), nRMSSD sums (step 4), the histogram (step 5,
 * its range known beforehand from the cut) and the turning points (step 6).
 */
export function dashFeaturesWithCut(x: ArrayLike<number>, start: number, n: number, cut: TrimCut, turningPoints = countTurningPoints(x, start, n)): DashFeatures {
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
  for (let i = start, end = start + n; i < end; i++) {
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
  return { nrmssd, shannon, tpr: turningPoints / n };
}

/**
 * An upper bound of the window's trimmed nRMSSD (step 4) from the untrimmed window alone, so neither
 * the trim nor the kept extremes are needed. The trimmed mean is at least the window's minimum. A
 * difference of the trimmed series is either one of the untrimmed series' or spans removed values;
 * those lie at or beyond the cuts, outside the open interval between the two kept ends, so one step of
 * the untrimmed path across them is at least as long: Σ trimmed d² ≤ Σ untrimmed d² (each step counted
 * once). Infinity when it cannot bound (fewer than 2 values kept).
 */
export function nrmssdUpperBound(x: ArrayLike<number>, start: number, n: number, trim: number): number {
  const m = n - 2 * trim;
  if (m < 2) return Infinity;
  let raw = 0;
  let min = x[start];
  for (let i = start + 1, end = start + n; i < end; i++) {
    const v = x[i];
    const d = v - x[i - 1];
    raw += d * d;
    if (v < min) min = v;
  }
  return min > 0 ? Math.sqrt(raw / (m - 1)) / min : Infinity;
}

/**
 * Step 6 on the untrimmed window: beats above or below both neighbours (the product of the two
 * differences is positive; an equal neighbour makes it 0). Branch-free: in AF it is a coin toss.
 */
export function countTurningPoints(x: ArrayLike<number>, start: number, n: number): number {
  let tp = 0;
  for (let i = start + 1, end = start + n - 1; i < end; i++) {
    const v = x[i];
    tp += +((v - x[i - 1]) * (v - x[i + 1]) > 0);
  }
  return tp;
}

const SCRATCH_CUT: TrimCut = { lowCut: 0, lowTies: 0, highCut: 0, highTies: 0, yMin: 0, yMax: 0 };
/** The k smallest (ascending) and k largest (descending) values found (scratch). */
let LOWS = new Float64Array(9);
let HIGHS = new Float64Array(9);

/** The trim of the window x[start, start+n) into out, by one scan keeping the trim+1 most extreme values per side. */
export function trimCut(x: ArrayLike<number>, start: number, n: number, trim: number, out: TrimCut): TrimCut {
  if (n <= 2 * trim) return trimAll(out);
  const k = trim + 1;
  if (LOWS.length < k) {
    LOWS = new Float64Array(k);
    HIGHS = new Float64Array(k);
  }
  const lows = LOWS;
  const highs = HIGHS;
  let nl = 0;
  let nh = 0;
  for (let i = start, end = start + n; i < end; i++) {
    const v = x[i];
    if (nl < k || v < lows[nl - 1]) {
      let j = nl < k ? nl++ : nl - 1;
      while (j > 0 && lows[j - 1] > v) {
        lows[j] = lows[j - 1];
        j--;
      }
      lows[j] = v;
    }
    if (nh < k || v > highs[nh - 1]) {
      let j = nh < k ? nh++ : nh - 1;
      while (j > 0 && highs[j - 1] < v) {
        highs[j] = highs[j - 1];
        j--;
      }
      highs[j] = v;
    }
  }
  return cutFromExtremes(lows, highs, trim, out);
}

/** The cut when nothing survives the trim (a window of at most 2·trim values). */
export function trimAll(out: TrimCut): TrimCut {
  out.lowCut = Infinity;
  out.highCut = -Infinity;
  out.lowTies = out.highTies = 0;
  out.yMin = out.yMax = 0;
  return out;
}

/** The cut from a window's trim+1 smallest values (ascending) and trim+1 largest (descending). */
export function cutFromExtremes(lows: ArrayLike<number>, highs: ArrayLike<number>, trim: number, out: TrimCut): TrimCut {
  out.yMin = lows[trim];
  out.yMax = highs[trim];
  if (trim === 0) {
    out.lowCut = -Infinity;
    out.highCut = Infinity;
    out.lowTies = out.highTies = 0;
    return out;
  }
  const lowCut = lows[trim - 1];
  const highCut = highs[trim - 1];
  // Values strictly beyond the cut are all dropped; the rest of the quota is taken from ties at the cut.
  let lowTies = 0;
  for (let j = 0; j < trim; j++) if (lows[j] === lowCut) lowTies++;
  let highTies = 0;
  for (let j = 0; j < trim; j++) if (highs[j] === highCut) highTies++;
  out.lowCut = lowCut;
  out.lowTies = lowTies;
  out.highCut = highCut;
  out.highTies = highTies;
  return out;
}

/** §3.2 step 7: the window is AF when all three features are inside their bands. */
export function isDashAf(f: DashFeatures, t: { dashNrmssd: number; dashShannon: number; dashTprLow: number; dashTprHigh: number }): boolean {
  return f.nrmssd > t.dashNrmssd && f.shannon > t.dashShannon && f.tpr > t.dashTprLow && f.tpr < t.dashTprHigh;
}
