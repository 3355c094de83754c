import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { ClinicalEvent } from '@vigil/contracts';
import { EventStoreService } from './event-store.service';

const ORIGIN = { sender: 'key:k-1', channel: 'rest' as const };
const vitals = (id: string): ClinicalEvent => ({ id, patientId: 'P', time: '2026-11-26T10:00:00.000Z', type: 'vitals', hr: 80 });

/** A fake database that stores ids once, like INSERT … ON CONFLICT (id) DO NOTHING RETURNING id. */
function fakeDb(options: { fail?: boolean; delayMs?: number } = {}) {
  const stored = new Set<string>();
  const statements: string[][] = [];
  let seq = 0;
  const prisma = {
    $queryRawUnsafe: jest.fn(async (_sql: string, json: string) => {
      const rows = (JSON.parse(json) as { e: { id: string }[] }[]).flatMap((g) => g.e);
      statements.push(rows.map((r) => r.id));
      // Big batches take longer, so a later small batch can finish first.
      await new Promise((r) => setTimeout(r, (options.delayMs ?? 1) * (rows.length > 100 ? 10 : 1)));
      if (options.fail) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      const fresh = rows.filter((r) => !stored.has(r.id) && (stored.add(r.id), true));
      return fresh.map((r) => ({ id: r.id, seq: ++seq }));
    }),
  };
  return { prisma, stored, statements };
}

function store(db: ReturnType<typeof fakeDb>) {
  const emitted: string[][] = [];
  const bus = { emit: (_: string, p: { events: ClinicalEvent[] }) => emitted.push(p.events.map((e) => e.id)) } as unknown as EventEmitter2;
  return { service: new EventStoreService(db.prisma as never, bus), emitted };
}

describe('EventStoreService', () => {
  it('group-commits concurrent appends into one statement and answers each caller with its own counts', async () => {
    const db = fakeDb();
    const { service, emitted } = store(db);
    const [a, b, c] = await Promise.all([service.append([vitals('1'), vitals('2')], ORIGIN), service.append([vitals('2'), vitals('3')], ORIGIN), service.append([vitals('1')], ORIGIN)]);
    expect(db.statements).toEqual([['1', '2', '2', '3', '1']]);
    expect([a, b, c]).toEqual([
      { accepted: 2, duplicates: 0 },
      { accepted: 1, duplicates: 1 },
      { accepted: 0, duplicates: 1 },
    ]);
    expect(emitted).toEqual([['1', '2', '3']]);
    const again = await service.append([vitals('3')], ORIGIN);
    expect(again).toEqual({ accepted: 0, duplicates: 1 });
    expect(emitted).toHaveLength(1);
  });

  it('keeps batch order for the rules even when later inserts finish first', async () => {
    const db = fakeDb({ delayMs: 5 });
    const { service, emitted } = store(db);
    const first = service.append(Array.from({ length: 2000 }, (_, i) => vitals(`a${i}`)), ORIGIN);
    await new Promise((r) => setTimeout(r, 5)); // the big batch is on the wire
    const second = service.append([vitals('b0')], ORIGIN);
    await Promise.all([first, second]);
    expect(db.statements.map((s) => s[0])).toEqual(['a0', 'b0']);
    expect(emitted.map((ids) => ids[0])).toEqual(['a0', 'b0']);
  });

  it('rejects every caller of a failed batch with STORE.UNAVAILABLE and emits nothing', async () => {
    const db = fakeDb({ fail: true });
    const { service, emitted } = store(db);
    const results = await Promise.allSettled([service.append([vitals('x')], ORIGIN), service.append([vitals('y')], ORIGIN)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ status: 503, code: 'STORE.UNAVAILABLE' });
    expect(emitted).toEqual([]);
  });

  it('drains everything queued on shutdown', async () => {
    const db = fakeDb();
    const { service } = store(db);
    const pending = service.append([vitals('late')], ORIGIN);
    await service.onApplicationShutdown();
    await expect(pending).resolves.toEqual({ accepted: 1, duplicates: 0 });
  });

  it('isolates an event the database refuses: it alone is refused, the other callers of the batch are stored', async () => {
    const db = fakeDb();
    const inner = db.prisma.$queryRawUnsafe.getMockImplementation()!;
    db.prisma.$queryRawUnsafe.mockImplementation(async (sql: string, json: string) => {
      if (json.includes('poison')) throw new Error('invalid input syntax: unsupported Unicode escape sequence');
      return inner(sql, json);
    });
    const { service, emitted } = store(db);
    const [a, b, c] = await Promise.all([service.append([vitals('1'), vitals('poison')], ORIGIN), service.append([vitals('2')], ORIGIN), service.append([vitals('3')], ORIGIN)]);
    expect(a).toEqual({ accepted: 1, duplicates: 0, refused: [{ id: 'poison', reason: expect.stringMatching(/refused/) }] });
    expect([b, c]).toEqual([
      { accepted: 1, duplicates: 0 },
      { accepted: 1, duplicates: 0 },
    ]);
    expect(emitted.flat().sort()).toEqual(['1', '2', '3']);
  });
});
