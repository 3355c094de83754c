import { dashFeatures, dashFeaturesWithCut, isDashAf, nrmssdUpperBound, trimCut, type TrimCut } from './dash-features';
import { SlidingExtremes } from './sliding-extremes';
import { defaultThresholds } from '../threshold-set';

const t = defaultThresholds().values;

/** Deterministic pseudo-random numbers (LCG) so the test is reproducible. */
function lcg(seed: number) {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('Dash 2009 features (§3.2)', () => {
  it('a constant rhythm has zero variability and is not AF', () => {
    const f = dashFeatures(new Array(128).fill(800), 8);
    expect(f).toEqual({ nrmssd: 0, shannon: 0, tpr: 0 });
    expect(isDashAf(f, t)).toBe(false);
  });

  it('an irregularly irregular (i.i.d.) series is AF: TPR near 2/3, high entropy and nRMSSD', () => {
    const r = lcg(7);
    const x = Array.from({ length: 128 }, () => 400 + r() * 600);
    const f = dashFeatures(x, 8);
    expect(f.tpr).toBeGreaterThan(0.54);
    expect(f.tpr).toBeLessThan(0.77);
    expect(f.shannon).toBeGreaterThan(0.7);
    expect(f.nrmssd).toBeGreaterThan(0.1);
    expect(isDashAf(f, t)).toBe(true);
  });

  it('bigeminy (strict alternation) has TPR ≈ 1 and is not AF', () => {
    const x = Array.from({ length: 128 }, (_, i) => (i % 2 ? 600 : 1000));
    const f = dashFeatures(x, 8);
    expect(f.tpr).toBeCloseTo(126 / 128, 6);
    expect(isDashAf(f, t)).toBe(false);
  });

  it('computes nRMSSD on the trimmed series and TPR ÷ 128 as specified', () => {
    // 8 huge and 8 tiny outliers are trimmed away: the remaining 112 alternate 900/1100.
    const x = [...new Array(8).fill(5000), ...Array.from({ length: 112 }, (_, i) => (i % 2 ? 900 : 1100)), ...new Array(8).fill(10)];
    const f = dashFeatures(x, 8);
    expect(f.nrmssd).toBeCloseTo(200 / 1000, 9);
    // Two bins occupied equally: entropy ln2/ln16 = 0.25.
    expect(f.shannon).toBeCloseTo(0.25, 9);
    // Turning points: the 110 inner points of the alternation; its two ends sit between their neighbours.
    expect(f.tpr).toBeCloseTo(110 / 128, 9);
  });

  it('trims exactly 8 from each end even with ties at the cut', () => {
    const x = [...new Array(20).fill(700), ...new Array(88).fill(800), ...new Array(20).fill(900)];
    const f = dashFeatures(x, 8);
    // y = 12×700, 88×800, 12×900: mean 800, three occupied bins.
    expect(f.shannon).toBeGreaterThan(0);
    expect(f.nrmssd).toBeCloseTo(Math.sqrt((100 * 100 * 2) / 111) / 800, 9);
  });

  // Reference values from an independent Python implementation of §3.2 steps 3–6 (the one in
  // libs/rules/scenarios/generate.py), on LCG windows round(a + u·b); agreement to 1e-12. Seed 22
  // (41 distinct values) exercises ties at both trim cuts.
  it.each([
    [21, 450, 600, 0.2921240756999006, 0.9877001612737579, 0.6796875],
    [22, 780, 40, 0.020506443313166336, 0.9582058519518015, 0.6640625],
    [23, 600, 300, 0.15135884163178956, 0.9716728433293947, 0.703125],
  ])('matches the independent implementation (seed %d)', (seed, a, b, nrmssd, shannon, tpr) => {
    let st = seed;
    const r = () => ((st = (st * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32);
    const x = Array.from({ length: 128 }, () => Math.round(a + r() * b));
    const f = dashFeatures(x, 8);
    expect(f.nrmssd).toBeCloseTo(nrmssd, 12);
    expect(f.shannon).toBeCloseTo(shannon, 12);
    expect(f.tpr).toBe(tpr);
  });
});

describe('Dash trim from the sliding extremes', () => {
  it('equals a fresh scan of the window after every value of a long mixed series', () => {
    const r = lcg(99);
    // Sinus stretches, AF stretches, ectopic-like jumps, long runs of ties, and slow trends (which
    // empty one side of the kept extremes and force rescans).
    const series: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const phase = Math.floor(i / 500) % 5;
      series.push(
        phase === 0 ? 800 : phase === 1 ? Math.round(400 + r() * 700) : phase === 2 ? Math.round(780 + r() * 40) + (i % 37 === 0 ? 600 : 0) : phase === 3 ? (i % 2 ? 600 : 1000) : 500 + (i % 500) * 1.5,
      );
    }
    const n = 128;
    const ring = new Float64Array(2 * n); // mirrored, as the detector keeps it
    const extremes = new SlidingExtremes(8, n);
    const slid: TrimCut = { lowCut: 0, lowTies: 0, highCut: 0, highTies: 0, yMin: 0, yMax: 0 };
    const fresh: TrimCut = { ...slid };
    let checked = 0;
    for (let i = 0; i < series.length; i++) {
      const slot = i % n;
      if (i >= n) extremes.remove(ring[slot], slot);
      extremes.add(series[i], slot);
      ring[slot] = ring[slot + n] = series[i];
      if (i < n - 1) continue;
      const head = (i + 1) % n; // oldest
      if (!extremes.cut(slid)) {
        extremes.rebuild(ring, head, n, head);
        expect(extremes.cut(slid)).toBe(true);
      }
      expect(slid).toEqual(trimCut(Float64Array.from(series.slice(i + 1 - n, i + 1)), 0, n, 8, fresh));
      checked++;
    }
    expect(checked).toBe(series.length - n + 1);
  });

  it('gives the detector the same features as a fresh computation of each window', () => {
    const r = lcg(5);
    const x = Array.from({ length: 128 + 16 * 40 }, (_, i) => (i % 300 < 150 ? Math.round(400 + r() * 700) : Math.round(790 + r() * 20)));
    const ring = new Float64Array(256);
    const extremes = new SlidingExtremes(8, 128);
    const cut: TrimCut = { lowCut: 0, lowTies: 0, highCut: 0, highTies: 0, yMin: 0, yMax: 0 };
    for (let i = 0; i < x.length; i++) {
      const slot = i % 128;
      if (i >= 128) extremes.remove(ring[slot], slot);
      extremes.add(x[i], slot);
      ring[slot] = ring[slot + 128] = x[i];
      if (i < 127 || (i - 127) % 16 !== 0) continue;
      const head = (i + 1) % 128;
      if (!extremes.cut(cut)) {
        extremes.rebuild(ring, head, 128, head);
        extremes.cut(cut);
      }
      expect(dashFeaturesWithCut(ring, head, 128, cut)).toEqual(dashFeatures(x.slice(i - 127, i + 1), 8));
    }
  });
});

describe('nRMSSD upper bound (skips the trim pass for windows that cannot be AF)', () => {
  it('is never below the exact trimmed nRMSSD, on windows built to make the trim matter', () => {
    const r = lcg(2024);
    const makers: (() => number[])[] = [
      () => Array.from({ length: 128 }, () => Math.round(700 + r() * 30)), // sinus with ties
      () => Array.from({ length: 128 }, () => 400 + r() * 700), // AF
      () => Array.from({ length: 128 }, (_, i) => 600 + i * 3 + r() * 5), // a trend: the trim takes both ends of it
      // Kept values alternate between two levels, each switch hidden behind trimmed outliers: the trimmed
      // series jumps where the untrimmed one only steps to and from the outliers.
      () => Array.from({ length: 128 }, (_, i) => (i % 16 === 8 ? (i % 32 === 8 ? 2400 : 260) : Math.floor(i / 16) % 2 ? 760 : 700)),
      // Nearly all the untrimmed differences are the trimmed ones: removed ties sit in runs at the ends.
      () => [...new Array(8).fill(1000), ...Array.from({ length: 112 }, (_, i) => (i % 2 ? 1010 : 1001) + r() * 0.4), ...new Array(8).fill(1011)],
      // Kept values mostly at their minimum with isolated higher beats: the mean is close to yMin.
      () => [...new Array(8).fill(1000), ...Array.from({ length: 112 }, (_, i) => (i % 9 === 3 ? 1100 : 1000) + r()), ...new Array(8).fill(1101)],
      // Outliers at the window's ends and next to each other, ties at the cuts.
      () => Array.from({ length: 128 }, (_, i) => (i < 4 || i > 123 ? 2000 : i % 9 === 0 ? 300 : 800 + (i % 3) * 10)),
    ];
    let checked = 0;
    for (let k = 0; k < 490; k++) {
      const x = makers[k % makers.length]();
      const exact = dashFeatures(x, 8).nrmssd;
      const bound = nrmssdUpperBound(x, 0, 128, 8);
      expect(bound).toBeGreaterThanOrEqual(exact);
      checked++;
    }
    expect(checked).toBe(490);
  });

  it('is tight enough to settle ordinary sinus rhythm, and does not claim to bound tiny windows', () => {
    const r = lcg(4);
    const sinus = Array.from({ length: 128 }, (_, i) => 800 + 40 * Math.sin(i / 10) + r() * 15);
    expect(nrmssdUpperBound(sinus, 0, 128, 8)).toBeLessThan(t.dashNrmssd);
    const tiny = [800, 900, 700, 850, 820, 810, 790, 805, 800, 815, 795, 800, 810, 790, 800, 805, 800];
    expect(nrmssdUpperBound(tiny, 0, tiny.length, 8)).toBe(Infinity);
  });
});
