/**
 * Labels ectopic beats from RR intervals alone, for monitors that send no beat classes (ENG, issue 18,
 * tuned on MIT-BIH Arrhythmia, see docs/VALIDATION.md). An ectopic beat is only defined against a
 * regular underlying rhythm, so beats are judged only while the last 8 intervals taken as normal are
 * regular (interquartile spread ≤ 10% of their median); in AF that never holds and every beat stays
 * normal, leaving the AF detector untouched. Against that median m:
 * - a premature beat with a compensatory pause: RR_i < 0.85·m, RR_{i+1} > 1.1·m and
 *   |RR_i + RR_{i+1} − 2m| ≤ 0.15·2m (a PVC's or an interpolated PAC's signature);
 * - a couplet: RR_i and RR_{i+1} < 0.85·m, then RR_{i+2} > 1.1·m.
 * The ectopic beats are labelled V (premature, of unknown origin); the intervals they end and the
 * pause after them are then not rhythm, as with a monitor's labels. Two beats of lookahead.
 */
export const ECTOPY = {
  /** Intervals in the normal-rhythm reference. */
  refBeats: 8,
  /** A beat is judged only when the reference's interquartile spread is at most this share of its median. */
  maxSpread: 0.1,
  prematurity: 0.15,
  pause: 0.1,
  compensation: 0.15,
} as const;

export const NORMAL_CODE = 78; // 'N'
export const ECTOPIC_CODE = 86; // 'V'

/**
 * Streaming classifier: push() an interval, then take() the decided ones (oldest first) while ready().
 * Fixed-size rings; nothing is allocated per beat.
 */
export class EctopicBeatClassifier {
  // Pending intervals (at most 3: the one judged and its two-beat lookahead), ring of 4.
  private readonly rr = new Float64Array(4);
  private readonly t = new Float64Array(4);
  private readonly cls = new Uint8Array(4);
  private start = 0;
  private pending = 0;
  /** How many of the pending intervals (from start) are decided. */
  private decided = 0;
  // The reference: last refBeats normal intervals, in arrival order (ring) and sorted.
  private readonly ref = new Float64Array(ECTOPY.refBeats);
  private readonly sorted = new Float64Array(ECTOPY.refBeats);
  private refHead = 0;
  private refCount = 0;

  constructor(
    private readonly minMs = 250,
    private readonly maxMs = 2500,
  ) {}

  push(rrMs: number, tMs: number): void {
    const k = (this.start + this.pending++) & 3;
    this.rr[k] = rrMs;
    this.t[k] = tMs;
    this.cls[k] = NORMAL_CODE;
    if (this.pending - this.decided >= 3) this.decide(false);
  }

  /** Decides every pending interval with the lookahead there is (end of series). */
  flush(): void {
    while (this.pending > this.decided) this.decide(true);
  }

  ready(): boolean {
    return this.decided > 0;
  }

  /** The oldest decided interval's RR, time and class code; read them, then call next(). */
  get rrMs(): number {
    return this.rr[this.start];
  }
  get tMs(): number {
    return this.t[this.start];
  }
  get classCode(): number {
    return this.cls[this.start];
  }
  next(): void {
    this.start = (this.start + 1) & 3;
    this.pending--;
    this.decided--;
  }

  /** Forgets the rhythm (a new series after a gap); pending intervals must have been flushed and taken. */
  reset(): void {
    this.refCount = 0;
    this.refHead = 0;
  }

  /** Judges the first undecided interval (decided ones all precede it). */
  private decide(flush: boolean): void {
    const s = (this.start + this.decided) & 3;
    const left = this.pending - this.decided;
    const r0 = this.rr[s];
    const n = this.refCount;
    if (n === ECTOPY.refBeats) {
      const sorted = this.sorted;
      const m = sorted[n >> 1];
      // Spread: 6th minus 3rd of the 8 sorted values (the middle of the reference, ectopy-proof).
      if (sorted[(n >> 1) + 1] - sorted[n >> 2] <= ECTOPY.maxSpread * m && r0 < (1 - ECTOPY.prematurity) * m && left >= 2) {
        const r1 = this.rr[(s + 1) & 3];
        const long = (1 + ECTOPY.pause) * m;
        if (r1 > long && Math.abs(r0 + r1 - 2 * m) <= ECTOPY.compensation * 2 * m) {
          this.cls[s] = ECTOPIC_CODE; // the pause after it stays N: its interval touches an ectopic beat
          this.decided += 2;
          return;
        }
        if (left >= 3 && r1 < (1 - ECTOPY.prematurity) * m && this.rr[(s + 2) & 3] > long) {
          this.cls[s] = ECTOPIC_CODE;
          this.cls[(s + 1) & 3] = ECTOPIC_CODE;
          this.decided += 3;
          return;
        }
      }
      if (!flush && left < 3) return;
    }
    // An interval outside the artefact guard is the AF detector's to drop; it never becomes the reference.
    if (r0 >= this.minMs && r0 <= this.maxMs) this.addReference(r0);
    this.decided++;
  }

  /** The interval joins the reference; the oldest leaves it (sorted copy kept by insertion, ≤ 8 moves). */
  private addReference(v: number): void {
    const size = ECTOPY.refBeats;
    const sorted = this.sorted;
    let n = this.refCount;
    if (n === size) {
      // Remove the oldest value from the sorted copy.
      const old = this.ref[this.refHead];
      let i = 0;
      while (sorted[i] !== old) i++;
      for (; i < n - 1; i++) sorted[i] = sorted[i + 1];
      n--;
    }
    let j = n;
    while (j > 0 && sorted[j - 1] > v) {
      sorted[j] = sorted[j - 1];
      j--;
    }
    sorted[j] = v;
    this.ref[this.refHead] = v;
    this.refHead = this.refHead + 1 === size ? 0 : this.refHead + 1;
    this.refCount = n + 1;
  }
}
