import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { ClinicalEvent } from '@vigil/contracts';
import { EventStoreService } from './event-store.service';
import type { CorrectionOutcome } from './event-corrections.service';

const ORIGIN = { sender: 'key:k-1', channel: 'rest' as const };
const vitals = (id: string, hr = 80): ClinicalEvent => ({ id, patientId: 'P', time: '2026-11-26T10:00:00.000Z', type: 'vitals', hr });

/** A fake database that stores ids once, like INSERT … ON CONFLICT (id, revision) DO NOTHING RETURNING id (revision 0). */
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

/** Decides events whose id is stored: every one a duplicate unless `decide` says otherwise (EventCorrectionsService's shape). */
function fakeCorrections(decide: (e: ClinicalEvent) => CorrectionOutcome = () => ({ kind: 'duplicate' })) {
  const seen: string[][] = [];
  return {
    seen,
    settle: jest.fn(async (items: { event: ClinicalEvent }[]) => {
      seen.push(items.map((i) => i.event.id));
      return items.map((i) => decide(i.event));
    }),
  };
}

function store(db: ReturnType<typeof fakeDb>, corrections = fakeCorrections()) {
  const emitted: string[][] = [];
  const emittedEvents: ClinicalEvent[][] = [];
  const bus = {
    emit: (_: string, p: { events: ClinicalEvent[] }) => {
      emitted.push(p.events.map((e) => e.id));
      emittedEvents.push(p.events);
    },
  } as unknown as EventEmitter2;
  return { service: new EventStoreService(db.prisma as never, bus, corrections as never, { VIGIL_CLUSTER: false } as never), emitted, emittedEvents, corrections };
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

  it('stores a correction (a stored id with new content) as accepted and corrected, and hands it to the rules after the batch\'s new events', async () => {
    const db = fakeDb();
    const corrections = fakeCorrections((e) => ((e as { hr?: number }).hr === 95 ? { kind: 'corrected', revision: 1, seq: 99n } : { kind: 'duplicate' }));
    const { service, emitted, emittedEvents } = store(db, corrections);
    await service.append([vitals('c1')], ORIGIN);
    const r = await service.append([vitals('c1', 95), vitals('c1'), vitals('c2')], ORIGIN);
    expect(r).toEqual({ accepted: 2, corrected: 1, duplicates: 1 });
    expect(corrections.seen).toEqual([['c1', 'c1']]);
    expect(emitted).toEqual([['c1'], ['c2', 'c1']]);
    expect((emittedEvents[1][1] as { hr?: number }).hr).toBe(95);
  });

  it('refuses a correction with the code and path it was refused with; the rest of the request is stored', async () => {
    const db = fakeDb();
    const corrections = fakeCorrections(() => ({ kind: 'refused', code: 'EVENT.CORRECTION_FORBIDDEN', path: 'id', reason: 'sent by another source' }));
    const { service } = store(db, corrections);
    await service.append([vitals('r1')], ORIGIN);
    expect(await service.append([vitals('r1', 70), vitals('r2')], ORIGIN)).toEqual({ accepted: 1, duplicates: 0, refused: [{ id: 'r1', reason: 'sent by another source', code: 'EVENT.CORRECTION_FORBIDDEN', path: 'id' }] });
  });

  it('a version of an id that another batch in flight is storing waits for that batch: the rules get them in log order', async () => {
    const db = fakeDb({ delayMs: 5 });
    const corrections = fakeCorrections(() => ({ kind: 'corrected', revision: 1, seq: 1000n }));
    const { service, emitted, emittedEvents } = store(db, corrections);
    // A big batch (slow) holds o1; a second batch with another o1 is on the wire at the same time and finishes first.
    const first = service.append([...Array.from({ length: 2000 }, (_, i) => vitals(`a${i}`)), vitals('o1')], ORIGIN);
    await new Promise((r) => setTimeout(r, 5));
    const second = service.append([vitals('o1', 99)], ORIGIN);
    const [a, b] = await Promise.all([first, second]);
    // The second batch's o1 was stored first (its statement finished first), so the first batch's o1 is the
    // correction: it is decided, stored and handed to the rules only after the second batch settled.
    expect([a, b]).toEqual([
      { accepted: 2001, corrected: 1, duplicates: 0 },
      { accepted: 1, duplicates: 0 },
    ]);
    expect(corrections.seen).toEqual([['o1']]);
    const o1 = emittedEvents.flat().filter((e) => e.id === 'o1') as { hr?: number }[];
    expect(o1.map((e) => e.hr)).toEqual([99, 80]);
    expect(emitted[0]).not.toContain('o1');
  });
});
