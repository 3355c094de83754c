/** Failures remembered at most (a spray of usernames cannot grow memory without bound). */
const MAX_KEYS = 50_000;

interface Counter {
  failures: number[];
  lockedUntil: number;
}

/**
 * Failed logins per user and per client address in a sliding window. Over the limit, the key is
 * locked for `lockMs`: every attempt (the right password included) is refused until then.
 */
export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly lockMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the key may try again, or 0. */
  retryAfterMs(key: string): number {
    const c = this.counters.get(key);
    if (!c) return 0;
    return Math.max(0, c.lockedUntil - this.now());
  }

  /** Counts a failure; true when it locks the key. */
  fail(key: string): boolean {
    const t = this.now();
    let c = this.counters.get(key);
    if (!c) {
      if (this.counters.size >= MAX_KEYS) this.evict(t);
      c = { failures: [], lockedUntil: 0 };
      this.counters.set(key, c);
    }
    c.failures = c.failures.filter((f) => f > t - this.windowMs);
    c.failures.push(t);
    if (c.failures.length >= this.limit) {
      c.lockedUntil = t + this.lockMs;
      c.failures = [];
      return true;
    }
    return false;
  }

  succeed(key: string) {
    this.counters.delete(key);
  }

  size(): number {
    return this.counters.size;
  }

  private evict(t: number) {
    for (const [k, c] of this.counters) if (c.lockedUntil < t && c.failures.every((f) => f <= t - this.windowMs)) this.counters.delete(k);
    // Still full: drop the oldest entries (Map keeps insertion order).
    for (const k of this.counters.keys()) {
      if (this.counters.size < MAX_KEYS) break;
      this.counters.delete(k);
    }
  }
}
