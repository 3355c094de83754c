const HOUR_MS = 3_600_000;

/**
 * Running sums per clock hour for the pre-dose baseline (§6.0: mean of ≥2 values in the 24 h before
 * dose 1), in constant memory: 25 hourly buckets per field. Hour granularity is ENG.
 */
export class HourlyMeans {
  private readonly buckets = new Map<string, Array<{ hour: number; sum: number; n: number }>>();

  add(field: string, value: number, at: number): void {
    const hour = Math.floor(at / HOUR_MS);
    let list = this.buckets.get(field);
    if (!list) this.buckets.set(field, (list = []));
    // Readings arrive in time order almost always: the current hour is the last bucket.
    let b = list.length > 0 && list[list.length - 1].hour === hour ? list[list.length - 1] : undefined;
    if (!b) for (const x of list) if (x.hour === hour) b = x;
    if (!b) {
      list.push((b = { hour, sum: 0, n: 0 }));
      list.sort((x, y) => x.hour - y.hour);
      while (list.length > 25) list.shift();
    }
    b.sum += value;
    b.n++;
  }

  /** Mean of the values in hours overlapping [from, to], or null with fewer than 2 values. */
  mean(field: string, from: number, to: number): number | null {
    let sum = 0;
    let n = 0;
    for (const b of this.buckets.get(field) ?? []) {
      if ((b.hour + 1) * HOUR_MS <= from || b.hour * HOUR_MS > to) continue;
      sum += b.sum;
      n += b.n;
    }
    return n >= 2 ? sum / n : null;
  }
}
