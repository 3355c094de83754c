import type { Alert } from './alert.schema';
import { doseGateRecord } from './dose-gate-record';

const base: Alert = {
  id: 'P1:dose_gate:2026-11-26T14:00:00.000Z',
  patientId: 'P1',
  wardId: 'W',
  bed: '1',
  rule: 'dose_gate',
  severity: 'medium',
  state: 'active',
  openedAt: '2026-11-26T14:00:00.000Z',
  updatedAt: '2026-11-26T16:00:00.000Z',
  resolvedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  ackNote: null,
  escalationLevel: 0,
  message: 'HOLD before dose 2 due 2026-11-26T16:00:00.000Z (T_dose): relative: creatinine alert (MEDIUM); missing: no weight',
  evidence: [
    { eventId: '', time: '2026-11-26T16:00:00.000Z', field: 'decision', value: 'HOLD' },
    { eventId: '', time: '2026-11-26T16:00:00.000Z', field: 'doseDue', value: '2026-11-26T16:00:00.000Z' },
    { eventId: '', time: '2026-11-26T16:00:00.000Z', field: 'doseNumber', value: 2 },
    { eventId: '', time: '2026-11-26T16:00:00.000Z', field: 'checkpoint', value: 'T_dose' },
    { eventId: '', time: '2026-11-26T16:00:00.000Z', field: 'why', value: 'relative: creatinine alert (MEDIUM); missing: no weight' },
    { eventId: '', time: '2026-11-26T16:00:00.000Z', field: 'relative', value: 'creatinine alert (MEDIUM)' },
    { eventId: '', time: '2026-11-26T16:00:00.000Z', field: 'missing', value: 'no weight' },
    { eventId: 'lab-1', time: '2026-11-26T13:00:00.000Z', field: 'creatinine', value: 2.7 },
  ],
  thresholds: { version: 1 },
};

describe('doseGateRecord', () => {
  it('reads the pending decision of an open gate', () => {
    const r = doseGateRecord(base);
    expect(r).toMatchObject({ decision: 'HOLD', doseNumber: 2, doseDue: '2026-11-26T16:00:00.000Z', checkpoint: 'T_dose', outcome: 'pending', outcomeAt: null, relative: ['creatinine alert (MEDIUM)'], missing: ['no weight'], decidedAt: '2026-11-26T16:00:00.000Z' });
    expect(r?.why).toBe('relative: creatinine alert (MEDIUM); missing: no weight');
  });

  it('keeps the decision and its reasons once the dose is documented, with the outcome', () => {
    const closed: Alert = {
      ...base,
      state: 'resolved',
      resolvedAt: '2026-11-26T16:05:00.000Z',
      message: 'Resolved: dose 2 documented as held (creatinine 2.7); the gate said HOLD (T_dose): relative: creatinine alert (MEDIUM); missing: no weight',
      evidence: [...base.evidence, { eventId: 'dose-2', time: '2026-11-26T16:05:00.000Z', field: 'outcome', value: 'held' }],
    };
    expect(doseGateRecord(closed)).toMatchObject({ decision: 'HOLD', why: 'relative: creatinine alert (MEDIUM); missing: no weight', outcome: 'held', outcomeAt: '2026-11-26T16:05:00.000Z', doseNumber: 2 });
  });

  it('reads a gate closed without a documented dose as expired', () => {
    const expired: Alert = { ...base, state: 'resolved', resolvedAt: '2026-11-26T18:00:00.000Z', evidence: [...base.evidence, { eventId: '', time: '2026-11-26T18:00:00.000Z', field: 'outcome', value: 'expired' }] };
    expect(doseGateRecord(expired)?.outcome).toBe('expired');
  });

  it('dates the outcome at the dose, not when the record closed (a dose documented before its T − 2 h checkpoint)', () => {
    const early: Alert = {
      ...base,
      openedAt: '2026-11-26T13:59:55.000Z',
      state: 'resolved',
      resolvedAt: '2026-11-26T14:00:00.000Z',
      evidence: [...base.evidence, { eventId: 'dose-2', time: '2026-11-26T13:59:55.000Z', field: 'outcome', value: 'given' }],
    };
    expect(doseGateRecord(early)).toMatchObject({ outcome: 'given', outcomeAt: '2026-11-26T13:59:55.000Z' });
  });

  it('is no dose record once withdrawn (cancelled by late or corrected data)', () => {
    expect(doseGateRecord({ ...base, state: 'cancelled', resolvedAt: '2026-11-26T14:00:30.000Z' })).toBeNull();
  });

  it('is null for another rule, or a gate alert without a decision', () => {
    expect(doseGateRecord({ ...base, rule: 'hypotension' })).toBeNull();
    expect(doseGateRecord({ ...base, message: 'something else', evidence: [] })).toBeNull();
  });
});
