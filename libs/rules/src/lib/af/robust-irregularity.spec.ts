import { robustIrregularity, type RobustIrregularity } from './robust-irregularity';

const out = (): RobustIrregularity => ({ smallDeltas: NaN, mfNrmssd: NaN });

describe('robustIrregularity (small successive differences, median-filtered nRMSSD)', () => {
  it('reads a regular rhythm with an isolated premature beat every 8 as mostly small differences and no median-filtered spread', () => {
    const x = Array.from({ length: 128 }, (_, i) => (i % 8 === 4 ? 500 : 800));
    const r = robustIrregularity(x, 0, 128, out());
    // Each premature beat makes two large differences of the 127: 32 of them.
    expect(r.smallDeltas).toBeCloseTo((127 - 32) / 127, 12);
    expect(r.mfNrmssd).toBe(0);
  });

  it('reads irregular (AF-like) intervals as few small differences and a median-filtered spread that stays', () => {
    let s = 7;
    const x = Array.from({ length: 128 }, () => 450 + 500 * ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32));
    const r = robustIrregularity(x, 0, 128, out());
    expect(r.smallDeltas).toBeLessThan(0.15);
    expect(r.mfNrmssd).toBeGreaterThan(0.1);
  });

  it('a period-3 cycle has no small difference, and the median filter flattens it', () => {
    const r = robustIrregularity(Array.from({ length: 128 }, (_, i) => 600 + (i % 3) * 150), 0, 128, out());
    expect(r.smallDeltas).toBe(0);
    expect(r.mfNrmssd).toBe(0);
  });

  it('reads the window x[start, start+n) only', () => {
    const x = [1, 2, 3, ...Array.from({ length: 128 }, (_, i) => (i % 8 === 4 ? 500 : 800)), 9999];
    expect(robustIrregularity(x, 3, 128, out())).toEqual(robustIrregularity(x.slice(3, 131), 0, 128, out()));
  });
});
