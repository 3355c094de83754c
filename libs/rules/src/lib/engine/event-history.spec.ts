import type { ClinicalEvent } from '@vigil/contracts';
import { EventHistory } from './event-history';
import { toMs } from '../time';
import { decodeLibraryState, encodeLibraryState } from '../snapshot/engine-snapshot';

const at = (iso: string) => toMs(iso);
const vitals = (id: string, time: string, extra: Record<string, unknown> = {}) => ({ id, patientId: 'P', time, type: 'vitals', hr: 88, spo2: 97, ...extra }) as ClinicalEvent;

describe('EventHistory: compact vitals columns that give back the stored events', () => {
  it('gives back every event equal to what was stored, compact or not', () => {
    const h = new EventHistory('P');
    const events: ClinicalEvent[] = [
      vitals('mon-3-000123', '2026-11-26T10:00:00.000Z', { sbp: 101, dbp: 55.5, map: 70, rr: 18, temp: 37.25, o2FlowLpm: 2, method: 'arterial', source: 'monitor-3' }),
      vitals('mon-3-124', '2026-11-26T10:00:01.000Z', { method: 'nibp' }),
      vitals('42', '2026-11-26T10:00:02.000Z'),
      // Not holdable exactly by the columns: kept as objects.
      vitals('no-counter', '2026-11-26T10:00:03.000Z'),
      vitals('mon-3-125', '2026-11-26T10:00:04.000Z', { hr: 88.123 }),
      vitals('mon-3-126', '2026-11-26T10:00:05.000Z', { note: 'extra field' }),
      vitals('mon-3-127', '2026-11-26T10:00:06Z'),
      { ...vitals('mon-3-128', '2026-11-26T10:00:07.000Z'), patientId: 'OTHER' },
      vitals('mon-3-1234567890123456789', '2026-11-26T10:00:08.000Z', { hr: -0 }),
      { id: 'u1', patientId: 'P', time: '2026-11-26T10:00:09.000Z', type: 'urine', periodStart: '2026-11-26T09:00:00.000Z', volumeMl: 40 } as ClinicalEvent,
    ];
    for (const e of events) h.push(e, at(e.time));
    expect(h.length).toBe(events.length);
    const back: ClinicalEvent[] = [];
    h.forEach((e, t) => {
      back.push(e);
      expect(t).toBe(at(e.time));
    });
    expect(back).toEqual(events);
    for (let i = 0; i < events.length; i++) {
      expect(h.eventAt(i)).toEqual(events[i]);
      expect(Object.is((h.eventAt(i) as { hr?: number }).hr, (events[i] as { hr?: number }).hr)).toBe(true);
      expect(h.idAt(i)).toBe(events[i].id);
      expect(h.has(events[i].id)).toBe(true);
      expect(h.indexOfId(events[i].id)).toBe(i);
    }
    expect(h.has('mon-3-0123')).toBe(false);
    expect(h.has('mon-3-129')).toBe(false);
    expect(h.findObjectIndex((e) => e.type === 'urine')).toBe(events.length - 1);
  });

  it('inserts late events in time order (same time: id order), removes and retains rows', () => {
    const h = new EventHistory('P');
    for (let s = 0; s < 100; s++) h.push(vitals(`m-${s * 2}`, new Date(Date.UTC(2026, 10, 26, 10, 0, s)).toISOString()), Date.UTC(2026, 10, 26, 10, 0, s));
    h.insert(vitals('m-51', '2026-11-26T10:00:25.000Z'), at('2026-11-26T10:00:25.000Z'));
    h.insert(vitals('m-49', '2026-11-26T10:00:25.000Z'), at('2026-11-26T10:00:25.000Z'));
    h.insert({ id: 'admit', patientId: 'P', time: '2026-11-26T09:00:00.000Z', type: 'admit', wardId: 'W', bed: '1' } as ClinicalEvent, at('2026-11-26T09:00:00.000Z'));
    const ids: string[] = [];
    h.forEach((e) => ids.push(e.id));
    expect(ids.slice(0, 3)).toEqual(['admit', 'm-0', 'm-2']);
    expect(ids.slice(25, 29)).toEqual(['m-48', 'm-49', 'm-50', 'm-51']);
    h.remove(h.indexOfId('m-49'));
    expect(h.has('m-49')).toBe(false);
    expect(h.has('m-51')).toBe(true);
    // 100 + 2 late - 1 removed + the admit = 102 rows; kept: the admit and 10:01:30–10:01:39.
    const dropped = h.retain((type, t) => type === 'admit' || t >= at('2026-11-26T10:01:30.000Z'));
    expect(dropped).toBe(102 - 11);
    const kept: string[] = [];
    h.forEach((e) => kept.push(e.id));
    expect(kept).toEqual(['admit', ...Array.from({ length: 10 }, (_, i) => `m-${(90 + i) * 2}`)]);
    expect(h.has('m-2')).toBe(false);
    expect(h.has('m-198')).toBe(true);
  });

  it('round-trips through the snapshot codec', () => {
    const h = new EventHistory('P');
    for (let s = 0; s < 40; s++) h.push(vitals(`m-${s}`, new Date(Date.UTC(2026, 10, 26, 10, 0, s)).toISOString(), { source: `bed-${s % 3}` }), Date.UTC(2026, 10, 26, 10, 0, s));
    h.push(vitals('odd', '2026-11-26T10:01:00.000Z'), at('2026-11-26T10:01:00.000Z'));
    const back = decodeLibraryState(JSON.parse(JSON.stringify(encodeLibraryState(h)))) as EventHistory;
    const a: ClinicalEvent[] = [];
    const b: ClinicalEvent[] = [];
    h.forEach((e) => a.push(e));
    back.forEach((e) => b.push(e));
    expect(b).toEqual(a);
    expect(back.has('m-39')).toBe(true);
    back.push(vitals('m-40', '2026-11-26T10:01:01.000Z'), at('2026-11-26T10:01:01.000Z'));
    expect(back.has('m-40')).toBe(true);
  });

  it('holds a 1 Hz reading in under 50 bytes of columns', () => {
    const h = new EventHistory('P');
    const n = 21_600;
    for (let s = 0; s < n; s++) h.push(vitals(`mon-7-${s}`, new Date(Date.UTC(2026, 10, 26, 0, 0, s)).toISOString(), { sbp: 110, dbp: 60, map: 77, rr: 16 }), Date.UTC(2026, 10, 26, 0, 0, s));
    // Columns grown by a quarter at a time and the id index: well under the ~260 bytes of an event object.
    expect(h.columnBytes / n).toBeLessThan(50);
  });
});
