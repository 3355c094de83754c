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
    expect(s.get('P').lastUrineMlPerHour).toBe(50);
    expect(s.get('nobody')).toEqual({ latest: null, lastUrineMlPerHour: null, lastDataAt: null });
  });
});
