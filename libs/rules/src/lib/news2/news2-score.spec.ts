import { news2Score, pulseScore, respRateScore, sbpScore, spo2Scale1Score, spo2Scale2Score, tempScore } from './news2-score';

/** NEWS2 Chart 1 band edges (CLINICAL_RULES.md §5), both sides of every boundary. */
describe('NEWS2 Chart 1', () => {
  it.each([
    [8, 3], [9, 1], [11, 1], [12, 0], [20, 0], [21, 2], [24, 2], [25, 3],
  ])('respiration rate %d scores %d', (v, s) => expect(respRateScore(v)).toBe(s));

  it.each([
    [91, 3], [92, 2], [93, 2], [94, 1], [95, 1], [96, 0],
  ])('SpO2 scale 1 %d%% scores %d', (v, s) => expect(spo2Scale1Score(v)).toBe(s));

  it.each([
    [83, false, 3], [84, false, 2], [86, false, 1], [88, false, 0], [92, true, 0], [97, false, 0], [93, true, 1], [95, true, 2], [97, true, 3],
  ])('SpO2 scale 2 %d%% (on O2: %s) scores %d', (v, o2, s) => expect(spo2Scale2Score(v, o2)).toBe(s));

  it.each([
    [90, 3], [91, 2], [100, 2], [101, 1], [110, 1], [111, 0], [219, 0], [220, 3],
  ])('systolic BP %d scores %d', (v, s) => expect(sbpScore(v)).toBe(s));

  it.each([
    [40, 3], [41, 1], [50, 1], [51, 0], [90, 0], [91, 1], [110, 1], [111, 2], [130, 2], [131, 3],
  ])('pulse %d scores %d', (v, s) => expect(pulseScore(v)).toBe(s));

  it.each([
    [35.0, 3], [35.1, 1], [36.0, 1], [36.1, 0], [38.0, 0], [38.1, 1], [39.0, 1], [39.1, 2],
  ])('temperature %d scores %d', (v, s) => expect(tempScore(v)).toBe(s));
});

describe('NEWS2 aggregate and band (Chart 4, §6.11)', () => {
  it('all normal on air scores 0, band none, complete', () => {
    expect(news2Score({ respRate: 16, spo2: 97, onOxygen: false, sbp: 125, pulse: 70, acvpu: 'A', temp: 37 })).toMatchObject({ score: 0, band: 'none', complete: true });
  });

  it('a single parameter scoring 3 makes the band MEDIUM even with a low total', () => {
    expect(news2Score({ respRate: 16, spo2: 97, onOxygen: false, sbp: 88, pulse: 70, acvpu: 'A', temp: 37 })).toMatchObject({ score: 3, band: 'medium' });
  });

  it('typical HD IL-2 picture: fever, tachycardia, soft BP on oxygen scores HIGH', () => {
    // rr 22 → 2, SpO2 94 → 1, O2 → 2, SBP 98 → 2, HR 118 → 2, A → 0, 38.6 → 1 = 10
    expect(news2Score({ respRate: 22, spo2: 94, onOxygen: true, sbp: 98, pulse: 118, acvpu: 'A', temp: 38.6 })).toMatchObject({ score: 10, band: 'high' });
  });

  it('new confusion scores 3; a partial set is flagged incomplete', () => {
    expect(news2Score({ acvpu: 'C' })).toMatchObject({ score: 3, band: 'medium', complete: false });
  });
});
