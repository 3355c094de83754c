/**
 * Runs of charted readings, the way CLINICAL_RULES §10 reads intermittent signals: an episode is
 * two consecutive qualifying readings with no other reading between them, at any gap up to the
 * staleness limit; a resolve condition "held for W" is a run of consecutive resolving readings, at
 * least two, the last at least W after the first. Works on readings already classified, so each
 * truth definition (mimic-truth.ts) only says which reading is which.
 */

/** q: meets the rule's condition; r: meets its resolve condition; x: neither (breaks both runs). */
export type ReadingKind = 'q' | 'r' | 'x';

export interface Reading {
  t: number;
  kind: ReadingKind;
  /** A qualifying reading that confirms on its own (§6.1: a single SBP < 70). */
  alone?: boolean;
}

export interface TruthEpisode {
  stay: string;
  /** First qualifying chart. */
  start: number;
  /** The chart that makes it sustained (the 2nd qualifying reading; the first KDIGO-qualifying urine chart). */
  confirmedAt: number;
  end: number;
  charts: number;
}

const byTime = (a: Reading, b: Reading) => a.t - b.t;

/**
 * Maximal runs of consecutive qualifying readings (broken by any other reading, or by a gap over
 * `staleMs`) that are confirmed: by a second reading, or by a reading that confirms alone.
 */
export function episodes(stay: string, readings: Reading[], staleMs: number): TruthEpisode[] {
  const out: TruthEpisode[] = [];
  let run: Reading[] = [];
  const flush = () => {
    const confirm = run.findIndex((r, i) => i >= 1 || r.alone === true);
    if (confirm >= 0) out.push({ stay, start: run[0].t, confirmedAt: run[confirm].t, end: run[run.length - 1].t, charts: run.length });
    run = [];
  };
  for (const r of [...readings].sort(byTime)) {
    if (r.kind !== 'q') {
      flush();
      continue;
    }
    if (run.length && r.t - run[run.length - 1].t > staleMs) flush();
    run.push(r);
  }
  flush();
  return out;
}

/**
 * The times at which a resolve condition "held for `spanMs`" was met: in each maximal run of
 * consecutive resolving readings (no gap over `staleMs`), the first reading, after the run's first,
 * that lies at least `spanMs` after it.
 */
export function resolveTimes(readings: Reading[], spanMs: number, staleMs: number): number[] {
  const out: number[] = [];
  let first: number | null = null;
  let last = -Infinity;
  let met = false;
  for (const r of [...readings].sort(byTime)) {
    if (r.kind !== 'r' || (first !== null && r.t - last > staleMs)) {
      first = null;
      met = false;
      if (r.kind !== 'r') continue;
    }
    if (first === null) first = r.t;
    else if (!met && r.t > first && r.t - first >= spanMs) {
      out.push(r.t);
      met = true;
    }
    last = r.t;
  }
  return out;
}
