import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertTransition } from '@vigil/contracts';
import { readRecording, shiftEvent } from './stream-file';
import { shiftToNowMs, summarizeAlerts } from './live-replay';

describe('shiftEvent', () => {
  const H = 3_600_000;
  it('moves every time of the event and gives it a new id', () => {
    const line = JSON.stringify({ id: 'u1', patientId: 'P', time: '2026-01-05T07:00:00.000Z', type: 'urine', volumeMl: 30, periodStart: '2026-01-05T06:00:00Z' });
    expect(JSON.parse(shiftEvent(line, 2 * H))).toEqual({ id: 'u1~7200s', patientId: 'P', time: '2026-01-05T09:00:00.000Z', type: 'urine', volumeMl: 30, periodStart: '2026-01-05T08:00:00.000Z' });
    const lab = JSON.parse(shiftEvent(JSON.stringify({ id: 'l', patientId: 'P', time: '2026-01-05T07:00:00.000Z', type: 'lab', code: 'IL2', value: 3, unit: 'pg/mL', specimenTime: '2026-01-05T06:30:00.000Z' }), -H));
    expect([lab.time, lab.specimenTime]).toEqual(['2026-01-05T06:00:00.000Z', '2026-01-05T05:30:00.000Z']);
  });
  it('moves the onset time inside an acknowledged alert id, keeping a #suffix', () => {
    const ack = (alertId: string) => JSON.stringify({ id: 'a', patientId: 'P-1', time: '2026-01-05T07:00:00.000Z', type: 'acknowledge', alertId, by: 'u', role: 'physician' });
    expect(JSON.parse(shiftEvent(ack('P-1:hypotension:2026-01-05T06:50:00.000Z'), H)).alertId).toBe('P-1:hypotension:2026-01-05T07:50:00.000Z');
    expect(JSON.parse(shiftEvent(ack('P-1:fever:2026-01-05T06:50:00.000Z#2'), H)).alertId).toBe('P-1:fever:2026-01-05T07:50:00.000Z#2');
  });
});

describe('readRecording', () => {
  it('keeps events in file order and skips comments and ticks; says which line is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rec-'));
    try {
      const f = join(dir, 'r.ndjson');
      writeFileSync(f, ['{"_comment":"attribution"}', '// note', '{"id":"b","patientId":"P2","time":"2026-01-05T07:00:00Z","type":"vitals","hr":80}', '{"type":"tick","time":"2026-01-05T07:05:00Z"}', '', '{"id":"a","patientId":"P1","time":"2026-01-05T06:00:00Z","type":"admit","wardId":"W","bed":"1","weightKg":70}'].join('\n'));
      const r = readRecording(f);
      expect(r.skipped).toBe(2);
      expect(r.outOfOrder).toBe(1);
      expect(r.events.map((e) => [e.patientId, e.type, e.wardId, e.time])).toEqual([
        ['P2', 'vitals', undefined, Date.parse('2026-01-05T07:00:00Z')],
        ['P1', 'admit', 'W', Date.parse('2026-01-05T06:00:00Z')],
      ]);
      writeFileSync(f, '{"id":"b","patientId":"P2","time":"2026-01-05T07:00:00Z","type":"vitals","hr":80}\n{oops\n');
      expect(() => readRecording(f)).toThrow(/r\.ndjson:2: not JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('summarizeAlerts', () => {
  const t = (seq: number, type: AlertTransition['type'], rule: string, id: string, severity: string) => ({ seq, type, at: '2026-01-05T07:00:00.000Z', alert: { id, rule, severity } }) as unknown as AlertTransition;
  it('counts transitions per rule and the highest severity', () => {
    const s = summarizeAlerts([t(1, 'raised', 'hypotension', 'a', 'medium'), t(2, 'updated', 'hypotension', 'a', 'high'), t(3, 'resolved', 'hypotension', 'a', 'high'), t(4, 'raised', 'fever', 'b', 'low')]);
    expect(s).toContain('4 alert transitions');
    expect(s).toMatch(/fever\s+1\s+1\s+0\s+0\s+0\s+0\s+0\s+low/);
    expect(s).toMatch(/hypotension\s+1\s+1\s+1\s+0\s+0\s+1\s+0\s+high/);
    expect(summarizeAlerts([])).toBe('no alert transitions seen\n');
  });
});

describe('shiftToNowMs (--shift-to-now keeps every event at or before now)', () => {
  const H = 3_600_000;
  const now = Date.parse('2026-12-03T12:00:00.500Z');
  const events = [{ time: Date.parse('2026-01-05T07:00:00.000Z') }, { time: Date.parse('2026-01-05T15:00:00.000Z') }, { time: Date.parse('2026-01-05T10:00:00.000Z') }];
  it('--max or faster than real time: the newest event lands at now, none after it', () => {
    for (const o of [{ max: true, speed: 1 }, { max: false, speed: 60 }]) {
      const shift = shiftToNowMs(events, now, o);
      expect(Math.max(...events.map((e) => e.time + shift))).toBeLessThanOrEqual(now);
      expect(now - Math.max(...events.map((e) => e.time + shift))).toBeLessThan(1000);
    }
  });
  it('paced at real time: the first event lands at now and each is sent when its shifted time comes', () => {
    const shift = shiftToNowMs(events, now, { max: false, speed: 1 });
    expect(events[0].time + shift).toBeLessThanOrEqual(now);
    expect(events[1].time + shift - now).toBeCloseTo(8 * H, -4);
    expect(shiftToNowMs([], now, { max: true, speed: 1 })).toBe(0);
  });
});
