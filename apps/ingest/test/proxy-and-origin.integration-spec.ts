import { request as httpRequest } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { databaseKinds } from './support/test-databases';
import { startTestApp, type TestApp } from './support/test-app';
import { expectEventually } from './support/expect-eventually';

/** The reverse proxy in these tests: the loopback alias 127.0.0.2 (Linux routes all of 127/8 to lo). Plain clients come from 127.0.0.1. */
const PROXY = '127.0.0.2';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/**
 * Issue 17: the live socket refuses foreign browser origins (audited), and X-Forwarded-For is believed
 * only from TRUST_PROXY, so lockout and audit see the client behind nginx and nobody else can pick an address.
 */
describe.each(databaseKinds)('trusted proxies and live-socket origins on %s', (kind) => {
  let app: TestApp;
  let admin: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await startTestApp(kind, { TRUST_PROXY: `${PROXY}/32`, LOGIN_MAX_FAILURES_PER_ADDRESS: '3' });
    admin = (await app.login('admin')).token;
  }, 180_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app?.close();
  }, 30_000);

  /** An HTTP request from a chosen local address (the proxy, or a plain client). */
  const send = (from: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    new Promise<Reply>((resolve, reject) => {
      const { port } = new URL(app.url);
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = httpRequest({ host: '127.0.0.1', port, path, method, localAddress: from, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  const login = (from: string, username: string, password: string, xff?: string) => send(from, 'POST', '/api/auth/login', xff ? { 'x-forwarded-for': xff } : {}, { username, password });
  const auditOf = async (actor: string) => {
    const r = await app.request('GET', '/api/admin/audit?action=auth.login&limit=200', { token: admin });
    return (r.body as { actor: string; address: string; outcome: string }[]).filter((row) => row.actor === actor);
  };

  const live = (token: string | undefined, origin?: string) => {
    const s = io(`${app.url}/live`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: origin ? { origin } : {} });
    sockets.push(s);
    return s;
  };
  const outcome = (s: Socket) => new Promise<string>((resolve) => (s.once('connect', () => resolve('connected')), s.once('connect_error', (e) => resolve(`refused: ${e.message}`))));

  it('refuses a live socket from a foreign browser origin (even with a valid token) and audits it', async () => {
    const nurse = (await app.login('nurse')).token;
    expect(await outcome(live(nurse, 'https://evil.example'))).toMatch(/^refused/);
    expect(await outcome(live(nurse, 'null'))).toMatch(/^refused/);
    // A look-alike of the service's own host on another port is another origin.
    expect(await outcome(live(nurse, `http://127.0.0.1:1`))).toMatch(/^refused/);
    const rows = await expectEventually(async () => {
      const r = await app.request('GET', '/api/admin/audit?action=live.origin_refused&limit=20', { token: admin });
      expect(r.body.length).toBeGreaterThanOrEqual(3);
      return r.body as { outcome: string; address: string; detail: { origin: string } }[];
    });
    expect(rows.map((r) => r.detail.origin)).toEqual(expect.arrayContaining(['https://evil.example', 'null', 'http://127.0.0.1:1']));
    expect(rows[0]).toMatchObject({ outcome: 'refused', address: '127.0.0.1' });
  });

  it("accepts the service's own origin, the dashboard's dev origin, and clients that send no Origin", async () => {
    const nurse = (await app.login('nurse')).token;
    expect(await outcome(live(nurse, new URL(app.url).origin))).toBe('connected');
    expect(await outcome(live(nurse, 'http://localhost:4200'))).toBe('connected');
    expect(await outcome(live(nurse))).toBe('connected');
    // The origin check does not replace the token check.
    expect(await outcome(live(undefined, new URL(app.url).origin))).toMatch(/^refused: sign in/);
  });

  it('behind a trusted proxy, audit and the per-address lockout see the client from X-Forwarded-For', async () => {
    // The client wrote the left part (it proves nothing); our proxy appended the address it saw.
    expect((await login(PROXY, 'xff-a', 'wrong-password', '198.51.100.1, 203.0.113.7')).status).toBe(401);
    expect((await auditOf('anonymous:xff-a'))[0]).toMatchObject({ outcome: 'failed', address: '203.0.113.7' });
    expect((await login(PROXY, 'xff-b', 'wrong-password', '203.0.113.7')).status).toBe(401);
    expect((await login(PROXY, 'xff-c', 'wrong-password', '203.0.113.7')).status).toBe(401);
    // 3 failures from 203.0.113.7 (LOGIN_MAX_FAILURES_PER_ADDRESS=3): that client is locked...
    const locked = await send(PROXY, 'POST', '/api/auth/login', { 'x-forwarded-for': '203.0.113.7' }, { username: 'nurse', password: 'vigil-demo' });
    expect(locked).toMatchObject({ status: 429, body: { code: 'AUTH.LOCKED' } });
    // ...other clients behind the same proxy are not.
    expect((await login(PROXY, 'nurse', 'vigil-demo', '203.0.113.8')).status).toBe(200);
    // A request from the proxy without the header is the proxy's own.
    expect((await login(PROXY, 'xff-d', 'wrong-password')).status).toBe(401);
    expect((await auditOf('anonymous:xff-d'))[0]).toMatchObject({ address: PROXY });
  });

  it('honours X-Forwarded-Proto (HSTS) only from the trusted proxy', async () => {
    const viaProxy = await send(PROXY, 'GET', '/health', { 'x-forwarded-proto': 'https' });
    expect(viaProxy.headers['strict-transport-security']).toMatch(/max-age=/);
    const forged = await send('127.0.0.1', 'GET', '/health', { 'x-forwarded-proto': 'https' });
    expect(forged.headers['strict-transport-security']).toBeUndefined();
  });

  // Last: it locks 127.0.0.1, which the other tests sign in from.
  it("ignores an untrusted sender's X-Forwarded-For: audit records the real peer, and a forged header does not escape the lock", async () => {
    expect((await login('127.0.0.1', 'forger-1', 'wrong-password', '203.0.113.50')).status).toBe(401);
    expect((await auditOf('anonymous:forger-1'))[0]).toMatchObject({ outcome: 'failed', address: '127.0.0.1' });
    expect((await login('127.0.0.1', 'forger-2', 'wrong-password', '203.0.113.51')).status).toBe(401);
    expect((await login('127.0.0.1', 'forger-3', 'wrong-password', '203.0.113.52')).status).toBe(401);
    expect(await login('127.0.0.1', 'nurse', 'vigil-demo', '203.0.113.53')).toMatchObject({ status: 429, body: { code: 'AUTH.LOCKED' } });
  });
});
