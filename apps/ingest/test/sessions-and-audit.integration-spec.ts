import * as jwt from 'jsonwebtoken';
import { databaseKinds } from './support/test-databases';
import { startTestApp, type LiveClient, type TestApp } from './support/test-app';
import { PRISMA } from '../src/database/prisma.token';
import type { PrismaClient } from '../src/prisma/generated/client';

const SECRET = 'test-secret-test-secret-test-secret';
const connected = (s: LiveClient) => new Promise<void>((resolve, reject) => (s.once('connect', () => resolve()), s.once('connect_error', reject)));
const refused = (s: LiveClient) => new Promise<string>((resolve) => (s.once('connect', () => resolve('connected')), s.once('connect_error', (e) => resolve(e.message))));
const disconnected = (s: LiveClient) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));

/** Security review findings 7 and 8 (issue 17): brute force, sessions that cannot end, missing audit. */
describe.each(databaseKinds)('sessions, lockout and the security audit on %s', (kind) => {
  let app: TestApp;
  let admin: string;
  const prisma = () => app.running.app.get<PrismaClient>(PRISMA);
  const login = (username: string, password: string) => app.request('POST', '/api/auth/login', { body: { username, password } });
  const createUser = async (username: string, role = 'physician') => {
    const r = await app.request('POST', '/api/admin/users', { token: admin, body: { username, displayName: username, role, wardIds: ['W-DEMO'], password: 'correct-horse-battery' } });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = (await app.login('admin')).token;
  }, 180_000);
  afterAll(() => app?.close(), 30_000);

  it('locks a user after 5 wrong passwords (the right one is then refused with 429), and audits each failure', async () => {
    await createUser('locky');
    for (let i = 0; i < 5; i++) expect((await login('locky', `wrong-${i}`)).status).toBe(401);
    const locked = await app.request('POST', '/api/auth/login', { body: { username: 'locky', password: 'correct-horse-battery' } });
    expect(locked).toMatchObject({ status: 429, body: { code: 'AUTH.LOCKED' } });
    const res = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'locky', password: 'x' }) });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other users are not locked out by it.
    expect((await app.login('physician')).token).toBeTruthy();
    const audit = await app.request('GET', '/api/admin/audit?action=auth.login&limit=50', { token: admin });
    const mine = audit.body.filter((r: { actor: string }) => r.actor === 'anonymous:locky');
    expect(mine.filter((r: { outcome: string }) => r.outcome === 'failed')).toHaveLength(5);
    expect(mine.filter((r: { outcome: string }) => r.outcome === 'refused').length).toBeGreaterThanOrEqual(1);
    expect(mine[0]).toMatchObject({ address: expect.stringMatching(/127\.0\.0\.1|::1/) });
  });

  it('refuses passwords under 12 characters', async () => {
    const r = await app.request('POST', '/api/admin/users', { token: admin, body: { username: 'shorty', displayName: 'S', role: 'nurse', wardIds: [], password: 'elevenchars' } });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ path: 'password' });
  });

  it('logout ends the token and its socket', async () => {
    const s = (await app.login('nurse')).token;
    const socket = app.connectLive(s);
    await connected(socket);
    const gone = disconnected(socket);
    expect((await app.request('POST', '/api/auth/logout', { token: s })).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect((await app.request('GET', '/api/wards', { token: s })).status).toBe(401);
    expect(await refused(app.connectLive(s))).toMatch(/session has ended/);
  });

  it('refuses a correctly signed token without expiry or session, and closes a socket when its token expires', async () => {
    const real = await app.login('physician');
    const claims = jwt.decode(real.token) as jwt.JwtPayload;
    const { exp: _exp, iat: _iat, ...rest } = claims;
    const noExp = jwt.sign(rest, SECRET, { algorithm: 'HS256' });
    expect((await app.request('GET', '/api/wards', { token: noExp })).status).toBe(401);
    const { sid: _sid, ...noSid } = rest;
    expect((await app.request('GET', '/api/wards', { token: jwt.sign(noSid, SECRET, { algorithm: 'HS256', expiresIn: 60 }) })).status).toBe(401);
    const short = jwt.sign(rest, SECRET, { algorithm: 'HS256', expiresIn: 2 });
    const socket = app.connectLive(short);
    await connected(socket);
    const started = Date.now();
    expect(await disconnected(socket)).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('a password change ends the other sessions; the new password works', async () => {
    const id = await createUser('changer');
    const first = (await login('changer', 'correct-horse-battery')).body.token;
    const second = (await login('changer', 'correct-horse-battery')).body.token;
    expect((await app.request('POST', '/api/auth/password', { token: first, body: { currentPassword: 'correct-horse-battery', newPassword: 'short' } })).status).toBe(400);
    expect((await app.request('POST', '/api/auth/password', { token: first, body: { currentPassword: 'nope-nope-nope', newPassword: 'a-new-long-password' } })).status).toBe(403);
    const ok = await app.request('POST', '/api/auth/password', { token: first, body: { currentPassword: 'correct-horse-battery', newPassword: 'a-new-long-password' } });
    expect(ok).toMatchObject({ status: 200, body: { sessionsEnded: 1 } });
    expect((await app.request('GET', '/api/wards', { token: second })).status).toBe(401);
    expect((await app.request('GET', '/api/wards', { token: first })).status).toBe(200);
    expect((await login('changer', 'correct-horse-battery')).status).toBe(401);
    expect((await login('changer', 'a-new-long-password')).status).toBe(200);
    const audit = await app.request('GET', '/api/admin/audit?action=auth.password_change', { token: admin });
    expect(audit.body.map((r: { actor: string; outcome: string }) => [r.actor, r.outcome])).toEqual(expect.arrayContaining([[`user:${id}`, 'ok'], [`user:${id}`, 'failed']]));
  });

  it('an admin disables a user (sessions and sockets end, sign-in refused) and revokes a device key', async () => {
    const id = await createUser('leaver', 'nurse');
    const token = (await login('leaver', 'correct-horse-battery')).body.token;
    const socket = app.connectLive(token);
    await connected(socket);
    const gone = disconnected(socket);
    const nurse = (await app.login('nurse')).token;
    expect((await app.request('POST', `/api/admin/users/${id}/disable`, { token: nurse })).status).toBe(403);
    expect((await app.request('POST', `/api/admin/users/${id}/disable`, { token: admin })).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect((await app.request('GET', '/api/wards', { token })).status).toBe(401);
    expect(await login('leaver', 'correct-horse-battery')).toMatchObject({ status: 403, body: { code: 'AUTH.DISABLED' } });

    const key = await app.request('POST', '/api/admin/api-keys', { token: admin, body: { name: 'old monitor' } });
    const vitals = [{ id: `rk-${kind}`, patientId: 'P-DEMO-01', time: new Date().toISOString(), type: 'vitals', hr: 80 }];
    expect((await app.request('POST', '/api/events', { apiKey: key.body.key, body: vitals })).status).toBe(202);
    expect((await app.request('POST', `/api/admin/api-keys/${key.body.id}/revoke`, { token: admin })).status).toBe(200);
    expect((await app.request('POST', '/api/events', { apiKey: key.body.key, body: vitals })).status).toBe(401);
    const listed = await app.request('GET', '/api/admin/api-keys', { token: admin });
    expect(listed.body.find((k: { id: string }) => k.id === key.body.id).revokedAt).toEqual(expect.any(String));
    expect(JSON.stringify(listed.body)).not.toContain(key.body.key);
  });

  it('audits reads of patient data and exports with who, what and where', async () => {
    const physician = await app.login('physician');
    await app.request('GET', '/api/patients/P-DEMO-01', { token: physician.token });
    await app.request('GET', '/api/patients/P-DEMO-01/observations', { token: physician.token });
    await app.request('GET', '/api/events/export?wardId=W-DEMO', { token: physician.token });
    const audit = await app.request('GET', '/api/admin/audit?limit=500', { token: admin });
    const rows = audit.body as { actor: string; action: string; target: string; address: string; at: string }[];
    for (const [action, target] of [
      ['patient.read', 'patient:P-DEMO-01'],
      ['patient.observations_read', 'patient:P-DEMO-01'],
      ['events.export', 'ward:W-DEMO'],
    ]) {
      expect(rows.find((r) => r.action === action && r.target === target && r.actor === `user:${physician.user.id}`)).toMatchObject({ address: expect.any(String), at: expect.any(String) });
    }
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['auth.login', 'auth.logout', 'admin.user_create', 'admin.user_disable', 'admin.key_create', 'admin.key_revoke']) expect(actions).toContain(a);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on audit rows', async () => {
    const before = await prisma().securityAudit.count();
    expect(before).toBeGreaterThan(0);
    await expect(prisma().$executeRawUnsafe(`UPDATE security_audit SET actor = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(prisma().$executeRawUnsafe(`DELETE FROM security_audit`)).rejects.toThrow(/append-only/);
    await expect(prisma().$executeRawUnsafe(`TRUNCATE security_audit`)).rejects.toThrow(/append-only/);
    await expect(prisma().securityAudit.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await prisma().securityAudit.count()).toBeGreaterThanOrEqual(before);
    expect(await prisma().securityAudit.count({ where: { actor: 'someone-else' } })).toBe(0);
  });
});
