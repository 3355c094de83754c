import { severityRank, type AlertSeverity, type Evidence } from '@vigil/contracts';

/** Gap up to which consecutive samples count as continuous (§6.0: ≥1 sample per 5 s). */
const SAMPLE_PERIOD_MS = 5000;
/** §6.0: at most 20% of samples may be missing over the sustain window. */
const MIN_COVERAGE = 0.8;

/**
 * Sustain tracker for a continuous signal: the condition must hold on every sample since the run
 * started, over the stated duration, with ≥80% coverage (gaps longer than 5 s count as missing).
 */
export class ContinuousRun {
  private start: number | null = null;
  private last = 0;
  private covered = 0;
  floor: AlertSeverity = 'high';
  evidence: Evidence[] = [];

  add(at: number, severity: AlertSeverity, evidence: Evidence[]): void {
    if (this.start === null) {
      this.start = at;
      this.last = at;
      this.covered = 0;
      this.floor = severity;
      this.evidence = [...evidence];
      return;
    }
    if (at <= this.last) return;
    this.covered += Math.min(at - this.last, SAMPLE_PERIOD_MS);
    this.last = at;
    if (severityRank[severity] < severityRank[this.floor]) this.floor = severity;
    if (this.evidence.length < 4) this.evidence.push(...evidence);
  }

  /** A run has begun (at least one sample since the last reset). */
  get running(): boolean {
    return this.start !== null;
  }

  sustained(at: number, durationMs: number): boolean {
    if (this.start === null) return false;
    const span = at - this.start;
    return span >= durationMs && this.covered >= MIN_COVERAGE * span;
  }

  reset(): void {
    this.start = null;
    this.evidence = [];
  }
}
