const HOUR_MS = 3_600_000;
const SLOTS = 25;

/**
 * Running sums per clock hour for one field's pre-dose baseline (§6.0: mean of ≥2 values in the 24 h
 * before dose 1), in constant memory: a ring of the last 25 clock hours, slot = hour mod 25, so a
 * reading costs a division and three array writes. Hour granularity is ENG.
 */
export class HourlyMeans {
  private readonly hour = new Float64Array(SLOTS).fill(-1);
  private readonly sum = new Float64Array(SLOTS);
  private readonly n = new Uint32Array(SLOTS);

  add(value: number, at: number): void {
    const hour = Math.floor(at / HOUR_MS);
    const slot = (hour | 0) % SLOTS; // integer modulo (hours since 1970 fit in 31 bits)
    const held = this.hour[slot];
    if (held !== hour) {
      // A slot holding an hour 25+ hours older is reused; a reading older than the ring is dropped.
      if (held > hour) return;
      this.hour[slot] = hour;
      this.sum[slot] = 0;
      this.n[slot] = 0;
    }
    this.sum[slot] += value;
    this.n[slot]++;
  }

  /** Mean of the values in hours overlapping [from, to], or null with fewer than 2 values. */
  mean(from: number, to: number): number | null {
    let sum = 0;
    let n = 0;
    for (let s = 0; s < SLOTS; s++) {
      const h = this.hour[s];
      if (h < 0 || (h + 1) * HOUR_MS <= from || h * HOUR_MS > to) continue;
      sum += this.sum[s];
      n += this.n[s];
    }
    return n >= 2 ? sum / n : null;
  }
}
