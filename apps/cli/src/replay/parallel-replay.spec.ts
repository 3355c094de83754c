import type { ClinicalEvent } from '@vigil/contracts';
import { replayStream } from '@vigil/rules';
import { readStream } from '../commands/replay.command';
import { simulateWard } from '../simulate/ward-simulator';
import { replayParallel } from './parallel-replay';
import { planShards, routingFields, STEP_EVENT, STEP_TICK, type ShardInput } from './shard-plan';
import { workerCount } from './worker-count';

/**
 * A ward stream with what makes replay order subtle: late arrivals, duplicates, explicit ticks,
 * comments, a ward threshold change mid-stream and acknowledgements of alerts the stream raises.
 */
function trickyStream(patients: number, hours: number): string {
  const ward = simulateWard({ patients, hours, seed: 'par', scenario: 'mixed' });
  const events: ClinicalEvent[] = [...ward.events];
  for (let i = 100; i + 30 < events.length; i += 97) events.splice(i + 30, 0, events.splice(i, 1)[0]); // late by 30 items
  for (let i = 500; i < events.length; i += 1500) events.splice(i, 0, events[i - 7]); // duplicates
  const wardId = (ward.events.find((e) => e.type === 'admit') as { wardId: string }).wardId;
  const mid = events[events.length >> 1];
  events.splice(events.length >> 1, 0, { id: 'th-1', patientId: mid.patientId, time: mid.time, type: 'thresholds', scope: 'ward', wardId, values: { sbpLow: 95 }, by: 'dr-h', reason: 'ward protocol' } as ClinicalEvent);
  // Acknowledge the first few alerts three minutes after they are raised.
  const raised = replayStream(events).filter((t) => t.type === 'raised').slice(0, 6);
  for (const r of raised) {
    const at = new Date(Date.parse(r.at) + 180_000).toISOString();
    const k = events.findIndex((e) => e.time > at);
    events.splice(k < 0 ? events.length : k, 0, { id: `ack-${r.alert.id}`, patientId: r.alert.patientId, time: at, type: 'acknowledge', alertId: r.alert.id, by: 'dr-a', role: 'physician' } as ClinicalEvent);
  }
  const lines = events.map((e) => JSON.stringify(e));
  lines.splice(3, 0, '{"_comment":"a comment line"}', '', '// another');
  lines.splice(lines.length - 50, 0, `{"type":"tick","time":"${new Date(Date.parse(events[events.length - 1].time) + 3_600_000).toISOString()}"}`);
  lines.push(`{"type":"tick","time":"${new Date(Date.parse(events[events.length - 1].time) + 7_200_000).toISOString()}"}`);
  return lines.join('\n') + '\n';
}

