import { databaseKinds } from './support/test-databases';
import { startTestApp, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';

describe.each(databaseKinds)('accounts and device keys on %s (no demo)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { VIGIL_DEMO: '0', VIGIL_ADMIN_PASSWORD: 'first-admin-secret-2026' });
  }, 60_000);
  afterAll(() => app?.close(), 30_000);

  it('bootstraps the admin, who creates a ward nurse and a device key; the nurse sees only her ward', async () => {
    expect((await app.request('POST', '/api/auth/login', { body: { username: 'physician', password: 'vigil-demo' } })).status).toBe(401);
    const admin = await app.request('POST', '/api/auth/login', { body: { username: 'admin', password: 'first-admin-secret-2026' } });
    expect(admin.status).toBe(200);
    const token = admin.body.token as string;

    const weak = await app.request('POST', '/api/admin/users', { token, body: { username: 'n1', displayName: 'N', role: 'nurse', wardIds: ['W-7'], password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].path).toBe('password');
    const created = await app.request('POST', '/api/admin/users', { token, body: { username: 'nurse7', displayName: 'Ward 7 Nurse', role: 'nurse', wardIds: ['W-7'], password: 'ward-seven-pass' } });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('password');

    const key = await app.request('POST', '/api/admin/api-keys', { token, body: { name: 'ward 7 ADT feed', scopes: ['adt'] } });
    expect(key.status).toBe(201);
    const admit = { id: 'adm-7', patientId: 'P-7', time: new Date().toISOString(), type: 'admit', wardId: 'W-7', bed: '1', weightKg: 70 };
    const posted = await app.request('POST', '/api/events', { apiKey: key.body.key, body: [admit] });
    expect(posted).toMatchObject({ status: 202, body: { accepted: 1 } });
    expect((await app.request('POST', '/api/events', { apiKey: 'not-a-key', body: [admit] })).status).toBe(401);

    const nurse = await app.request('POST', '/api/auth/login', { body: { username: 'nurse7', password: 'ward-seven-pass' } });
    const wards = await app.request('GET', '/api/wards', { token: nurse.body.token });
    expect(wards.body.map((w: { id: string }) => w.id)).toEqual(['W-7']);
    const forbidden = await app.request('POST', '/api/admin/users', { token: nurse.body.token, body: {} });
    expect(forbidden).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });
    // Another ward's patient, its trends and its recording are out of reach.
    const other = { id: 'adm-8', patientId: 'P-8', time: new Date().toISOString(), type: 'admit', wardId: 'W-8', bed: '1', weightKg: 80 };
    await app.request('POST', '/api/events', { apiKey: key.body.key, body: [other] });
    const adminView = await expectEventually(async () => {
      const r = await app.request('GET', '/api/patients/P-8', { token });
      expect(r.status).toBe(200);
      return r;
    });
    expect(adminView.body.wardId).toBe('W-8');
    for (const path of ['/api/patients/P-8', '/api/patients/P-8/observations', '/api/events/export?patientId=P-8', '/api/wards/W-8/patients', '/api/alerts?wardId=W-8']) {
      const res = await app.request('GET', path, { token: nurse.body.token });
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'AUTH.WARD_FORBIDDEN']);
    }
    expect((await app.request('GET', '/api/patients/P-7', { token: nurse.body.token })).status).toBe(200);
    const users = await app.request('GET', '/api/admin/users', { token });
    expect(users.body.map((u: { username: string }) => u.username).sort()).toEqual(['admin', 'nurse7']);
    expect(JSON.stringify(users.body)).not.toMatch(/scrypt/);
  });
});
