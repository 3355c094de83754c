import { PatientSummaryStore } from './patient-summary.store';

describe('PatientSummaryStore', () => {
  it('keeps the newest value of each vital, even when fields arrive in separate events or late', () => {
    const s = new PatientSummaryStore();
    s.apply({ id: '1', patientId: 'P', time: '2026-11-26T10:00:00.000Z', type: 'vitals', sbp: 100, hr: 90 });
    s.apply({ id: '2', patientId: 'P', time: '2026-11-26T10:05:00.000Z', type: 'vitals', spo2: 95 });
    s.apply({ id: '3', patientId: 'P', time: '2026-11-26T09:00:00.000Z', type: 'vitals', sbp: 70 });
    expect(s.get('P').latest).toEqual({ time: '2026-11-26T10:05:00.000Z', sbp: 100, hr: 90, spo2: 95 });
    expect(s.get('P').lastDataAt).toBe('2026-11-26T10:05:00.000Z');
  });

  it('pro-rates urine collections over the last hour', () => {
    const s = new PatientSummaryStore();
    s.apply({ id: 'u1', patientId: 'P', time: '2026-11-26T10:00:00.000Z', type: 'urine', periodStart: '2026-11-26T08:00:00.000Z', volumeMl: 120 });
    s.apply({ id: 'u2', patientId: 'P', time: '2026-11-26T10:30:00.000Z', type: 'urine', periodStart: '2026-11-26T10:00:00.000Z', volumeMl: 20 });
    // last hour 09:30–10:30: half an hour of the 2-hour bag (30 mL) + the 20 mL bag
    expect(s.get('P', 70).lastUrineMlPerHour).toBe(50);
    expect(s.get('P', 70).urine).toMatchObject({ lastHour: { from: '2026-11-26T09:30:00.000Z', to: '2026-11-26T10:30:00.000Z', ml: 50, mlPerKgH: 0.71 }, shift: { ml: 140, coveredHours: 2.5, complete: false } });
    expect(s.get('nobody')).toEqual({ latest: null, lastUrineMlPerHour: null, urine: null, lastDataAt: null });
  });

  it('says nothing about the last hour until one is complete (the demo charts every 5 min)', () => {
    const s = new PatientSummaryStore();
    const t0 = Date.parse('2026-11-26T10:00:00.000Z');
    for (let m = 5; m <= 20; m += 5) s.apply({ id: `u${m}`, patientId: 'P', time: new Date(t0 + m * 60_000).toISOString(), type: 'urine', periodStart: new Date(t0 + (m - 5) * 60_000).toISOString(), volumeMl: 6 });
    // 20 min charted: the old tile summed it as "Urine 1 h 24 mL"; now the hour is awaited.
    expect(s.get('P', 74).lastUrineMlPerHour).toBeNull();
    expect(s.get('P', 74).urine).toMatchObject({ lastHour: null, shift: { ml: 24, level: 'partial' } });
  });
});
