import { describe, expect, it } from 'vitest';
import { alertHistory, alertQueue, compareQueue, openAlertsByPatient } from './alert-queue';
import { anAlert } from '../testing/builders';

describe('alertQueue', () => {
  it('orders unacknowledged before acknowledged, then by severity, then oldest first', () => {
    const lowOld = anAlert({ id: 'low-old', severity: 'low', openedAt: '2026-11-26T08:00:00Z' });
    const highNew = anAlert({ id: 'high-new', severity: 'high', openedAt: '2026-11-26T10:00:00Z' });
    const highOld = anAlert({ id: 'high-old', severity: 'high', openedAt: '2026-11-26T09:00:00Z' });
    const medium = anAlert({ id: 'medium', severity: 'medium', state: 'pending', openedAt: '2026-11-26T07:00:00Z' });
    const ackedHigh = anAlert({ id: 'acked-high', severity: 'high', state: 'acknowledged', openedAt: '2026-11-26T06:00:00Z' });
    const sorted = [lowOld, ackedHigh, highNew, medium, highOld].sort(compareQueue).map((a) => a.id);
    expect(sorted).toEqual(['high-old', 'high-new', 'medium', 'low-old', 'acked-high']);
  });

  it('keeps only pending and active alerts in the queue', () => {
    const alerts = [
      anAlert({ id: 'a', state: 'active' }),
      anAlert({ id: 'p', state: 'pending' }),
      anAlert({ id: 'k', state: 'acknowledged' }),
      anAlert({ id: 'r', state: 'resolved' }),
    ];
    expect(alertQueue(alerts).map((a) => a.id).sort()).toEqual(['a', 'p']);
  });

  it('breaks full ties by id so the order is stable', () => {
    const a = anAlert({ id: 'b-2' });
    const b = anAlert({ id: 'a-1' });
    expect(alertQueue([a, b]).map((x) => x.id)).toEqual(['a-1', 'b-2']);
  });
});

describe('alertHistory', () => {
  it('lists acknowledged and resolved alerts, most recently changed first, and respects the limit', () => {
    const alerts = [
      anAlert({ id: 'old', state: 'resolved', updatedAt: '2026-11-26T08:00:00Z' }),
      anAlert({ id: 'new', state: 'acknowledged', updatedAt: '2026-11-26T09:00:00Z' }),
      anAlert({ id: 'open', state: 'active', updatedAt: '2026-11-26T10:00:00Z' }),
    ];
    expect(alertHistory(alerts).map((a) => a.id)).toEqual(['new', 'old']);
    expect(alertHistory(alerts, 1).map((a) => a.id)).toEqual(['new']);
  });
});

describe('openAlertsByPatient', () => {
  it('groups open alerts per patient and leaves resolved ones out', () => {
    const map = openAlertsByPatient([
      anAlert({ id: 'x', patientId: 'P-1', severity: 'low' }),
      anAlert({ id: 'y', patientId: 'P-1', severity: 'high' }),
      anAlert({ id: 'z', patientId: 'P-2', state: 'resolved' }),
    ]);
    expect(map.get('P-1')?.map((a) => a.id)).toEqual(['y', 'x']);
    expect(map.has('P-2')).toBe(false);
  });
});
