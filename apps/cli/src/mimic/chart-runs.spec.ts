import { episodes, resolveTimes, type Reading } from './chart-runs';

const MIN = 60_000;
const HOUR = 60 * MIN;
const r = (min: number, kind: Reading['kind'], alone = false): Reading => ({ t: min * MIN, kind, alone });

describe('runs of charted readings (§10 intermittent readings)', () => {
  it('an episode is 2 consecutive qualifying readings; any other reading or a gap over the limit breaks it', () => {
    const eps = episodes('S', [r(0, 'q'), r(60, 'q'), r(120, 'q'), r(180, 'x'), r(240, 'q'), r(300, 'r'), r(360, 'q'), r(660, 'q'), r(700, 'q')], 4 * HOUR);
    // 0-120: 3 charts, confirmed at 60; 240 alone, unconfirmed; 360 then 660 is 5 h later: 360 alone, 660-700 an episode.
    expect(eps).toEqual([
      { stay: 'S', start: 0, confirmedAt: 60 * MIN, end: 120 * MIN, charts: 3 },
      { stay: 'S', start: 660 * MIN, confirmedAt: 700 * MIN, end: 700 * MIN, charts: 2 },
    ]);
  });

  it('a reading that confirms alone makes a one-chart episode; readings are sorted by time first', () => {
    expect(episodes('S', [r(30, 'r'), r(0, 'q', true)], HOUR)).toEqual([{ stay: 'S', start: 0, confirmedAt: 0, end: 0, charts: 1 }]);
  });

  it('a resolve "held for W" needs two resolving readings at least W apart, unbroken and not stale', () => {
    const rs = [r(0, 'q'), r(10, 'r'), r(20, 'r'), r(25, 'r'), r(30, 'q'), r(40, 'r'), r(60, 'x'), r(70, 'r'), r(90, 'r'), r(500, 'r'), r(600, 'r')];
    // 10-25: only 15 min; 40 broken by x; 70-90: 20 min (met at 90, once); 500 is stale after 90 (> 4 h), 500-600: met at 600.
    expect(resolveTimes(rs, 20 * MIN, 4 * HOUR).map((t) => t / MIN)).toEqual([90, 600]);
    expect(resolveTimes(rs, 0, 4 * HOUR).map((t) => t / MIN)).toEqual([20, 90, 600]);
    expect(resolveTimes([r(0, 'r')], 0, HOUR)).toEqual([]);
  });
});
