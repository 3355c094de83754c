import { cutFromExtremes, trimAll, type TrimCut } from './dash-features';

/** Extra extremes kept beyond trim+1 when rebuilt, so values can leave the window before the next rebuild. */
const SLACK = 16;
/** More kept than this (new extremes arriving) drops the least extreme one. */
const EXTRA = 8;

/**
 * The smallest and largest values of a sliding window, kept up to date as values enter and leave,
 * so each Dash window's trim (§3.2 step 3) is read off without scanning the window.
 *
 * Each side holds values sorted from the most extreme, with the window slot they occupy. Invariant:
 * a side holds every window value at or beyond its least extreme entry. A value entering at or beyond
 * it is inserted; one leaving is removed; so the kept values stay exactly the window's extremes. When
 * values leave faster than new extremes arrive and fewer than trim+1 are left, the window is scanned
 * again (`rebuild`); on real RR series that is a few percent of windows.
 */
export class SlidingExtremes {
  private readonly cap: number;
  private readonly loV: Float64Array; // ascending
  private readonly loSlot: Int32Array;
  private readonly hiV: Float64Array; // descending
  private readonly hiSlot: Int32Array;
  private nLo = 0;
  private nHi = 0;

  constructor(
    private readonly trim: number,
    private readonly windowSize: number,
  ) {
    this.cap = trim + 1 + SLACK + EXTRA;
    this.loV = new Float64Array(this.cap);
    this.loSlot = new Int32Array(this.cap);
    this.hiV = new Float64Array(this.cap);
    this.hiSlot = new Int32Array(this.cap);
  }

  /** Forget everything (a new series, or upkeep not wanted for now): add and remove do nothing until a failed `cut` and a `rebuild`. */
  reset(): void {
    this.nLo = 0;
    this.nHi = 0;
  }

  /** Value v enters the window in ring slot `slot`. */
  add(v: number, slot: number): void {
    let n = this.nLo;
    if (n > 0 && v <= this.loV[n - 1]) {
      if (n === this.cap) n--; // full: the least extreme goes, and the invariant holds up to the new last
      if (n > 0 && v <= this.loV[n - 1]) n = insert(this.loV, this.loSlot, n, v, slot, 1);
      this.nLo = n;
    }
    n = this.nHi;
    if (n > 0 && v >= this.hiV[n - 1]) {
      if (n === this.cap) n--;
      if (n > 0 && v >= this.hiV[n - 1]) n = insert(this.hiV, this.hiSlot, n, v, slot, -1);
      this.nHi = n;
    }
  }

  /** Value v leaves the window from ring slot `slot`. */
  remove(v: number, slot: number): void {
    if (this.nLo > 0 && v <= this.loV[this.nLo - 1]) this.nLo = drop(this.loV, this.loSlot, this.nLo, slot);
    if (this.nHi > 0 && v >= this.hiV[this.nHi - 1]) this.nHi = drop(this.hiV, this.hiSlot, this.nHi, slot);
  }

  /**
   * The trim of the current window into `out`, or false when too few extremes are known on a side
   * (call `rebuild` with the window, then `cut` again).
   */
  cut(out: TrimCut): boolean {
    if (this.windowSize <= 2 * this.trim) {
      trimAll(out);
      return true;
    }
    if (this.nLo <= this.trim || this.nHi <= this.trim) return false;
    cutFromExtremes(this.loV, this.hiV, this.trim, out);
    return true;
  }

  /**
   * Re-derives the side(s) with too few extremes from the whole window x[start, start+n), whose
   * value i sits in ring slot (slot0 + i) mod n. Keeps trim+1+SLACK values on a rebuilt side.
   */
  rebuild(x: ArrayLike<number>, start: number, n: number, slot0: number): void {
    const k = Math.min(n, this.trim + 1 + SLACK);
    const lowSide = this.nLo <= this.trim;
    const highSide = this.nHi <= this.trim;
    let nl = 0;
    let nh = 0;
    for (let i = 0; i < n; i++) {
      const v = x[start + i];
      let slot = slot0 + i;
      if (slot >= n) slot -= n;
      if (lowSide && (nl < k || v < this.loV[nl - 1])) nl = insert(this.loV, this.loSlot, nl < k ? nl : nl - 1, v, slot, 1);
      if (highSide && (nh < k || v > this.hiV[nh - 1])) nh = insert(this.hiV, this.hiSlot, nh < k ? nh : nh - 1, v, slot, -1);
    }
    if (lowSide) this.nLo = nl;
    if (highSide) this.nHi = nh;
  }
}

/** Inserts (v, slot) into the n sorted entries (ascending when dir is 1, descending when −1); returns n+1. */
function insert(vals: Float64Array, slots: Int32Array, n: number, v: number, slot: number, dir: 1 | -1): number {
  let j = n;
  const key = v * dir;
  while (j > 0 && vals[j - 1] * dir > key) {
    vals[j] = vals[j - 1];
    slots[j] = slots[j - 1];
    j--;
  }
  vals[j] = v;
  slots[j] = slot;
  return n + 1;
}

/** Removes the entry of `slot` if present; returns the new count. */
function drop(vals: Float64Array, slots: Int32Array, n: number, slot: number): number {
  let j = n - 1;
  while (j >= 0 && slots[j] !== slot) j--;
  if (j < 0) return n;
  for (; j < n - 1; j++) {
    vals[j] = vals[j + 1];
    slots[j] = slots[j + 1];
  }
  return n - 1;
}
