import { UrineLedger } from './urine-ledger';

const H = 3_600_000;

describe('UrineLedger (§6.4 rolling windows with coverage)', () => {
  it('rate is volume over covered hours, apportioned by overlap', () => {
    const l = new UrineLedger();
    l.add(0, 2 * H, 60); // 30 mL/h
    expect(l.rate(H, 2 * H, 0.9)).toBeCloseTo(30, 9);
    expect(l.rate(0, 2 * H, 0.9)).toBeCloseTo(30, 9);
  });

  it('returns null when collections cover less than the required share', () => {
    const l = new UrineLedger();
    l.add(0, 0.5 * H, 10);
    expect(l.rate(0, H, 0.9)).toBeNull();
    l.add(0.5 * H, 0.95 * H, 10);
    expect(l.rate(0, H, 0.9)).toBeCloseTo(20 / 0.95, 9);
  });

  it('a corrected record for the same interval replaces the original', () => {
    const l = new UrineLedger();
    l.add(0, H, 5);
    l.add(0, H, 50);
    expect(l.rate(0, H, 0.9)).toBeCloseTo(50, 9);
  });

  it('different sites over one period add up and cover it once; a correction replaces only its own site (§10)', () => {
    const l = new UrineLedger();
    l.add(0, H, 15, 'catheter');
    l.add(0, H, 15, 'nephrostomy-left');
    expect(l.rate(0, H, 0.9)).toBeCloseTo(30, 9);
    expect(l.coverage(0, 2 * H)).toBeCloseTo(0.5, 9);
    l.add(0, H, 20, 'catheter');
    expect(l.rate(0, H, 0.9)).toBeCloseTo(35, 9);
  });

  it('ignores empty or inverted intervals', () => {
    const l = new UrineLedger();
    l.add(H, H, 100);
    l.add(2 * H, H, 100);
    expect(l.rate(0, 2 * H, 0.1)).toBeNull();
  });
});
