import type { TruthEpisode } from './chart-runs';
import { alertGroups, fewestAlerts, ruleFloor } from './burden-floor';

const MIN = 60_000;
const ep = (stay: string, start: number, end: number): TruthEpisode => ({ stay, start: start * MIN, confirmedAt: end * MIN, end: end * MIN, charts: 2 });

describe('the MEDIUM+ floor: episodes with no charted resolve between them can share one alert', () => {
  it('splits consecutive episodes only where a resolve was met between them', () => {
    const eps = [ep('S', 300, 360), ep('S', 0, 60), ep('S', 120, 180), ep('S', 600, 660)];
    // Resolves at 90 (between the 1st and 2nd), 500 (between the 3rd and 4th); 30 lies inside the 1st episode's span.
    expect(alertGroups(eps, [30 * MIN, 90 * MIN, 500 * MIN])).toEqual([1, 2, 1]);
    expect(alertGroups(eps, [30 * MIN, 500 * MIN])).toEqual([3, 1]); // a resolve within an episode separates nothing
    expect(alertGroups(eps, [])).toEqual([4]);
    expect(alertGroups([], [MIN])).toEqual([]);
  });

  it('a quiet period after the resolve (§6.2: AF onset 60 min) merges an episode that starts within it', () => {
    const eps = [ep('S', 0, 60), ep('S', 120, 180)];
    expect(alertGroups(eps, [90 * MIN], 60 * MIN)).toEqual([2]); // 90 + 60 > 120
    expect(alertGroups(eps, [60.5 * MIN], 59 * MIN)).toEqual([1, 1]);
  });

  it('the fewest alerts covering a fraction take the largest groups first', () => {
    expect(fewestAlerts([1, 5, 1, 1, 2], 1)).toBe(5);
    expect(fewestAlerts([1, 5, 1, 1, 2], 0.7)).toBe(2); // need 7 of 10: 5 + 2
    expect(fewestAlerts([1, 5, 1, 1, 2], 0.71)).toBe(3); // need 8
    expect(fewestAlerts([20, 1], 0.95)).toBe(1); // need 20 of 21 (19.95 rounds up)
    expect(fewestAlerts([], 0.95)).toBe(0);
  });

  it('ruleFloor counts per stay, only the stays given, and keeps stays apart', () => {
    const truth = { mediumPlus: [ep('A', 0, 60), ep('A', 120, 180), ep('B', 0, 60), ep('C', 0, 60)], anyBand: [], resolves: new Map([['A', [90 * MIN]]]), quietMs: 0 };
    expect(ruleFloor(truth, new Set(['A', 'B']))).toEqual({ episodes: 3, groups: 3, alerts: 3, fraction: 1 });
    expect(ruleFloor(truth, new Set(['A', 'B', 'C']), 0.5)).toEqual({ episodes: 4, groups: 4, alerts: 2, fraction: 0.5 });
  });
});
