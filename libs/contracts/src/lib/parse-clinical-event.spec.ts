import { parseClinicalEvent, parseClinicalEventFieldwise } from './parse-clinical-event';
import { clinicalEventSchema } from './clinical-event.schema';

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
    [{ id: 'r', patientId: 'P', time: '2026-11-26T10:00:00Z', type: 'rr', intervalsMs: [800, 700], beatClasses: 'NX' }, 'beatClasses'],
    [{ id: 'r', patientId: 'P', time: '2026-11-26T10:00:00Z', type: 'rr', intervalsMs: [800, 700], beatClasses: 'N' }, 'beatClasses'],
    [{ id: 'r', patientId: 'P', time: '2026-11-26T10:00:00Z', type: 'rr', intervalsMs: [800, -3], beatClasses: 'N' }, 'intervalsMs.1'],
    [{ id: 'a', patientId: 'P', time: '2026-11-26T10:00:00Z', type: 'admit', wardId: 'W', bed: '1', weightKg: 70, baseline: { weightKg: -1 } }, 'baseline.weightKg'],
  ])('rejects %j with an error at %s', (input, path) => {
    const result = parseClinicalEvent(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(path);
  });

  it('keeps an rr event\'s beat classes, one letter per interval', () => {
    const rr = { id: 'r', patientId: 'P', time: '2026-11-26T10:00:00Z', type: 'rr', intervalsMs: [800, 500, 1100], beatClasses: 'NVN' };
    expect(parseClinicalEvent(rr)).toEqual({ ok: true, value: { ...rr, time: '2026-11-26T10:00:00.000Z' } });
    const short = parseClinicalEvent({ ...rr, beatClasses: 'NV' });
    expect(short).toEqual({ ok: false, errors: [expect.objectContaining({ path: 'beatClasses', code: 'invalid_length' })] });
  });

  it('gives rr events exactly what the full schema gives, on the quick path and off it', () => {
    const rr = { id: 'r', patientId: 'P', time: '2026-11-26T11:00:00+01:00', type: 'rr', source: 'mon-3', intervalsMs: [812, 790.5, 10_000, 0.25], extra: 'dropped' };
    const cases: unknown[] = [
      rr,
      { ...rr, source: undefined },
      { ...rr, intervalsMs: [800, 0] },
      { ...rr, intervalsMs: [800, 10_000.5] },
      { ...rr, intervalsMs: [800, Number.NaN] },
      { ...rr, intervalsMs: [800, '810'] },
      { ...rr, intervalsMs: [] },
      { ...rr, intervalsMs: 'x' },
      { ...rr, time: 'yesterday' },
      { ...rr, patientId: '' },
      { ...rr, intervalsMs: new Array(10_001).fill(800) },
    ];
    for (const input of cases) {
      const full = clinicalEventSchema.safeParse(input);
      const result = parseClinicalEvent(input);
      expect(result.ok).toBe(full.success);
      if (result.ok && full.success) {
        expect(result.value).toEqual(full.data);
        expect(Object.keys(result.value)).toEqual(Object.keys(full.data));
      }
    }
    const ok = parseClinicalEvent(rr);
    expect(ok).toEqual({ ok: true, value: { id: 'r', patientId: 'P', time: '2026-11-26T10:00:00.000Z', type: 'rr', source: 'mon-3', intervalsMs: [812, 790.5, 10_000, 0.25] } });
    // The event's array is copied, as the schema copies it.
    if (ok.ok && ok.value.type === 'rr') expect(ok.value.intervalsMs).not.toBe(rr.intervalsMs);
  });

  it('rejects a vitals event without any measurement', () => {
    const result = parseClinicalEvent({ id: 'e', patientId: 'P', time: '2026-11-26T10:00:00Z', type: 'vitals' });
    expect(result.ok).toBe(false);
  });

  it('rejects non-objects at the root', () => {
    expect(parseClinicalEvent([1])).toEqual({ ok: false, errors: [expect.objectContaining({ path: '(root)' })] });
  });

  it.each([
    [{ ...vitals, id: 'e\u0000' }, 'id'],
    [{ ...vitals, source: 'mon\ud800' }, 'source'],
    [{ id: 'a', patientId: 'P', time: '2026-11-26T10:00:00Z', type: 'admit', wardId: 'W', bed: '1', displayName: 'A\udc00B' }, 'displayName'],
    [{ id: 'n', patientId: 'P', time: '2026-11-26T10:00:00Z', type: 'neuro', acvpu: 'A', notes: 'x\u0000y' }, 'notes'],
    [{ ...vitals, extra: { ['k\u0000']: 1 } }, 'extra.k\u0000'],
  ])('refuses text the database cannot store (NUL, lone surrogate) with code and path: %j', (input, path) => {
    const result = parseClinicalEvent(input);
    expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ path, code: 'invalid_string' })] });
  });

  it('keeps well-formed text, emoji (surrogate pairs) included', () => {
    expect(parseClinicalEvent({ id: 'n', patientId: 'P', time: '2026-11-26T10:00:00Z', type: 'neuro', acvpu: 'A', notes: 'calm 😀 Zoë' }).ok).toBe(true);
  });
});

describe('parseClinicalEventFieldwise (§10: one bad field costs that field only)', () => {
  const vitals = { id: 'v1', patientId: 'P1', time: '2026-11-26T10:00:00Z', type: 'vitals', sbp: 84, hr: 118 };
  it('refuses a bad temperature and keeps SBP and HR', () => {
    const r = parseClinicalEventFieldwise({ ...vitals, temp: -17.8 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ sbp: 84, hr: 118 });
    expect((r.value as { temp?: number }).temp).toBeUndefined();
    expect(r.refused).toEqual([expect.objectContaining({ path: 'temp' })]);
  });
  it('still refuses the event when nothing valid is left, or when a non-measurement field is bad', () => {
    expect(parseClinicalEventFieldwise({ id: 'v2', patientId: 'P1', time: '2026-11-26T10:00:00Z', type: 'vitals', temp: -17.8 }).ok).toBe(false);
    expect(parseClinicalEventFieldwise({ ...vitals, time: 'soon', temp: -17.8 }).ok).toBe(false);
  });
  it('gives a valid event unchanged with nothing refused', () => {
    expect(parseClinicalEventFieldwise(vitals)).toMatchObject({ ok: true, refused: [] });
  });
  it('checks oxygen support field by field (§10 "Oxygen"): FiO2 21–100%, a known device', () => {
    const r = parseClinicalEventFieldwise({ ...vitals, spo2: 94, o2FlowLpm: 4, fio2Pct: 0.4, o2Device: 'blow-by' });
    expect(r).toMatchObject({ ok: true, value: { sbp: 84, spo2: 94, o2FlowLpm: 4 } });
    if (!r.ok) return;
    expect(r.refused.map((e) => e.path).sort()).toEqual(['fio2Pct', 'o2Device']);
    // A device or FiO2 alone is a measurement: the chart "on room air" is a vitals event.
    expect(parseClinicalEventFieldwise({ id: 'v3', patientId: 'P1', time: '2026-11-26T10:00:00Z', type: 'vitals', o2Device: 'room-air' })).toMatchObject({ ok: true, refused: [] });
    expect(parseClinicalEventFieldwise({ id: 'v4', patientId: 'P1', time: '2026-11-26T10:00:00Z', type: 'vitals', fio2Pct: 40 })).toMatchObject({ ok: true, refused: [] });
  });
});
