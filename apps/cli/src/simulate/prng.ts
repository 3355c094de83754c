/**
 * A small seeded PRNG (mulberry32 over a 32-bit state derived from the seed string), so the same
 * seed gives the same ward on every machine and Node version (Math.random cannot be seeded).
 */
export class Prng {
  private state: number;

  constructor(seed: string | number) {
    // FNV-1a over the seed text → 32-bit state.
    let h = 0x811c9dc5;
    for (const ch of String(seed)) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    this.state = h || 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  int(lo: number, hi: number): number {
    return Math.floor(this.uniform(lo, hi + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An independent stream for a sub-part (a patient), so adding one part does not shift the others. */
  fork(label: string): Prng {
    return new Prng(`${this.next()}:${label}`);
  }
}
