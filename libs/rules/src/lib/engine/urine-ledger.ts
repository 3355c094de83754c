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
    let vol = 0;
    let covered = 0;
    for (const c of this.items) {
      const a = Math.max(from, c.start);
      const b = Math.min(to, c.end);
      if (b <= a) continue;
      covered += b - a;
      vol += (c.volumeMl * (b - a)) / (c.end - c.start);
    }
    covered = Math.min(covered, to - from);
    if (covered < coverage * (to - from) || covered === 0) return null;
    return vol / (covered / HOUR);
  }
}
