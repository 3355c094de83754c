/** Percentiles of successive RR ratios used by the ectopic filter (§3.2 step 1). */
export interface RatioPercentiles {
  p1: number;
  p25: number;
  p99: number;
}

export interface RatioReference {
  add(ratio: number, timeMs: number): void;
  /** Current percentiles, or null while there are too few ratios to trust them. Read them at once: the object may be updated in place by later adds. */
  percentiles(): RatioPercentiles | null;
}

/** Fixed percentiles computed over a whole record (what the open reference code does). */
export class FixedRatioReference implements RatioReference {
  constructor(private readonly p: RatioPercentiles) {}
  add(): void {
    /* fixed: nothing to learn */
  }
  percentiles(): RatioPercentiles {
    return this.p;
  }
}

/** Exact linear-interpolation percentile (numpy's default) of a sorted array. */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function recordPercentiles(rrMs: ArrayLike<number>): RatioPercentiles {
  const r = new Float64Array(Math.max(0, rrMs.length - 1));
  for (let i = 1; i < rrMs.length; i++) r[i - 1] = rrMs[i] / rrMs[i - 1];
  r.sort();
  return { p1: percentileSorted(r, 1), p25: percentileSorted(r, 25), p99: percentileSorted(r, 99) };
}

const BINS = 512;
const LOG_MIN = Math.log(0.1);
const LOG_MAX = Math.log(10);
const BIN_WIDTH = (LOG_MAX - LOG_MIN) / BINS;
const BLOCK_MS = 3_600_000;
const MIN_COUNT = 200;

/**
 * Bin of a ratio, floor((ln r − ln 0.1) / width) clamped to [0, 511], without a log per beat: the
 * float's exponent and top mantissa bits index a table of first guesses, refined against the exact
 * bin edges (the guess is never more than one bin off).
 */
export function ratioBin(ratio: number): number {
  if (!(ratio >= EDGE[1])) return 0; // (NaN too)
  if (ratio >= EDGE[BINS - 1]) return BINS - 1;
  F64[0] = ratio;
  const hi = U32[HI];
  const e = (hi >>> 20) - 1023; // within ±4 here (0.1…10)
  let b = GUESS[((e + 4) << MANT_BITS) | ((hi >>> (20 - MANT_BITS)) & MANT_MASK)];
  if (ratio < EDGE[b]) b--;
  else if (ratio >= EDGE[b + 1]) b++;
  return b;
}
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // the high word's index (endianness)
const MANT_BITS = 10;
const MANT_MASK = (1 << MANT_BITS) - 1;
/** EDGE[b] = exp(ln 0.1 + b·width): the smallest ratio in bin b. */
const EDGE = Float64Array.from({ length: BINS + 1 }, (_, b) => Math.exp(LOG_MIN + b * BIN_WIDTH));
/** First guess per (exponent, top mantissa bits): the bin of the cell's lower end, clamped. */
const GUESS = Int16Array.from({ length: 9 << MANT_BITS }, (_, i) => {
  const e = (i >> MANT_BITS) - 4;
  const lower = 2 ** e * (1 + (i & MANT_MASK) / (1 << MANT_BITS));
  return Math.min(BINS - 1, Math.max(0, Math.floor((Math.log(lower) - LOG_MIN) / BIN_WIDTH)));
});

/**
 * Rolling reference over the patient's last 24 h (ENG, §3.2 step 1), in bounded memory: hourly
 * histograms of ln(ratio) (512 bins over 0.1–10, ≈0.9% ratio resolution) summed into a running total.
 * Percentiles are refreshed every `refreshEvery` ratios (one window step), in one pass over the bins.
 */
export class RollingRatioReference implements RatioReference {
  private readonly blocks: Uint16Array[] = [];
  /** The newest hour's histogram (the one beats are counted in). */
  private block = new Uint16Array(0);
  private readonly blockStart: number[] = [];
  private readonly total = new Uint32Array(BINS);
  /**
   * One tracker per percentile: the bin holding it and the count below that bin, kept up to date on
   * every add (a step or two at most), so reading p1/p25/p99 never scans the histogram.
   */
  private readonly qs = [0.01, 0.25, 0.99];
  private readonly qBin = new Int32Array(3);
  private readonly qBelow = new Float64Array(3);
  private count = 0;
  private blockEnd = Number.NEGATIVE_INFINITY;
  private sinceRefresh = 0;
  /** The percentiles as of the last refresh, updated in place (readers use them at once). */
  private readonly current: RatioPercentiles = { p1: 0, p25: 0, p99: 0 };
  private stale = true;

  constructor(
    private readonly hours = 24,
    private readonly refreshEvery = 16,
  ) {}

  /** One ratio: kept small so the detector's per-beat loop gets it inlined (a new hour is the rare, separate path). */
  add(ratio: number, timeMs: number): void {
    if (timeMs >= this.blockEnd) this.startBlock(timeMs);
    const b = ratioBin(ratio);
    const block = this.block;
    if (block[b] === 0xffff) return; // saturated hour bin: the percentile estimate is already stable
    block[b]++;
    this.total[b]++;
    this.count++;
    // Keep each tracker's count-below exact; moving it to the right bin waits for the next read.
    const q = this.qBin;
    if (b < q[0]) this.qBelow[0]++;
    if (b < q[1]) this.qBelow[1]++;
    if (b < q[2]) this.qBelow[2]++;
    if (++this.sinceRefresh >= this.refreshEvery) {
      this.sinceRefresh = 0;
      this.stale = true;
    }
  }

  /** Opens the hour block of timeMs, and drops the blocks that fall out of the last `hours` hours. */
  private startBlock(timeMs: number): void {
    const start = Math.floor(timeMs / BLOCK_MS) * BLOCK_MS;
    this.blockEnd = start + BLOCK_MS;
    this.block = new Uint16Array(BINS);
    this.blocks.push(this.block);
    this.blockStart.push(start);
    while (this.blockStart.length > 0 && this.blockStart[0] <= start - this.hours * BLOCK_MS) {
      const old = this.blocks.shift() ?? new Uint16Array(BINS);
      this.blockStart.shift();
      for (let b = 0; b < BINS; b++) {
        if (old[b] === 0) continue;
        this.total[b] -= old[b];
        this.count -= old[b];
      }
      this.resetTrackers();
    }
  }

  percentiles(): RatioPercentiles | null {
    if (this.count < MIN_COUNT) return null;
    if (this.stale) {
      this.stale = false;
      const c = this.current;
      c.p1 = this.quantile(0);
      c.p25 = this.quantile(1);
      c.p99 = this.quantile(2);
    }
    return this.current;
  }

  /** Moves tracker k to the first bin whose cumulative count reaches q·n (what a linear scan would find). */
  private settle(k: number): void {
    const target = this.qs[k] * this.count;
    let b = this.qBin[k];
    let below = this.qBelow[k];
    while (b > 0 && below >= target) {
      b--;
      below -= this.total[b];
    }
    while (b < BINS - 1 && below + this.total[b] < target) {
      below += this.total[b];
      b++;
    }
    this.qBin[k] = b;
    this.qBelow[k] = below;
  }

  private resetTrackers(): void {
    this.qBin.fill(0);
    this.qBelow.fill(0);
    this.stale = true;
  }

  /** Tracked quantile k, settled on its bin and interpolated within it. */
  private quantile(k: number): number {
    this.settle(k);
    const b = this.qBin[k];
    const c = this.total[b];
    if (c === 0) return Math.exp(LOG_MAX);
    return Math.exp(LOG_MIN + (b + (this.qs[k] * this.count - this.qBelow[k]) / c) * BIN_WIDTH);
  }
}
