import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseKinds } from './support/test-databases';
import { DEVICE_KEY, startTestApp, type TestApp } from './support/test-app';

/** Security review finding 3 (issue 17): demo credentials that outlive the demo, placeholder secrets, a silent admin bootstrap. */
describe.each(databaseKinds)('production defaults on %s', (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-defaults-'));
  let app: TestApp | undefined;
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('a database once run as the demo loses the demo logins and key when the demo is off; VIGIL_ADMIN_PASSWORD creates the admin', async () => {
    app = await startTestApp(kind, { VIGIL_DATA_DIR: dataDir });
    expect((await app.request('POST', '/api/auth/login', { body: { username: 'admin', password: 'vigil-demo' } })).status).toBe(200);
    const db = app.db;
    await app.close({ keepDatabase: true });

    app = await startTestApp(kind, { VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: '0', VIGIL_ADMIN_PASSWORD: 'a-real-admin-password' }, db);
    for (const username of ['physician', 'nurse', 'admin']) {
      const r = await app.request('POST', '/api/auth/login', { body: { username, password: 'vigil-demo' } });
      expect([username, r.status]).toEqual([username, 401]);
    }
    const device = await app.request('POST', '/api/events', { apiKey: DEVICE_KEY, body: [{ id: `d-${kind}`, patientId: 'P-DEMO-01', time: new Date().toISOString(), type: 'vitals', hr: 80 }] });
    expect(device.status).toBe(401);
    expect((await app.request('POST', '/api/auth/login', { body: { username: 'admin', password: 'a-real-admin-password' } })).status).toBe(200);
  }, 90_000);

  it('refuses to start with a placeholder secret, and with the demo on a database server unless forced', async () => {
    await expect(startTestApp(kind, { JWT_SECRET: 'change-me-to-a-long-random-string' })).rejects.toThrow(/JWT_SECRET is a known placeholder/);
    if (kind === 'postgresql') await expect(startTestApp(kind, { VIGIL_DEMO_FORCE: '0' })).rejects.toThrow(/VIGIL_DEMO with DATABASE_URL/);
  });
});
