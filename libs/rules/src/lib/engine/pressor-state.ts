import { HOUR } from '../time';

interface RateChange {
  at: number;
  drug: string;
  rate: number;
}

/** Vasopressor infusions per drug (µg/kg/min), with enough history for the 8 h maximum of [D14]. */
export class PressorState {
  private readonly changes: RateChange[] = [];
  private readonly current = new Map<string, number>();

  set(at: number, drug: string, rate: number): { raised: boolean } {
    const key = drug.toLowerCase();
    const before = this.current.get(key) ?? 0;
    this.current.set(key, rate);
    this.changes.push({ at, drug: key, rate });
    // Keep a day of changes: enough for the 8 h window, bounded memory.
    while (this.changes.length > 0 && this.changes[0].at < at - 24 * HOUR) this.changes.shift();
    return { raised: rate > before };
  }

  /** No infusion was ever documented: the common case, answered without scanning history. */
  get isEmpty(): boolean {
    return this.changes.length === 0 && this.current.size === 0;
  }

  rate(drug: string): number {
    return this.current.get(drug.toLowerCase()) ?? 0;
  }

  /** Number of vasopressors currently running (rate > 0). */
  running(): number {
    let n = 0;
    for (const r of this.current.values()) if (r > 0) n++;
    return n;
  }

  /** Highest rate of `drug` at any moment in [now − windowMs, now], including the rate in force at the window start. */
  max(drug: string, now: number, windowMs: number): number {
    const key = drug.toLowerCase();
    let inForce = 0;
    let best = 0;
    for (const c of this.changes) {
      if (c.drug !== key || c.at > now) continue;
      if (c.at < now - windowMs) inForce = c.rate;
      else best = Math.max(best, c.rate);
    }
    return Math.max(best, inForce);
  }

  /** True if any drug's rate was raised within (now − windowMs, now]: resolve needs stable or falling pressors. */
  raisedWithin(now: number, windowMs: number): boolean {
    const last = new Map<string, number>();
    for (const c of this.changes) {
      if (c.at > now) continue;
      const prev = last.get(c.drug) ?? 0;
      if (c.at > now - windowMs && c.rate > prev) return true;
      last.set(c.drug, c.rate);
    }
    return false;
  }
}

export const PHENYLEPHRINE = 'phenylephrine';
