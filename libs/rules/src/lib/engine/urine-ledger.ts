import { HOUR } from '../time';

interface Collection {
  start: number;
  end: number;
  volumeMl: number;
}

/**
 * Urine collections with their intervals (§6.4): rate over a window = volume ÷ covered hours, and a
 * window counts only if the collections cover enough of it. Volumes are apportioned by overlap.
 */
export class UrineLedger {
  private readonly items: Collection[] = [];

  add(start: number, end: number, volumeMl: number): void {
    if (!(end > start)) return;
    // Keep time order; a correction for the same interval replaces the earlier record.
    const same = this.items.findIndex((c) => c.start === start && c.end === end);
    if (same >= 0) this.items.splice(same, 1);
    let i = this.items.length;
    while (i > 0 && this.items[i - 1].end > end) i--;
    this.items.splice(i, 0, { start, end, volumeMl });
    while (this.items.length > 0 && this.items[0].end < end - 26 * HOUR) this.items.shift();
  }

  /** mL/h over [from, to], or null when collections cover less than `coverage` of it. */
  rate(from: number, to: number, coverage: number): number | null {
    const { volumeMl, coveredMs } = this.window(from, to);
    if (coveredMs < coverage * (to - from) || coveredMs === 0) return null;
    return volumeMl / (coveredMs / HOUR);
  }

  /** Volume apportioned to [from, to] and how much of it the collections cover (ms, at most to − from). */
  window(from: number, to: number): { volumeMl: number; coveredMs: number } {
    let volumeMl = 0;
    let covered = 0;
    for (const c of this.items) {
      const a = Math.max(from, c.start);
      const b = Math.min(to, c.end);
      if (b <= a) continue;
      covered += b - a;
      volumeMl += (c.volumeMl * (b - a)) / (c.end - c.start);
    }
    return { volumeMl, coveredMs: Math.min(covered, to - from) };
  }

  /** Collection end times, newest first. */
  endsNewestFirst(): number[] {
    return this.items.map((c) => c.end).reverse();
  }

  get size(): number {
    return this.items.length;
  }
}
