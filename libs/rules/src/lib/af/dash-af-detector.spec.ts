import { DashAfDetector, type DashWindow } from './dash-af-detector';
import { FixedRatioReference } from './ratio-percentiles';
import { defaultThresholds } from '../threshold-set';

const t = defaultThresholds().values;

function feed(d: DashAfDetector, rr: number[], start = 0): DashWindow[] {
  const out: DashWindow[] = [];
  let time = start;
  for (const v of rr) {
    time += v;
    d.push(v, time, 0, out);
  }
  return out;
}

describe('DashAfDetector (streaming §3.2)', () => {
  it('emits the first window at 128 beats and then every 16', () => {
    const d = new DashAfDetector(t);
    expect(feed(d, new Array(127).fill(800))).toHaveLength(0);
    const more = feed(d, new Array(1 + 32).fill(800), 127 * 800);
    // The ectopic test looks two beats ahead, so beats 159–160 are still pending…
    expect(more.map((w) => w.endMs)).toEqual([128 * 800, 144 * 800]);
    // …until the series ends and they are accepted untested.
    expect(d.newSeries().map((w) => w.endMs)).toEqual([160 * 800]);
  });

  it('removes a premature beat and its compensatory pause (ratio test) and counts them', () => {
    const ref = new FixedRatioReference({ p1: 0.8, p25: 0.98, p99: 1.2 });
    const d = new DashAfDetector(t, ref);
    const rr = [...new Array(50).fill(800), 500, 1100, ...new Array(100).fill(800)];
    const w = feed(d, rr);
    expect(d.removed).toBe(2);
    // With the pair removed, the windows are perfectly regular.
    expect(w.every((x) => x.nrmssd === 0)).toBe(true);
  });

  it('drops artifacts outside 250–2500 ms and restarts the series after a >3 s gap', () => {
    const d = new DashAfDetector(t);
    const out = feed(d, [...new Array(100).fill(800), 200, 3200, ...new Array(100).fill(800)]);
    // 100 beats before the gap and 100 after: never 128 in one series.
    expect(out).toHaveLength(0);
    expect(d.removed).toBe(2);
  });

  it('marks a window excluded when >10% of its raw beats were removed', () => {
    const d = new DashAfDetector(t);
    const rr: number[] = [];
    for (let i = 0; i < 160; i++) rr.push(i % 6 === 0 ? 100 : 800); // every 6th is an artifact: ~17% removed
    const w = feed(d, rr);
    expect(w.length).toBeGreaterThan(0);
    expect(w.every((x) => x.excluded)).toBe(true);
  });
});
