import { request } from 'node:http';
import { databaseKinds } from './support/test-databases';
import { startTestApp, type TestApp } from './support/test-app';

/** Answers as soon as the server does, having sent only the headers and a first chunk of a large body. */
function postHeadersOnly(url: string, path: string, headers: Record<string, string>, declaredBytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path, method: 'POST', headers: { ...headers, 'content-length': String(declaredBytes) } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    req.write('['.padEnd(1024, ' '));
  });
}

/** Security review finding 9 (issue 17). */
describe.each(databaseKinds)('web hardening on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  }, 180_000);
  afterAll(() => app?.close(), 30_000);

  it('sends security headers (CSP with frame-ancestors, nosniff, Referrer-Policy) and no X-Powered-By', async () => {
    for (const path of ['/health', '/api/wards', '/nope']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('refuses an unauthenticated 9 MB ingest body before reading it', async () => {
    const started = Date.now();
    const r = await postHeadersOnly(app.url, '/api/events', { 'content-type': 'application/json', 'x-api-key': 'not-a-key' }, 9 * 1024 * 1024);
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).code).toBe('AUTH.INVALID_CREDENTIALS');
    const anonymous = await postHeadersOnly(app.url, '/fhir', { 'content-type': 'application/fhir+json' }, 9 * 1024 * 1024);
    expect(anonymous.status).toBe(401);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('answers malformed query strings and URLs with 400, not 500', async () => {
    const token = (await app.login('physician')).token;
    for (const path of [
      '/api/alerts?since=yesterday',
      '/api/alerts?state=active&state=resolved',
      '/api/alerts?wardId=W-DEMO&wardId=W-X',
      '/api/events/export?wardId=W-DEMO&from=not-a-time',
      '/api/events/export?patientId=P-DEMO-01&patientId=P-DEMO-02',
      '/api/patients/P-DEMO-01/observations?from=x',
      '/api/patients/P-DEMO-01/observations?from=a&from=b',
      '/api/patients/%E0%A4%A',
      '/api/alerts?wardId=W-DEMO&state=active,%00pending',
      '/api/patients/P%00X',
      '/api/alerts?since=%ED%A0%80',
    ]) {
      const r = await app.request('GET', path, { token });
      expect([path, r.status]).toEqual([path, 400]);
    }
    // Found by bench:fuzz: a NUL in a login name reached the database as a 500.
    const nul = await app.request('POST', '/api/auth/login', { raw: '{"username":"a\\u0000b","password":"wrong-password"}', contentType: 'application/json' });
    expect(nul.status).toBe(400);
  });
});
