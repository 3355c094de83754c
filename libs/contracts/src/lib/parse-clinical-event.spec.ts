import { parseClinicalEvent } from './parse-clinical-event';

const vitals = { id: 'e1', patientId: 'P-1', time: '2026-11-26T10:15:00+01:00', type: 'vitals', sbp: 88 };

describe('parseClinicalEvent', () => {
  it('accepts a valid vitals event and normalises its time to UTC', () => {
    const result = parseClinicalEvent(vitals);
    expect(result).toEqual({ ok: true, value: { ...vitals, time: '2026-11-26T09:15:00.000Z' } });
  });

  it.each([
    [{ ...vitals, time: '2026-11-26T10:15:00' }, 'time'],
    [{ ...vitals, sbp: 'low' }, 'sbp'],
    [{ ...vitals, id: '' }, 'id'],
    [{ ...vitals, type: 'blood' }, 'type'],
    [{ id: 'r', patientId: 'P', time: '2026-11-26T10:00:00Z', type: 'rr', intervalsMs: [800, -3] }, 'intervalsMs.1'],
    [{ id: 'a', patientId: 'P', time: '2026-11-26T10:00:00Z', type: 'admit', wardId: 'W', bed: '1', weightKg: 70, baseline: { weightKg: -1 } }, 'baseline.weightKg'],
  ])('rejects %j with an error at %s', (input, path) => {
    const result = parseClinicalEvent(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(path);
  });

  it('rejects a vitals event without any measurement', () => {
    const result = parseClinicalEvent({ id: 'e', patientId: 'P', time: '2026-11-26T10:00:00Z', type: 'vitals' });
    expect(result.ok).toBe(false);
  });

  it('rejects non-objects at the root', () => {
    expect(parseClinicalEvent([1])).toEqual({ ok: false, errors: [expect.objectContaining({ path: '(root)' })] });
  });
});
