import { describe, expect, it } from 'vitest';
import { bedUrgency, sortBedTiles } from './bed-tiles';
import { openAlertsByPatient } from '../alerts/alert-queue';
import { aPatient, anAlert } from '../testing/builders';

describe('sortBedTiles', () => {
  const beds = ['1', '2', '10', '3'].map((bed) => aPatient({ id: `P-${bed}`, bed }));

  it('without alerts sorts by bed in natural order (2 before 10)', () => {
    expect(sortBedTiles(beds, new Map()).map((t) => t.patient.bed)).toEqual(['1', '2', '3', '10']);
  });

  it('puts beds with a high alert first, then medium, then low, then quiet beds', () => {
    const alerts = openAlertsByPatient([
      anAlert({ patientId: 'P-3', severity: 'high' }),
      anAlert({ patientId: 'P-10', severity: 'low' }),
      anAlert({ patientId: 'P-2', severity: 'medium' }),
    ]);
    expect(sortBedTiles(beds, alerts).map((t) => t.patient.id)).toEqual(['P-3', 'P-2', 'P-10', 'P-1']);
  });

  it('counts an acknowledged high alert as high, below an unacknowledged one', () => {
    const alerts = openAlertsByPatient([
      anAlert({ patientId: 'P-1', severity: 'high', state: 'acknowledged' }),
      anAlert({ patientId: 'P-10', severity: 'high', state: 'active' }),
      anAlert({ patientId: 'P-2', severity: 'medium', state: 'active' }),
    ]);
    expect(sortBedTiles(beds, alerts).map((t) => t.patient.id)).toEqual(['P-10', 'P-1', 'P-2', 'P-3']);
  });

  it('puts a silent bed after the alerting ones but before the quiet ones', () => {
    const now = Date.parse('2026-11-26T10:10:00Z');
    const list = beds.map((p) => (p.id === 'P-10' ? { ...p, lastDataAt: '2026-11-26T10:00:00Z' } : { ...p, lastDataAt: '2026-11-26T10:09:30Z' }));
    const alerts = openAlertsByPatient([anAlert({ patientId: 'P-3', severity: 'low' })]);
    expect(sortBedTiles(list, alerts, now).map((t) => t.patient.id)).toEqual(['P-3', 'P-10', 'P-1', 'P-2']);
    expect(sortBedTiles(list, alerts).map((t) => t.patient.id)).toEqual(['P-3', 'P-1', 'P-2', 'P-10']);
  });

  it('ignores resolved alerts', () => {
    expect(bedUrgency([anAlert({ severity: 'high', state: 'resolved' })])).toBe(0);
    const alerts = openAlertsByPatient([anAlert({ patientId: 'P-10', severity: 'high', state: 'resolved' })]);
    expect(sortBedTiles(beds, alerts)[0].patient.id).toBe('P-1');
  });

  it('hands each tile its own alerts', () => {
    const a = anAlert({ id: 'mine', patientId: 'P-2' });
    const tiles = sortBedTiles(beds, openAlertsByPatient([a]));
    expect(tiles.find((t) => t.patient.id === 'P-2')?.alerts.map((x) => x.id)).toEqual(['mine']);
    expect(tiles.find((t) => t.patient.id === 'P-1')?.alerts).toEqual([]);
  });
});
