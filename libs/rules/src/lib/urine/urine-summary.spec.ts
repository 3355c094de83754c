import { UrineLedger } from '../engine/urine-ledger';
import { urineSummary } from './urine-summary';

const H = 3_600_000;
const MIN = 60_000;
const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const opts = { weightKg: 74, coverage: 0.9, shiftHours: 8, shiftRelativeMl: 160, shiftAbsoluteMl: 80 };

/** The demo's charting: a collection every 5 min at `mlPerKgH` (rounded mL, as the demo posts). */
function fiveMinuteStream(ledger: UrineLedger, fromMin: number, toMin: number, mlPerKgH: number, kg = 74) {
  for (let m = fromMin + 5; m <= toMin; m += 5) ledger.add(T0 + (m - 5) * MIN, T0 + m * MIN, Math.round((mlPerKgH * kg * 300) / 3600));
}

describe('urineSummary (bed tile urine on the OLIGURIA windows)', () => {
  it('is null when no urine is charted', () => {
    expect(urineSummary(new UrineLedger(), opts)).toBeNull();
  });

  it('awaits the first complete hour instead of summing a partial one (the demo stream, 0.9 mL/kg/h)', () => {
    const l = new UrineLedger();
    fiveMinuteStream(l, 0, 10, 0.9);
    const early = urineSummary(l, opts)!;
    expect(early.lastHour).toBeNull(); // 10 min collected: "awaiting first hour", not "11 mL"
    expect(early.shift).toMatchObject({ ml: 12, coveredHours: 0.2, complete: false, level: 'partial' });
    fiveMinuteStream(l, 10, 50, 0.9);
    expect(urineSummary(l, opts)!.lastHour).toBeNull(); // 50 min < 90% of an hour
    fiveMinuteStream(l, 50, 60, 0.9);
    const hour = urineSummary(l, opts)!;
    // 12 collections of 6 mL: 72 mL (0.97 mL/kg/h after the demo's rounding), the hour 08:00–09:00.
    expect(hour.lastHour).toEqual({ from: '2026-11-26T08:00:00.000Z', to: '2026-11-26T09:00:00.000Z', ml: 72, mlPerKgH: 0.97 });
    expect(hour.shift).toMatchObject({ ml: 72, coveredHours: 1, complete: false, level: 'partial' });
  });

  it('hourly charting: the newest complete hour, and the 8-h shift judged like O3 once covered', () => {
    const l = new UrineLedger();
    for (let h = 0; h < 8; h++) l.add(T0 + h * H, T0 + (h + 1) * H, 15); // 15 mL/h: 120 mL per shift
    const s = urineSummary(l, { ...opts, weightKg: null })!;
    expect(s.lastHour).toEqual({ from: '2026-11-26T15:00:00.000Z', to: '2026-11-26T16:00:00.000Z', ml: 15, mlPerKgH: null });
    expect(s.shift).toMatchObject({ from: '2026-11-26T08:00:00.000Z', to: '2026-11-26T16:00:00.000Z', ml: 120, coveredHours: 8, complete: true, level: 'relative' });
    l.add(T0 + 8 * H, T0 + 9 * H, 2);
    l.add(T0 + 9 * H, T0 + 10 * H, 2); // shift now 6 × 15 + 2 × 2 = 94 mL … still relative
    expect(urineSummary(l, opts)!.shift).toMatchObject({ ml: 94, level: 'relative' });
    l.add(T0 + 10 * H, T0 + 11 * H, 0);
    l.add(T0 + 11 * H, T0 + 12 * H, 0); // 4 × 15 + 4 = 64 mL: absolute
    expect(urineSummary(l, opts)!.shift).toMatchObject({ ml: 64, level: 'absolute' });
  });

  it('a three-hour bag counts its share of the last hour; a gap falls back to the newest complete hour', () => {
    const l = new UrineLedger();
    l.add(T0, T0 + 3 * H, 180); // 60 mL/h
    expect(urineSummary(l, opts)!.lastHour).toMatchObject({ ml: 60, mlPerKgH: 0.81 });
    l.add(T0 + 4 * H, T0 + 4 * H + 20 * MIN, 30); // after an hour's gap, 20 min charted
    const s = urineSummary(l, opts)!;
    expect(s.lastHour).toMatchObject({ to: '2026-11-26T11:00:00.000Z', ml: 60 });
    expect(s.shift).toMatchObject({ ml: 210, coveredHours: 3.3, complete: false, level: 'ok' });
  });
});
