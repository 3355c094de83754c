import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { PrismaClient } from '../src/prisma/generated/client';
import { PRISMA } from '../src/database/prisma.token';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * GET /api/events/export over a large range: every event of the ward's patients in the range, once,
 * in (time, seq) order, streamed (the first bytes come long before the last) with the service's heap
 * bounded while it streams.
 */
const EVENTS = 120_000;

/** A full GC, so the heap figure is what is live (jest runs without --expose-gc). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('event export streams a large range (PGlite)', () => {
  let app: TestApp | undefined;
  afterAll(async () => {
    await app?.close();
  }, 60_000);

  it('sends every event of the range in (time, seq) order with bounded memory', async () => {
    app = await startTestApp('pglite');
    const prisma = app.running.app.get<PrismaClient>(PRISMA);
    const patients = (await prisma.patient.findMany({ where: { wardId: 'W-DEMO' }, select: { id: true } })).map((p) => p.id);
    expect(patients.length).toBeGreaterThan(3);
    // Stored in an order unlike time order (seq does not follow time), several patients at each instant.
    const list = patients.map((p) => `'${p}'`).join(',');
    await prisma.$executeRawUnsafe(
      `INSERT INTO clinical_event (id, patient_id, time, type, source, payload)
       SELECT 'x-' || g, p, t, 'vitals', 'bench',
              jsonb_build_object('id', 'x-' || g, 'patientId', p, 'time', to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'type', 'vitals', 'hr', 60 + g % 40)
       FROM (SELECT g, (ARRAY[${list}])[1 + g % ${patients.length}] AS p,
                    timestamptz '2026-11-01T00:00:00Z' + ((g * 7919) % ${EVENTS} / 3) * interval '1 second' AS t
             FROM generate_series(1, ${EVENTS}) AS g) s`,
    );
    const from = '2026-11-01T00:00:00.000Z';
    const to = '2026-11-02T00:00:00.000Z';
    const expected = await prisma.clinicalEvent.count({ where: { patientId: { in: patients }, time: { gte: new Date(from), lte: new Date(to) } } });
    expect(expected).toBeGreaterThan(EVENTS / 2);

    const physician = await app.login('physician');
    const gc = collector();
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    let peakHeap = heap0;
    const sampler = setInterval(() => {
      gc();
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 250);
    const t0 = Date.now();
    const res = await fetch(`${app.url}/api/events/export?wardId=W-DEMO&from=${from}&to=${to}`, { headers: { authorization: `Bearer ${physician.token}` } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let rest = '';
    let count = 0;
    let lastTime = '';
    let firstByteMs = -1;
    const ids = new Set<string>();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (firstByteMs < 0) firstByteMs = Date.now() - t0;
      const lines = (rest + decoder.decode(value, { stream: true })).split('\n');
      rest = lines.pop()!;
      for (const l of lines) {
        const e = JSON.parse(l) as { id: string; time: string };
        expect(e.time >= lastTime).toBe(true);
        lastTime = e.time;
        ids.add(e.id);
        count++;
      }
    }
    clearInterval(sampler);
    const totalMs = Date.now() - t0;
    expect(rest).toBe('');
    expect(count).toBe(expected);
    expect(ids.size).toBe(expected);
    // Streamed: the first rows arrive long before the last.
    expect(firstByteMs).toBeLessThan(totalMs / 3);
    // Bounded: live heap while streaming is a page per patient, one chunk and this test's id set, not the range.
    expect(peakHeap - heap0).toBeLessThan(48 * 2 ** 20);
  }, 300_000);
});
