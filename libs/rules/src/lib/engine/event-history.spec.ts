import type { ClinicalEvent } from '@vigil/contracts';
import { EventHistory } from './event-history';
import { toMs } from '../time';
import { decodeLibraryState, encodeLibraryState } from '../snapshot/engine-snapshot';

const at = (iso: string) => toMs(iso);
const vitals = (id: string, time: string, extra: Record<string, unknown> = {}) => ({ id, patientId: 'P', time, type: 'vitals', hr: 88, spo2: 97, ...extra }) as ClinicalEvent;

describe('EventHistory: compressed vitals rows that give back the stored events', () => {
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

  it('holds a 1 Hz monitor reading in under 12 bytes', () => {
    const h = new EventHistory('P');
    const n = 21_600;
    let hr = 80;
    for (let s = 0; s < n; s++) {
      hr = Math.max(50, Math.min(120, hr + ((s * 7919) % 3) - 1));
      h.push(vitals(`mon-7-${s}`, new Date(Date.UTC(2026, 10, 26, 0, 0, s)).toISOString(), { hr, spo2: 95 + (s % 4), sbp: 110 + (s % 5), dbp: 60, map: 77, rr: 14 + (s % 5), method: 'arterial' }), Date.UTC(2026, 10, 26, 0, 0, s));
    }
    // Six fields changing every second: a header byte and about one byte a field (was 43 as fixed-width columns).
    expect(h.columnBytes / n).toBeLessThan(12);
    expect(h.eventAt(n - 1)).toEqual(vitals(`mon-7-${n - 1}`, new Date(Date.UTC(2026, 10, 26, 0, 0, n - 1)).toISOString(), { hr, spo2: 95 + ((n - 1) % 4), sbp: 110 + ((n - 1) % 5), dbp: 60, map: 77, rr: 14 + ((n - 1) % 5), method: 'arterial' }));
  });

  it('behaves as a sorted list of events under random pushes, late inserts, removals and retains across many blocks', () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const h = new EventHistory('P');
    const ref: { e: ClinicalEvent; at: number }[] = [];
    const before = (a: { e: ClinicalEvent; at: number }, b: { e: ClinicalEvent; at: number }) => a.at < b.at || (a.at === b.at && a.e.id < b.e.id);
    const t0 = Date.UTC(2026, 10, 26, 0, 0, 0);
    let s = 0;
    let counter = 0;
    const make = (t: number): ClinicalEvent => {
      const k = rnd();
      const time = new Date(t).toISOString();
      if (k < 0.05) return { id: `u-${counter++}`, patientId: 'P', time, type: 'urine', periodStart: time, volumeMl: Math.round(rnd() * 100) } as ClinicalEvent;
      if (k < 0.08) return vitals(`odd-${counter++}x`, time, { temp: 36.6 });
      if (k < 0.1) return vitals(`mon-1-${counter++}`, time, { hr: 80.123 });
      return vitals(`mon-${k < 0.2 ? 2 : 1}-${String(counter++).padStart(k < 0.15 ? 6 : 1, '0')}`, time, { hr: 60 + Math.round(rnd() * 60), spo2: 90 + Math.round(rnd() * 9), ...(k < 0.5 ? { sbp: 90 + Math.round(rnd() * 60), method: rnd() < 0.5 ? 'nibp' : 'arterial' } : {}), ...(k < 0.3 ? { source: `src-${Math.floor(rnd() * 3)}` } : {}), ...(k > 0.9 ? { temp: 36 + Math.round(rnd() * 300) / 100, o2FlowLpm: 2.5 } : {}) });
    };
    for (let step = 0; step < 6000; step++) {
      const k = rnd();
      if (k < 0.85) {
        s += rnd() < 0.9 ? 1000 : Math.round(rnd() * 5000);
        const e = make(t0 + s);
        h.push(e, t0 + s);
        ref.push({ e, at: t0 + s });
      } else if (k < 0.95) {
        const at = t0 + Math.round(rnd() * s);
        const row = { e: make(at), at };
        h.insert(row.e, at);
        let i = ref.length;
        while (i > 0 && before(row, ref[i - 1])) i--;
        ref.splice(i, 0, row);
      } else if (k < 0.99 && ref.length > 0) {
        const i = Math.floor(rnd() * ref.length);
        h.remove(i);
        ref.splice(i, 1);
      } else {
        const cutoff = t0 + s - Math.round(rnd() * 2_000_000);
        const keep = (type: ClinicalEvent['type'], at: number) => type === 'urine' || at >= cutoff;
        const kept = ref.filter((r) => keep(r.e.type, r.at));
        expect(h.retain(keep)).toBe(ref.length - kept.length);
        ref.splice(0, ref.length, ...kept);
      }
      if (step % 500 === 0 || step === 5999) {
        expect(h.length).toBe(ref.length);
        const got: ClinicalEvent[] = [];
        h.forEach((e, at) => {
          got.push(e);
          expect(at).toBe(ref[got.length - 1].at);
        });
        expect(got).toEqual(ref.map((r) => r.e));
        const from = t0 + Math.round(rnd() * s);
        const tail: string[] = [];
        h.forEachFrom(from, (e) => tail.push(e.id));
        expect(tail).toEqual(ref.filter((r) => r.at >= from).map((r) => r.e.id));
        for (let j = 0; j < 40 && ref.length > 0; j++) {
          const i = Math.floor(rnd() * ref.length);
          expect(h.has(ref[i].e.id)).toBe(true);
          expect(h.indexOfId(ref[i].e.id)).toBe(i);
          expect(h.idAt(i)).toBe(ref[i].e.id);
          expect(h.timeAt(i)).toBe(ref[i].at);
          expect(h.eventAt(i)).toEqual(ref[i].e);
        }
        expect(h.has(`mon-1-${counter + 5}`)).toBe(false);
        expect(h.has('mon-3-1')).toBe(false);
        const urine = ref.findIndex((r) => r.e.type === 'urine');
        expect(h.findObjectIndex((e) => e.type === 'urine')).toBe(urine);
      }
    }
    // The snapshot codec gives the same history back, and it still takes appends.
    const back = decodeLibraryState(JSON.parse(JSON.stringify(encodeLibraryState(h)))) as EventHistory;
    const a: ClinicalEvent[] = [];
    back.forEach((e) => a.push(e));
    expect(a).toEqual(ref.map((r) => r.e));
    const next = vitals(`mon-1-${counter}`, new Date(t0 + s + 1000).toISOString(), { hr: 70 });
    back.push(next, t0 + s + 1000);
    expect(back.eventAt(back.length - 1)).toEqual(next);
    expect(back.has(next.id)).toBe(true);
  });
});
