import { io, type Socket } from 'socket.io-client';
import { startService, type ServiceProcess } from '@vigil/testing';
import { databaseKinds } from './support/test-databases';
import { startTestApp, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';

/** How stale a node's view of sessions and keys may be in this suite. */
const RECHECK_MS = 500;
/** Revocation must reach the other node within the recheck period plus scheduling slack (loaded CI machine). */
const BOUND_MS = RECHECK_MS + 2_500;
const SECRET = 'test-secret-test-secret-test-secret';

// Several nodes need one database server: embedded PGlite belongs to one process. CI sets TEST_DATABASE_URL.
const withServer = databaseKinds.includes('postgresql');

/**
 * Issue 17 for a cluster (issue 21): sessions, device keys and lockouts live in the database, so a
 * logout, revoke, disable or lock on node A holds on node B: two service processes, one PostgreSQL.
 */
(withServer ? describe : describe.skip)('revocation and lockout across two nodes on one PostgreSQL (needs TEST_DATABASE_URL)', () => {
  let a: TestApp;
  let b: ServiceProcess;
  let admin: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    a = await startTestApp('postgresql', { REVOCATION_CHECK_MS: String(RECHECK_MS) });
    // Node B: its own process (the service as `npm start` runs it) on the same database and secret.
    b = await startService({ DATABASE_URL: a.db.url!, JWT_SECRET: SECRET, REVOCATION_CHECK_MS: String(RECHECK_MS), LOG_LEVEL: 'warn', MLLP_PORT: '0' }, { timeoutMs: 150_000 });
    admin = (await a.login('admin')).token;
  }, 240_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await b?.stop();
    await a?.close();
  }, 60_000);

  const onB = async (method: string, path: string, options: { token?: string; apiKey?: string; body?: unknown } = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    const res = await fetch(`${b.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const liveOnB = (token: string) => {
    const s = io(`${b.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    return s;
  };
  const connected = (s: Socket) => new Promise<void>((resolve, reject) => (s.once('connect', () => resolve()), s.once('connect_error', reject)));
  const closed = (s: Socket) =>
    new Promise<{ reason: string; at: number; notice?: { code: string } }>((resolve) => {
      let notice: { code: string } | undefined;
      s.once('session_ended' as never, ((n: { code: string }) => (notice = n)) as never);
      s.once('disconnect', (reason) => resolve({ reason, at: Date.now(), notice }));
    });

  it('a logout on node A is refused on node B within the recheck period, and B closes the open socket', async () => {
    const nurse = (await a.login('nurse')).token;
    // B knows the session (read from the database) and has cached it as active.
    expect((await onB('GET', '/api/wards', { token: nurse })).status).toBe(200);
    const socket = liveOnB(nurse);
    await connected(socket);
    const gone = closed(socket);
    const started = Date.now();
    expect((await a.request('POST', '/api/auth/logout', { token: nurse })).status).toBe(200);
    await expectEventually(async () => expect((await onB('GET', '/api/wards', { token: nurse })).status).toBe(401), BOUND_MS, 50);
    const refusedAfter = Date.now() - started;
    const end = await gone;
    expect(end.reason).toBe('io server disconnect');
    expect(end.notice).toMatchObject({ code: 'AUTH.REQUIRED' });
    expect(refusedAfter).toBeLessThan(BOUND_MS);
    expect(end.at - started).toBeLessThan(BOUND_MS);
  });

  it("an admin's revoke and a user disable on node A end the user's sessions and sockets on node B", async () => {
    const created = await a.request('POST', '/api/admin/users', { token: admin, body: { username: 'cluster-doc', displayName: 'Dr Cluster', role: 'physician', wardIds: ['W-DEMO'], password: 'correct-horse-battery' } });
    expect(created.status).toBe(201);
    const signIn = async () => (await onB('POST', '/api/auth/login', { body: { username: 'cluster-doc', password: 'correct-horse-battery' } })).body.token as string;
    // Signed in on B, revoked from A.
    const first = await signIn();
    const socket = liveOnB(first);
    await connected(socket);
    const gone = closed(socket);
    expect((await a.request('POST', `/api/admin/users/${created.body.id}/revoke-sessions`, { token: admin })).body).toMatchObject({ sessionsEnded: 1 });
    expect((await gone).reason).toBe('io server disconnect');
    await expectEventually(async () => expect((await onB('GET', '/api/wards', { token: first })).status).toBe(401), BOUND_MS, 50);
    // Signed in again on B, disabled on A: token, socket and sign-in all refused on B.
    const second = await signIn();
    const again = liveOnB(second);
    await connected(again);
    const goneAgain = closed(again);
    expect((await a.request('POST', `/api/admin/users/${created.body.id}/disable`, { token: admin })).status).toBe(200);
    expect((await goneAgain).reason).toBe('io server disconnect');
    await expectEventually(async () => expect((await onB('GET', '/api/wards', { token: second })).status).toBe(401), BOUND_MS, 50);
    expect((await onB('POST', '/api/auth/login', { body: { username: 'cluster-doc', password: 'correct-horse-battery' } })).body).toMatchObject({ code: 'AUTH.DISABLED' });
  });

  it('a device key revoked on node A is refused on node B within the recheck period', async () => {
    const key = await a.request('POST', '/api/admin/api-keys', { token: admin, body: { name: 'bed 3 monitor' } });
    expect(key.status).toBe(201);
    const vitals = (id: string) => [{ id, patientId: 'P-DEMO-01', time: new Date().toISOString(), type: 'vitals', hr: 80 }];
    expect((await onB('POST', '/api/events', { apiKey: key.body.key, body: vitals('cluster-key-1') })).status).toBeLessThan(300);
    const started = Date.now();
    expect((await a.request('POST', `/api/admin/api-keys/${key.body.id}/revoke`, { token: admin })).status).toBe(200);
    let n = 2;
    await expectEventually(async () => expect((await onB('POST', '/api/events', { apiKey: key.body.key, body: vitals(`cluster-key-${n++}`) })).status).toBe(401), BOUND_MS, 50);
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
  });

  it('failed sign-ins on node A lock the user on node B (429 even with the right password)', async () => {
    const created = await a.request('POST', '/api/admin/users', { token: admin, body: { username: 'cluster-nurse', displayName: 'N', role: 'nurse', wardIds: ['W-DEMO'], password: 'correct-horse-battery' } });
    expect(created.status).toBe(201);
    for (let i = 0; i < 4; i++) expect((await a.request('POST', '/api/auth/login', { body: { username: 'cluster-nurse', password: `wrong-${i}` } })).status).toBe(401);
    // The fifth failure, on B, counts with A's four.
    expect((await onB('POST', '/api/auth/login', { body: { username: 'cluster-nurse', password: 'wrong-4' } })).status).toBe(401);
    expect(await a.request('POST', '/api/auth/login', { body: { username: 'cluster-nurse', password: 'correct-horse-battery' } })).toMatchObject({ status: 429, body: { code: 'AUTH.LOCKED' } });
    expect(await onB('POST', '/api/auth/login', { body: { username: 'cluster-nurse', password: 'correct-horse-battery' } })).toMatchObject({ status: 429, body: { code: 'AUTH.LOCKED' } });
  });
});
