import { gapAlerts, gapSpans } from './data-gap-floor';

const HOUR = 3_600_000;
const h = (...hours: number[]) => hours.map((x) => x * HOUR);
const spansH = (s: Array<[number, number]>) => s.map(([a, b]) => [a / HOUR, b / HOUR]);

describe('DATA_GAP floor from chart times (§6.0, §10: strictly longer than the expected interval)', () => {
  const urine = (...hours: number[]) => ({ times: h(...hours), expectedMs: 3 * HOUR });

  it('a gap exactly on the interval is none; a longer one is due at last + interval and, on arrival, closes when the input comes', () => {
    expect(gapSpans(urine(0, 3, 6, 10, 11), 12 * HOUR, 'arrival').map(([a, b]) => [a / HOUR, b / HOUR])).toEqual([[9, 10]]);
    // Nothing before the first chart; a trailing gap runs to the end of the stay.
    expect(spansH(gapSpans(urine(5, 6), 20 * HOUR, 'arrival'))).toEqual([[9, 20]]);
    expect(gapSpans(urine(5, 6), 9 * HOUR, 'arrival')).toEqual([]);
  });

  it('with hysteresis the alert stays open until two arrivals on cadence after the late one; a late one meanwhile restarts the count', () => {
    // Gap 0 → 4 (due 3); 4 → 5 on cadence, 5 → 6 on cadence: closes at 6.
    expect(spansH(gapSpans(urine(0, 4, 5, 6, 7), 8 * HOUR, 'hysteresis'))).toEqual([[3, 6]]);
    // 4 → 5 on cadence, 5 → 9 late again, 9 → 10, 10 → 11: one span 3 → 11.
    expect(spansH(gapSpans(urine(0, 4, 5, 9, 10, 11, 20), 21 * HOUR, 'hysteresis'))).toEqual([[3, 11], [14, 21]]);
    // Never twice on cadence before the stay ends: open to the end.
    expect(spansH(gapSpans(urine(0, 4, 5), 7 * HOUR, 'hysteresis'))).toEqual([[3, 7]]);
  });

  it('one alert per patient: spans of any input that overlap share it, a gap due after the close needs a new one', () => {
    const vitals = { times: h(0, 5, 6), expectedMs: 4 * HOUR }; // due 4, arrives 5
    expect(gapAlerts([urine(0, 4, 5)], 6 * HOUR, 'arrival')).toBe(1);
    expect(gapAlerts([urine(0, 4.5, 5), vitals], 6 * HOUR, 'arrival')).toBe(1); // urine due 3 → 4.5, vitals due 4: overlap
    expect(gapAlerts([urine(0, 3.5, 5), vitals], 6 * HOUR, 'arrival')).toBe(2); // urine closed at 3.5, vitals due at 4
    expect(gapAlerts([urine(0, 3.5, 5), { times: h(0, 3.5), expectedMs: 4 * HOUR }], 7.5 * HOUR, 'arrival')).toBe(1); // vitals due at exactly 7.5 = the end: none
    // Under hysteresis the urine alert is still open at 4, so the vitals gap shares it.
    expect(gapAlerts([urine(0, 3.5, 4, 5), vitals], 6 * HOUR, 'hysteresis')).toBe(1);
    expect(gapAlerts([urine(0, 4, 8, 12)], 13 * HOUR, 'arrival')).toBe(3);
    // An input that stops (due 5, open to the end) keeps one alert open over the later gaps of the other.
    expect(gapAlerts([urine(0, 4, 8, 12), urine(0, 2)], 13 * HOUR, 'arrival')).toBe(2);
  });
});
