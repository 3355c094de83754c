import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { ErrorCodes } from '@vigil/contracts';
import type { PrismaClient } from '../src/prisma/generated/client';
import { PRISMA } from '../src/database/prisma.token';
import { MllpServer } from '../src/mllp/mllp.server';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type TestApp } from './support/test-app';

/**
 * Stores a history straight into the log, as years of use would leave it: six admitted patients of
 * the demo ward, then `count` vitals events spread over them, 100 ms apart, in effective-time order.
 */
export async function storeHistory(prisma: PrismaClient, count: number, prefix: string): Promise<void> {
  const iso = (t: string) => `to_char((${t}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const start = `now() - interval '1 second' * (${count} / 10 + 60)`;
  await prisma.$executeRawUnsafe(
    `INSERT INTO clinical_event (id, patient_id, time, type, source, payload)
     SELECT '${prefix}-admit-' || p, '${prefix}-P' || p, ${start}, 'admit', 'history',
            jsonb_build_object('id', '${prefix}-admit-' || p, 'patientId', '${prefix}-P' || p, 'time', ${iso(start)}, 'type', 'admit', 'wardId', 'W-DEMO', 'bed', 'H' || p)
     FROM generate_series(0, 5) AS p`,
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO clinical_event (id, patient_id, time, type, source, payload)
     SELECT '${prefix}-' || g, '${prefix}-P' || (g % 6), t, 'vitals', 'history',
            jsonb_build_object('id', '${prefix}-' || g, 'patientId', '${prefix}-P' || (g % 6), 'time', ${iso('t')}, 'type', 'vitals', 'hr', 70 + g % 20, 'spo2', 97, 'rr', 16)
     FROM (SELECT g, ${start} + interval '1 second' + g * interval '100 milliseconds' AS t FROM generate_series(1, ${count}) AS g) s`,
  );
}

if (typeof describe !== "undefined") describe.each(databaseKinds)('readiness on %s: nothing accepts work before the rules are rebuilt', (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-ready-'));
  let app: TestApp | undefined;
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('answers /health at once, /ready 503, ingest 503 SERVICE.STARTING, no MLLP port and no sockets until ready; then all of them', async () => {
    const env = { VIGIL_DATA_DIR: dataDir, MLLP_EPHEMERAL: '1' };
    app = await startTestApp(kind, env);
    await storeHistory(app.running.app.get<PrismaClient>(PRISMA), 50_000, `ready-${kind}`);
    const db = app.db;
    await app.close({ keepDatabase: true });

    app = await startTestApp(kind, env, db, { waitForReady: false });
    // The socket is opened first, alongside the requests: on a fast machine the rebuild of the history
    // can finish before a socket opened after them would reach the readiness check.
    const socket = io(`${app.url}/live`, { auth: { token: 'x' }, transports: ['websocket'], reconnection: false, forceNew: true });
    const refusedSocket = new Promise<{ data?: { code?: string } }>((resolve) => socket.on('connect_error', (e) => resolve(e as { data?: { code?: string } })));
    const started = await app.request('GET', '/ready');
    expect(started.status).toBe(503);
    expect(started.body).toMatchObject({ status: 'starting', ready: false });
    expect((await app.request('GET', '/health')).status).toBe(200);
    const post = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [{ id: `early-${kind}`, patientId: 'P-DEMO-01', time: new Date().toISOString(), type: 'vitals', hr: 80 }] });
    expect(post.status).toBe(503);
    expect(post.body.code).toBe(ErrorCodes.ServiceStarting);
    expect(app.running.app.get(MllpServer).port).toBe(0);
    const refused = await refusedSocket;
    socket.disconnect();
    expect(refused.data?.code).toBe(ErrorCodes.ServiceStarting);

    await app.running.ready;
    const ready = await app.request('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', ready: true });
    expect(ready.body.replayedEvents).toBeGreaterThanOrEqual(50_000);
    expect(app.running.app.get(MllpServer).port).toBeGreaterThan(0);
    const later = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [{ id: `later-${kind}`, patientId: 'P-DEMO-01', time: new Date().toISOString(), type: 'vitals', hr: 80 }] });
    expect(later.status).toBeLessThan(300);
  }, 300_000);
});
