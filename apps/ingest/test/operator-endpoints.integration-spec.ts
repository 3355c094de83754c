import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrismaClient } from '../src/prisma/generated/client';
import { PRISMA } from '../src/database/prisma.token';
import { readMigrations } from '../src/database/migration-files';
import { databaseKinds } from './support/test-databases';
import { startTestApp, type TestApp } from './support/test-app';

/** What an operator, a probe or a scraper reads: /version, /ready, and JSON 404s where the dashboard is not. */
if (typeof describe !== 'undefined') describe.each(databaseKinds)('operator endpoints on %s', (kind) => {
  const dashboardDir = mkdtempSync(join(tmpdir(), 'vigil-dash-'));
  writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html><title>Vigil</title>');
  writeFileSync(join(dashboardDir, 'app.js'), 'console.log(1)');
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { DASHBOARD_DIR: dashboardDir, VIGIL_COMMIT: 'abc1234def' });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dashboardDir, { recursive: true, force: true });
  }, 60_000);

  it('GET /version names the version, the source commit and the schema version', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    const res = await app.request('GET', '/version');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'vigil', version: pkg.version, commit: 'abc1234def', schemaVersion: readMigrations().at(-1)!.name, node: process.version });
  });

  it('serves the dashboard at / and its files, and a JSON 404 everywhere else (never the app shell)', async () => {
    const shell = await fetch(`${app.url}/`);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<title>Vigil</title>');
    expect((await fetch(`${app.url}/app.js`)).status).toBe(200);
    for (const path of ['/api/nope', '/api/patients/x/y/z', '/healthz', '/health/live', '/docs', '/openapi.json', '/metrics/x', '/ward/W-DEMO', '/fhir/Nothing']) {
      const res = await fetch(`${app.url}${path}`);
      expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({ path, status: 404, type: expect.stringContaining('application/json') });
      expect(await res.json()).toMatchObject({ code: 'ROUTE.NOT_FOUND' });
    }
  });

  it('GET /ready is 503 while a migration this build ships is not applied, naming it', async () => {
    expect((await app.request('GET', '/ready')).status).toBe(200);
    const prisma = app.running.app.get<PrismaClient>(PRISMA);
    const latest = readMigrations().at(-1)!.name;
    await prisma.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1`, latest);
    try {
      const res = await app.request('GET', '/ready');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'migrations pending', ready: false, pendingMigrations: [latest] });
    } finally {
      await prisma.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE migration_name = $1`, latest);
    }
    expect((await app.request('GET', '/ready')).status).toBe(200);
  });
});
