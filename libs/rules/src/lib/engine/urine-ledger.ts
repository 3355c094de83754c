import { HOUR } from '../time';

interface Collection {
  start: number;
  end: number;
  volumeMl: number;
  site: string;
}

/** The site of a urine record that names none (one catheter). */
export const DEFAULT_URINE_SITE = 'default';

/**
 * Urine collections with their intervals and sites (§6.4, §10): rate over a window = volume ÷
 * covered hours, and a window counts only if the collections cover enough of it. Volumes are
 * apportioned by overlap. The same period on the same site is a correction (it replaces the
 * record); different sites add up, and their periods count once towards coverage.
 */
export class UrineLedger {
  private readonly items: Collection[] = [];

  add(start: number, end: number, volumeMl: number, site: string = DEFAULT_URINE_SITE): void {
    if (!(end > start)) return;
    // Keep time order; a correction for the same interval and site replaces the earlier record.
    const same = this.items.findIndex((c) => c.start === start && c.end === end && c.site === site);
    if (same >= 0) this.items.splice(same, 1);
    let i = this.items.length;
    while (i > 0 && this.items[i - 1].end > end) i--;
    this.items.splice(i, 0, { start, end, volumeMl, site });
    while (this.items.length > 0 && this.items[0].end < end - 26 * HOUR) this.items.shift();
  }

  /** mL/h over [from, to], or null when collections cover less than `coverage` of it. */
  rate(from: number, to: number, coverage: number): number | null {
    const { volumeMl, coveredMs } = this.window(from, to);
    if (coveredMs < coverage * (to - from) || coveredMs === 0) return null;
    return volumeMl / (coveredMs / HOUR);
  }

  /**
   * Volume apportioned to [from, to] (every site) and how much of it the collections cover (ms, at
   * most to − from): the union of their periods, so two sites over one hour cover one hour.
   */
  window(from: number, to: number): { volumeMl: number; coveredMs: number } {
    let volumeMl = 0;
    const spans: Array<[number, number]> = [];
    for (const c of this.items) {
      const a = Math.max(from, c.start);
      const b = Math.min(to, c.end);
      if (b <= a) continue;
      spans.push([a, b]);
      volumeMl += (c.volumeMl * (b - a)) / (c.end - c.start);
    }
    spans.sort((x, y) => x[0] - y[0]);
    let coveredMs = 0;
    let coveredTo = from;
    for (const [a, b] of spans) {
      const s = Math.max(a, coveredTo);
      if (b > s) coveredMs += b - s;
      if (b > coveredTo) coveredTo = b;
    }
    return { volumeMl, coveredMs };
  }

  /** The share of [from, to] covered by collections (0–1). */
  coverage(from: number, to: number): number {
    return this.window(from, to).coveredMs / (to - from);
  }

  /** Collection end times, newest first. */
  endsNewestFirst(): number[] {
    return this.items.map((c) => c.end).reverse();
  }

  get size(): number {
    return this.items.length;
  }
}
