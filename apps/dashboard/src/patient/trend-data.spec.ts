import { describe, expect, it } from 'vitest';
import { alertBands, doseMarkers, hourlyUrine, labRows, vitalsRows } from './trend-data';
import { rangeWindow } from './trend-range';
import { anAlert } from '../testing/builders';

const H = 3_600_000;
const t0 = Date.parse('2026-11-26T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('hourlyUrine', () => {
  it('gives one bar per clock hour in mL/kg/h', () => {
    const bars = hourlyUrine([{ periodStart: iso(t0), time: iso(t0 + H), volumeMl: 35 }], 70);
    expect(bars).toEqual([{ t: t0 + H / 2, hourStart: t0, ml: 35, mlPerKgH: 0.5, partial: false, coveredMin: 60 }]);
  });

  it('spreads a 3-hour collection over its hours in proportion', () => {
    const bars = hourlyUrine([{ periodStart: iso(t0 + H / 2), time: iso(t0 + 3.5 * H), volumeMl: 90 }], 60);
    // The half-covered first and last hours run at the bag's rate, 30 mL/h, and are marked partial.
    expect(bars.map((b) => b.ml)).toEqual([30, 30, 30, 30]);
    expect(bars.map((b) => b.partial)).toEqual([true, false, false, true]);
    expect(bars.map((b) => b.hourStart)).toEqual([t0, t0 + H, t0 + 2 * H, t0 + 3 * H]);
    expect(bars[1].mlPerKgH).toBe(0.5);
  });

  it('adds up two measurements in the same hour, and has no rate without a weight', () => {
    const bars = hourlyUrine(
      [
        { periodStart: iso(t0), time: iso(t0 + H / 2), volumeMl: 10 },
        { periodStart: iso(t0 + H / 2), time: iso(t0 + H), volumeMl: 15 },
      ],
      null,
    );
    expect(bars).toEqual([{ t: t0 + H / 2, hourStart: t0, ml: 25, mlPerKgH: null, partial: false, coveredMin: 60 }]);
  });
});

describe('hourlyUrine on the demo stream (6 mL every 5 min, 74 kg: about 0.97 mL/kg/h)', () => {
  it('gives the same rate for the hour still being collected instead of 0.10 mL/kg/h', () => {
    const urine = Array.from({ length: 14 }, (_, i) => ({ periodStart: iso(t0 + i * 300_000), time: iso(t0 + (i + 1) * 300_000), volumeMl: 6 }));
    const bars = hourlyUrine(urine, 74);
    expect(bars).toHaveLength(2);
    expect(bars[0]).toMatchObject({ ml: 72, mlPerKgH: 0.97, partial: false, coveredMin: 60 });
    expect(bars[1]).toMatchObject({ ml: 72, mlPerKgH: 0.97, partial: true, coveredMin: 10 });
  });
});

describe('labRows, doseMarkers, vitalsRows', () => {
  it('selects a lab code whatever its spelling, in time order', () => {
    const labs = [
      { time: iso(t0 + H), code: 'sIL-2R', value: 5000, unit: 'U/mL' },
      { time: iso(t0), code: 'SIL2R', value: 3000, unit: 'U/mL' },
      { time: iso(t0), code: 'IL2', value: 40, unit: 'pg/mL' },
    ];
    expect(labRows(labs, 'SIL2R').map((r) => r.value)).toEqual([3000, 5000]);
    expect(labRows(labs, 'IL2').map((r) => r.value)).toEqual([40]);
  });

  it('labels given and held doses', () => {
    expect(doseMarkers([{ time: iso(t0), doseNumber: 3, status: 'held' }, { time: iso(t0 - H), doseNumber: 2, status: 'given' }])).toEqual([
      { t: t0 - H, label: 'Dose 2', held: false },
      { t: t0, label: 'Held 3', held: true },
    ]);
  });

  it('sorts vitals by time and drops bad times', () => {
    expect(vitalsRows([{ time: iso(t0 + 1000), sbp: 90 }, { time: 'bad' }, { time: iso(t0), sbp: 100 }]).map((r) => r.sbp)).toEqual([100, 90]);
  });
});

describe('alertBands', () => {
  it('draws open alerts up to now and clips to the window', () => {
    const { from, to } = rangeWindow('6h', t0);
    const bands = alertBands(
      [
        anAlert({ id: 'open', openedAt: iso(t0 - H), severity: 'high' }),
        anAlert({ id: 'old', openedAt: iso(t0 - 9 * H), resolvedAt: iso(t0 - 5 * H), severity: 'medium', state: 'resolved' }),
        anAlert({ id: 'gone', openedAt: iso(t0 - 20 * H), resolvedAt: iso(t0 - 19 * H), state: 'resolved' }),
      ],
      from,
      to,
    );
    expect(bands).toEqual([
      { id: 'old', x1: from, x2: t0 - 5 * H, severity: 'medium', label: 'hypotension' },
      { id: 'open', x1: t0 - H, x2: to, severity: 'high', label: 'hypotension' },
    ]);
  });
});