describe('parallel offline replay', () => {
  // The equivalence and progress tests replay a whole ward (8 patients, 12 h: ~8,300 items, 4 s in one
  // engine under load); the tests of errors and of the fallback, whose assertions do not depend on the
  // stream's size, replay a quarter of it (4 patients, 6 h: ~2,100 items, the same kinds of trouble).
  const text = trickyStream(8, 12);
  const small = trickyStream(4, 6);

  // Budgets: five workers start here (each loads the engine through swc) besides one engine's replay;
  // measured 21 s, and 75 s while the machine ran two other test suites (load average 10 on 2 cores).
  it('gives exactly the transitions of one engine, in the same order, with 2 and 3 workers', async () => {
    const single = replayStream(readStream(text, 's.ndjson'));
    expect(single.filter((t) => t.type === 'acknowledged').length).toBeGreaterThan(0);
    expect(single.filter((t) => t.type === 'escalated').length).toBeGreaterThan(0);
    // 3 workers with small chunks: the shards arrive in many pieces while the stream is still being split.
    for (const [workers, chunkItems] of [
      [2, undefined],
      [3, 777],
    ]) {
      const notes: string[] = [];
      const parallel = await replayParallel(text, 's.ndjson', { workers: workers ?? 2, chunkItems, note: (s) => notes.push(s) });
      expect(notes.join('')).toContain(`replayed by ${workers} workers`);
      expect(JSON.stringify(parallel)).toBe(JSON.stringify(single));
    }
  }, 120_000);

  it('reports progress: the item count (one engine reading as it goes: the line count), then items replayed as they go', async () => {
    // The whole ward: an engine reports progress every 4,096 items, so each of 2 shards needs that many.
    const items = readStream(text, 's.ndjson').length;
    const lines = text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '').length;
    expect(lines).toBeGreaterThan(items); // the stream has comment lines
    for (const workers of [1, 2]) {
      let total = 0;
      let done = 0;
      await replayParallel(text, 's.ndjson', { workers, progress: { total: (n) => (total = n), add: (n) => (done += n) } });
      expect(total).toBe(workers === 1 ? lines : items);
      expect(done).toBeGreaterThan(0);
      expect(done).toBeLessThanOrEqual(items);
    }
  }, 120_000);

  it('reports the first invalid line of the file, as one engine does', async () => {
    const lines = small.split('\n');
    const bad = (i: number, line: string) => lines.splice(i, 1, line);
    // Both pass routing (the workers find them): an empty id, and no patientId.
    bad(400, lines[400].replace(/"id":"[^"]+"/, '"id":""'));
    bad(900, lines[900].replace(/"patientId":"[^"]+",/, ''));
    const broken = lines.join('\n');
    const expected = (() => {
      try {
        readStream(broken, 'b.ndjson');
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    })();
    expect(expected).toMatch(/^b\.ndjson:401: /);
    const notes: string[] = [];
    await expect(replayParallel(broken, 'b.ndjson', { workers: 2, chunkItems: 500, note: (n) => notes.push(n) })).rejects.toThrow(expected);
    expect(notes.join('')).toContain('replayed by 2 workers');
  }, 60_000);

  it('reports a line that is not JSON as one engine does', async () => {
    const lines = small.split('\n');
    lines.splice(300, 0, 'garbage');
    const broken = lines.join('\n');
    await expect(replayParallel(broken, 'g.ndjson', { workers: 2 })).rejects.toThrow(/^g\.ndjson:301: not a JSON object/);
  }, 60_000);

  it('replays in one engine what cannot be split, and says why', async () => {
    const notes: string[] = [];
    const noWard = small.replace(/"wardId":"[^"]+",("values")/, '$1');
    const out = await replayParallel(noWard, 'n.ndjson', { workers: 2, note: (s) => notes.push(s) });
    expect(notes.join('')).toMatch(/one engine \(line \d+: a ward threshold change without wardId\)/);
    expect(JSON.stringify(out)).toBe(JSON.stringify(replayStream(readStream(noWard, 'n.ndjson'))));
  }, 60_000);
});

describe('shard plan', () => {
  it('reads routing fields from the text exactly as JSON.parse would, and declines when unsure', () => {
    const lines = [
      '{"id":"v1","patientId":"P-1","time":"2026-11-26T10:00:00.000Z","type":"vitals","sbp":90}',
      '{"type":"rr","time":"2026-11-26T10:00:00+01:00","patientId":"ü-2","id":"r","intervalsMs":[800]}',
      '{"id":"a","patientId":"P1","time":"2026-11-26T10:00:00Z","type":"acknowledge","alertId":"x","by":"d","note":"said \\"patientId\\":\\"P9\\" aloud"}',
    ];
    for (const l of lines) {
      const o = JSON.parse(l) as Record<string, string>;
      expect(routingFields(l)).toEqual({ type: o['type'], patientId: o['patientId'], time: o['time'] });
    }
    expect(routingFields('{"id":"x","patientId":"P\\u0031","time":"2026-11-26T10:00:00Z","type":"vitals"}')).toBeNull(); // escaped value
    expect(routingFields('{"id":"x", "patientId": "P1", "time": "2026-11-26T10:00:00Z", "type": "vitals"}')).toBeNull(); // spaced
    expect(routingFields('{"type":"vitals","patientId":"P1","time":"2026-11-26T10:00:00Z","x":{"patientId":"P2"}}')).toBeNull(); // twice
    expect(routingFields('{"type":"thresholds","patientId":"P1","time":"2026-11-26T10:00:00Z","scope":"ward"}')).toBeNull();
    // A key twice between the three values, or after them with or without other string fields about.
    expect(routingFields('{"type":"vitals","patientId":"P1","patientId":"P2","time":"2026-11-26T10:00:00Z","sbp":90}')).toBeNull();
    expect(routingFields('{"patientId":"P1","time":"2026-11-26T10:00:00Z","type":"vitals","time":"2026-11-26T11:00:00Z"}')).toBeNull();
    expect(routingFields('{"patientId":"P1","time":"2026-11-26T10:00:00Z","type":"rr","intervalsMs":[1],"source":"m","type":"vitals"}')).toBeNull();
    expect(routingFields('{"patientId":"P1","time":"2026-11-26T10:00:00Z","type":"rr","intervalsMs":[800,810],"source":"monitor"}')).toEqual({ type: 'rr', patientId: 'P1', time: '2026-11-26T10:00:00Z' });
  });

  it('gives every shard every clock advance, its own patients, and the ward changes', () => {
    const t = (m: number) => `2026-11-26T10:${String(m).padStart(2, '0')}:00.000Z`;
    const text = [
      `{"id":"1","patientId":"A","time":"${t(0)}","type":"vitals","sbp":120}`,
      `{"id":"2","patientId":"B","time":"${t(1)}","type":"vitals","sbp":120}`,
      `{"id":"3","patientId":"A","time":"${t(0)}","type":"vitals","sbp":80}`,
      `{"id":"4","patientId":"B","time":"${t(2)}","type":"thresholds","scope":"ward","wardId":"W","values":{"sbpLow":95},"by":"d","reason":"r"}`,
      `{"type":"tick","time":"${t(5)}"}`,
    ].join('\n');
    const plan = planShards(text, 't', 2);
    if ('reason' in plan) throw new Error(plan.reason);
    expect(plan.items).toBe(5);
    expect([...plan.patientRank]).toEqual([
      ['A', 0],
      ['B', 1],
    ]);
    const steps = (i: number) => Array.from(plan.shards[i].steps);
    const ms = (m: number) => Date.parse(t(m));
    // Item 2 (A, late) does not move the clock; the ward change (item 3) and the tick (item 4) do.
    expect(steps(0)).toEqual([0, STEP_TICK, ms(0), 0, STEP_EVENT, ms(0), 1, STEP_TICK, ms(1), 2, STEP_EVENT, ms(0), 3, STEP_TICK, ms(2), 3, STEP_EVENT, ms(2), 4, STEP_TICK, ms(5)]);
    expect(steps(1)).toEqual([0, STEP_TICK, ms(0), 1, STEP_TICK, ms(1), 1, STEP_EVENT, ms(1), 3, STEP_TICK, ms(2), 3, STEP_EVENT, ms(2), 4, STEP_TICK, ms(5)]);
    expect(Array.from(plan.shards[0].lineNumbers)).toEqual([1, 3, 4]);
    expect(Array.from(plan.shards[1].lineNumbers)).toEqual([2, 4]);
    // Handed over in chunks of 2 items, the pieces add up to the same shards.
    const chunks: ShardInput[][] = [];
    const chunked = planShards(text, 't', 2, { items: 2, send: (c) => chunks.push(c) });
    expect(chunked).toMatchObject({ shards: [], items: 5 });
    expect(chunks).toHaveLength(3);
    for (const i of [0, 1]) {
      expect(chunks.flatMap((c) => Array.from(c[i].steps))).toEqual(steps(i));
      expect(chunks.flatMap((c) => Array.from(c[i].lineNumbers))).toEqual(Array.from(plan.shards[i].lineNumbers));
      expect(chunks.map((c) => c[i].lines).filter(Boolean).join('\n')).toBe(plan.shards[i].lines);
    }
  });

  it('--workers: a number, or auto by stream size', () => {
    expect(workerCount('3', 10)).toBe(3);
    expect(workerCount(undefined, 10)).toBe(1);
    expect(workerCount('auto', 100 * 2 ** 20)).toBeGreaterThanOrEqual(1);
    expect(() => workerCount('0', 10)).toThrow(/--workers must be/);
    expect(() => workerCount('two', 10)).toThrow(/--workers must be/);
  });
});
