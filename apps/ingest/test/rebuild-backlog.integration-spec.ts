import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrismaClient } from '../src/prisma/generated/client';
import { PRISMA } from '../src/database/prisma.token';
import { DEVICE_KEY, startTestApp, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';

/**
 * A crash between storing events and persisting their alerts leaves transitions the log implies but
 * the alert table lacks; the rebuild persists them. A large backlog used to go into one interactive
 * transaction that outlived its timeout, so the service never became ready. Here 1,200 alerts are
 * missing after a restart: the service must become ready with every one of them recorded once.
 */
const PATIENTS = 1_200;
const patientIds = Array.from({ length: PATIENTS }, (_, i) => `P-BACKLOG-${String(i).padStart(4, '0')}`);
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe('rebuild with a large backlog of unrecorded alert transitions (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-backlog-'));
  let app: TestApp | undefined;
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const alertCount = (prisma: PrismaClient) => prisma.alert.count({ where: { patientId: { startsWith: 'P-BACKLOG-' } } });

  it('persists every missing transition in bounded transactions and becomes ready', async () => {
    // Snapshots off: the restart must replay the whole log and find every alert missing.
    const env = { VIGIL_DATA_DIR: dataDir, VIGIL_SNAPSHOT_EVERY_EVENTS: '0', VIGIL_SNAPSHOT_EVERY_S: '0', VIGIL_PERSIST_CHUNK: '100' };
    app = await startTestApp('pglite', env);
    const admin = await app.login('admin');
    const admits = patientIds.map((p, i) => ({ id: `${p}-admit`, patientId: p, time: minutesAgo(30), type: 'admit', wardId: 'W-DEMO', bed: `B${i}`, weightKg: 70 }));
    expect((await app.request('POST', '/api/events', { token: admin.token, body: admits })).status).toBeLessThan(300);
    const lows = patientIds.flatMap((p) => [
      { id: `${p}-low-1`, patientId: p, time: minutesAgo(6), type: 'vitals', method: 'nibp', sbp: 84, map: 61 },
      { id: `${p}-low-2`, patientId: p, time: minutesAgo(5), type: 'vitals', method: 'nibp', sbp: 83, map: 60 },
    ]);
    expect((await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: lows })).status).toBeLessThan(300);
    let prisma = app.running.app.get<PrismaClient>(PRISMA);
    await expectEventually(async () => expect(await alertCount(prisma)).toBe(PATIENTS), 120_000, 500);

    // The crash window: the events are in the log, their alerts never reached the alert table.
    await prisma.alertEvent.deleteMany({ where: { patientId: { startsWith: 'P-BACKLOG-' } } });
    await prisma.alert.deleteMany({ where: { patientId: { startsWith: 'P-BACKLOG-' } } });
    await app.close({ keepDatabase: true });

    app = await startTestApp('pglite', env, app.db);
    prisma = app.running.app.get<PrismaClient>(PRISMA);
    expect((await app.request('GET', '/ready')).status).toBe(200);
    expect(await alertCount(prisma)).toBe(PATIENTS);
    // Each recovered alert has exactly one audit row (its replayed last transition), none twice.
    const audits = await prisma.alertEvent.groupBy({ by: ['alertId'], where: { patientId: { startsWith: 'P-BACKLOG-' } }, _count: { _all: true } });
    expect(audits).toHaveLength(PATIENTS);
    expect(audits.every((a) => a._count._all === 1)).toBe(true);
  }, 400_000);
});
