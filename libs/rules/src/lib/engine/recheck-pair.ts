import { severityRank, type AlertSeverity, type Evidence } from '@vigil/contracts';

/** §10: a reading is intermittent when the previous reading of the same signal is at least this much older. */
export const INTERMITTENT_GAP_MS = 60_000;

export interface QualifyingReading {
  at: number;
  severity: AlertSeverity;
  why: string;
  evidence: Evidence[];
}

/** What one intermittent reading does to the pair: raise the recheck prompt, or confirm the alert. */
export type PairOutcome = { kind: 'prompt'; first: QualifyingReading } | { kind: 'confirm'; first: QualifyingReading; second: QualifyingReading };

/**
 * §10 "Intermittent readings, any gap": two consecutive qualifying readings with no normal reading
 * between them confirm an alert at any gap up to the staleness limit; the first one raises a LOW
 * "recheck" prompt. One instance per signal per rule; the rule decides what qualifies.
 */
export class RecheckPair {
  private lastAt = Number.NEGATIVE_INFINITY;
  /** The first qualifying reading, waiting for its repeat. */
  pending: QualifyingReading | null = null;

  /**
   * Notes a reading of the signal (any value) and says whether it is intermittent: its previous
   * reading is ≥ 60 s older, or there is none (a first spot value is exactly the charted case).
   */
  isIntermittent(at: number): boolean {
    const gap = at - this.lastAt;
    if (at > this.lastAt) this.lastAt = at;
    return gap >= INTERMITTENT_GAP_MS;
  }

  /** A qualifying reading: confirms a fresh pending one, or becomes the pending one (prompt). */
  qualifying(r: QualifyingReading, staleMs: number): PairOutcome {
    const first = this.pending;
    if (first && r.at > first.at && r.at - first.at <= staleMs) {
      this.pending = null;
      return { kind: 'confirm', first, second: r };
    }
    this.pending = r;
    return { kind: 'prompt', first: r };
  }

  /**
   * A normal reading breaks the pair. Returns the reading whose prompt it answers, if any. A normal
   * reading charted at the same instant as the pending one (another route, another item) answers
   * nothing: the two disagree, and only a later reading can (no alert opens and closes at one instant).
   */
  normal(at?: number): QualifyingReading | null {
    const p = this.pending;
    if (p && at !== undefined && at === p.at) return null;
    this.pending = null;
    return p;
  }

  /** When the pending reading goes stale: 1 ms after the limit (a repeat exactly on it still counts), or null. */
  staleAt(staleMs: number): number | null {
    return this.pending ? this.pending.at + staleMs + 1 : null;
  }
}

/** The less severe of two bands: a pair is only as bad as its milder reading. */
export function milder(a: AlertSeverity, b: AlertSeverity): AlertSeverity {
  return severityRank[a] <= severityRank[b] ? a : b;
}
