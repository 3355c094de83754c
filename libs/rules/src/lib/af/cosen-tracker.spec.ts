import { CosenTracker, COSEN_BEATS } from './cosen-tracker';

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** COSEn of 12 intervals straight from Lake & Moorman's definition (the r search by stepping), for comparison. */
function reference(rrMs: number[]): number {
  const x = rrMs.map((v) => v / 1000);
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  for (let k = 0; k <= 47; k++) {
    const r = 0.03 + 0.01 * k;
    let A = 0;
    let B = 0;
    for (let a = 0; a < x.length - 1; a++)
      for (let b = a + 1; b < x.length - 1; b++) {
        if (Math.abs(x[a] - x[b]) <= r + 1e-12) {
          B++;
          if (Math.abs(x[a + 1] - x[b + 1]) <= r + 1e-12) A++;
        }
      }
    if (A >= 5) return -Math.log(A / B) + Math.log(2 * r) - Math.log(mean);
  }
  return NaN;
}

describe('CosenTracker (Lake & Moorman 2011, 12 beats)', () => {
  it('gives no COSEn before 12 intervals, then the definition’s value for each beat', () => {
    const rnd = lcg(3);
    const rr = Array.from({ length: 200 }, () => 450 + 500 * rnd());
    const c = new CosenTracker();
    rr.forEach((v, i) => {
      const got = c.push(v, 1000 * i);
      if (i < COSEN_BEATS - 1) expect(got).toBeNaN();
      else expect(got).toBeCloseTo(reference(rr.slice(i - COSEN_BEATS + 1, i + 1)), 12);
    });
  });

  it('reads irregular RR (AF-like) high and a regular rhythm with an ectopic beat every 6 low', () => {
    const rnd = lcg(11);
    const af = new CosenTracker();
    const sinus = new CosenTracker();
    let afMin = Infinity;
    let sinusMax = -Infinity;
    for (let i = 0; i < 600; i++) {
      const a = af.push(400 + 500 * rnd(), i * 700);
      const s = sinus.push(i % 6 === 5 ? 520 : 820 + 10 * Math.sin(i / 4), i * 800);
      if (a === a) afMin = Math.min(afMin, a);
      if (s === s) sinusMax = Math.max(sinusMax, s);
    }
    expect(afMin).toBeGreaterThan(-1.6);
    expect(sinusMax).toBeLessThan(-1.6);
  });

  it('averages COSEn over a time span, inclusive, from its ring of running sums', () => {
    const rnd = lcg(5);
    const c = new CosenTracker();
    const values: number[] = [];
    for (let i = 0; i < 3000; i++) values.push(c.push(400 + 500 * rnd(), i * 1000));
    const mean = (from: number, to: number) => {
      const v = values.slice(from, to + 1).filter((x) => x === x);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    expect(c.meanBetween(2800 * 1000, 2950 * 1000)).toBeCloseTo(mean(2800, 2950), 9);
    expect(c.meanBetween(2999 * 1000, 4000 * 1000)).toBeCloseTo(values[2999], 9);
    // Older than the ring keeps (1023 beats back): only the kept part of the span counts.
    expect(c.meanBetween(0, 2000 * 1000)).toBeCloseTo(mean(1977, 2000), 9);
    expect(c.meanBetween(5000 * 1000, 6000 * 1000)).toBeNaN();
    expect(new CosenTracker().meanBetween(0, 1)).toBeNaN();
  });

  it('starts over after newSeries(): 12 new intervals before the next COSEn', () => {
    const c = new CosenTracker();
    for (let i = 0; i < 20; i++) c.push(800 + (i % 3) * 90, i * 800);
    c.newSeries();
    for (let i = 0; i < COSEN_BEATS - 1; i++) expect(c.push(800 + (i % 3) * 90, 30000 + i * 800)).toBeNaN();
    expect(c.push(900, 40000)).not.toBeNaN();
  });
});
