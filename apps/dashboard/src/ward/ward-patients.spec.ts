import { describe, expect, it } from 'vitest';
import { applyVitals, mergePatientRefresh } from './ward-patients';
import { aPatient } from '../testing/builders';

describe('applyVitals', () => {
  const p = aPatient({ id: 'P-1', latest: { time: '2026-11-26T10:00:00.000Z', sbp: 110, dbp: 70, map: 83, hr: 90 }, lastDataAt: '2026-11-26T10:00:00.000Z' });

  it('merges a partial snapshot, keeping fields it does not carry', () => {
    const [next] = applyVitals([p], [{ patientId: 'P-1', wardId: 'W-1', time: '2026-11-26T10:01:00.000Z', sbp: 85 }]);
    expect(next.latest).toMatchObject({ time: '2026-11-26T10:01:00.000Z', sbp: 85, dbp: 70, hr: 90 });
    expect(next.lastDataAt).toBe('2026-11-26T10:01:00.000Z');
  });

  it('ignores a snapshot older than what is shown', () => {
    const list = [p];
    expect(applyVitals(list, [{ patientId: 'P-1', wardId: 'W-1', time: '2026-11-26T09:59:00.000Z', sbp: 60 }])).toBe(list);
  });

  it('returns the same array when no snapshot is for these patients', () => {
    const list = [p];
    expect(applyVitals(list, [{ patientId: 'P-9', wardId: 'W-1', time: '2026-11-26T10:01:00.000Z', sbp: 60 }])).toBe(list);
  });
});

describe('mergePatientRefresh', () => {
  it('keeps live vitals newer than the REST answer but takes its urine and NEWS2', () => {
    const shown = [aPatient({ latest: { time: '2026-11-26T10:05:00.000Z', sbp: 88 }, lastDataAt: '2026-11-26T10:05:00.000Z', news2: 1 })];
    const fresh = [aPatient({ latest: { time: '2026-11-26T10:04:00.000Z', sbp: 100 }, lastDataAt: '2026-11-26T10:04:00.000Z', news2: 6, lastUrineMlPerHour: 12 })];
    const [m] = mergePatientRefresh(shown, fresh);
    expect(m.latest?.sbp).toBe(88);
    expect(m.lastDataAt).toBe('2026-11-26T10:05:00.000Z');
    expect(m.news2).toBe(6);
    expect(m.lastUrineMlPerHour).toBe(12);
  });

  it('takes the REST vitals when they are newer, and drops discharged patients', () => {
    const shown = [aPatient({ id: 'P-1', latest: { time: '2026-11-26T10:00:00.000Z', sbp: 88 } }), aPatient({ id: 'P-2' })];
    const fresh = [aPatient({ id: 'P-1', latest: { time: '2026-11-26T10:06:00.000Z', sbp: 120 } })];
    const merged = mergePatientRefresh(shown, fresh);
    expect(merged.map((p) => p.id)).toEqual(['P-1']);
    expect(merged[0].latest?.sbp).toBe(120);
  });
});
