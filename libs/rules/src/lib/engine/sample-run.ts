/**
 * Sustain for intermittent samples (§6.0): the condition must hold on every sample since the run
 * began, over at least the stated span, with no gap between samples longer than maxGapMs.
 */
export class SampleRun {
  // NaN = no run (not null: a field that only holds numbers stays an unboxed double).
  private start = NaN;
  private last = 0;

  constructor(private readonly maxGapMs: number) {}

  /** Records a sample where the condition holds. */
  hit(at: number): void {
    if (this.start !== this.start || at - this.last > this.maxGapMs) this.start = at;
    if (at > this.last || this.start === at) this.last = at;
  }

  /** Records a sample where the condition does not hold: the run is broken. */
  miss(): void {
    this.start = NaN;
  }

  /** The run has lasted ≥ spanMs up to its latest sample (or up to `now` if now is within maxGap of it). */
  held(spanMs: number, now?: number): boolean {
    if (this.start !== this.start) return false;
    const end = now !== undefined && now - this.last <= this.maxGapMs ? Math.max(now, this.last) : this.last;
    return end - this.start >= spanMs;
  }

  get active(): boolean {
    return this.start === this.start;
  }
}
