import { Client } from 'pg';
import { pgConfigFromUrl } from '../src/database/database-connection';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';

// An outage needs a server to take away; embedded PGlite cannot become unreachable. CI sets TEST_DATABASE_URL.
const withServer = databaseKinds.includes('postgresql');
(withServer ? describe : describe.skip)('ingest while PostgreSQL is unreachable (needs TEST_DATABASE_URL)', () => {
  let app: TestApp;
  let admin: Client;
  let dbName: string;
  beforeAll(async () => {
    app = await startTestApp('postgresql');
    dbName = new URL(app.db.url!).pathname.slice(1);
    admin = new Client(pgConfigFromUrl(process.env['TEST_DATABASE_URL']!));
    await admin.connect();
  }, 60_000);
  afterAll(async () => {
    await admin?.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin?.end();
    await app?.close();
  }, 30_000);

  const vitals = (id: string) => ({ id, patientId: 'P-DEMO-01', time: new Date().toISOString(), type: 'vitals', hr: 77 });

  it('answers 503 and stores nothing it cannot commit, then resumes by itself', async () => {
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
    const down = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [vitals('outage-1')] });
    expect(down).toMatchObject({ status: 503, body: { code: 'STORE.UNAVAILABLE' } });
    // Liveness stays up (restarting the process would not bring the database back); readiness says why not.
    expect(await app.request('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await app.request('GET', '/ready')).toMatchObject({ status: 503, body: { ready: false } });

    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    const up = await expectEventually(async () => {
      const r = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [vitals('outage-2')] });
      expect(r.status).toBe(202);
      return r;
    }, 20_000, 500);
    expect(up.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const c = new Client(pgConfigFromUrl(app.db.url!));
    await c.connect();
    const rows = (await c.query(`SELECT id FROM clinical_event WHERE id LIKE 'outage-%' ORDER BY id`)).rows;
    await c.end();
    expect(rows).toEqual([{ id: 'outage-2' }]);
  }, 60_000);
});
