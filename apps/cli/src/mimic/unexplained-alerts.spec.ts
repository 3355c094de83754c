import type { TruthEpisode } from './chart-runs';
import { explainAlerts, type AlertSpan } from './unexplained-alerts';

const H = 3_600_000;
const ep = (stay: string, start: number, end: number): TruthEpisode => ({ stay, start: start * H, confirmedAt: end * H, end: end * H, charts: 2 });
const alert = (stay: string, rule: string, open: number, resolved = Infinity): AlertSpan => ({ stay, rule, openedAt: open * H, resolvedAt: resolved * H });

describe('alerts no charted episode of their rule explains', () => {
  it('an alert is explained when open at some time of an episode of its rule in its stay', () => {
    const truth = { fever: [ep('A', 2, 4)], hypoxia: [ep('A', 10, 11)] };
    const x = explainAlerts(
      [
        alert('A', 'fever', 1, 2), // open at the episode's first chart
        alert('A', 'fever', 4), // raised at its last chart
        alert('A', 'fever', 5, 6), // after it: unexplained
        alert('B', 'fever', 3), // another stay: unexplained
        alert('A', 'hypoxia', 2, 4), // a fever episode does not explain hypoxia
        alert('A', 'data_gap', 3), // no truth: not counted
      ],
      truth,
    );
    expect(Object.fromEntries(x)).toEqual({ fever: { alerts: 4, unexplained: 2, episodes: 1 }, hypoxia: { alerts: 1, unexplained: 1, episodes: 1 } });
  });
});
