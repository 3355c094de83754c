import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, startService, type ServiceProcess } from '@vigil/testing';

const DEVICE_KEY = 'demo-device-key';

/** POSTs events with the demo device key; the status, or 0 when the connection was refused or cut. */
async function post(url: string, events: object[]): Promise<{ status: number; body?: { accepted: number; duplicates: number } }> {
  try {
    const res = await fetch(`${url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': DEVICE_KEY }, body: JSON.stringify(events) });
    return { status: res.status, body: res.status === 202 ? ((await res.json()) as { accepted: number; duplicates: number }) : undefined };
  } catch {
    return { status: 0 };
  }
}

/** The service as an operator runs it: its own process on the embedded database, stopped by a signal. */
describe('service lifecycle (own processes, embedded database)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-lifecycle-'));
  const services: ServiceProcess[] = [];
  afterAll(async () => {
    for (const s of services) await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('a second instance on the same data directory exits with a clear message; SIGTERM under load loses no acknowledged event', async () => {
    const first = await startService({}, { dataDir, timeoutMs: 120_000 });
    services.push(first);

    // A second service on the same directory is refused at start, saying why and what to do.
    const second = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ingest/src/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'log', PORT: '0', MLLP_PORT: '0', VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: '1', VIGIL_DEMO_STREAM: '0', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let secondOut = '';
    second.stdout.on('data', (d) => (secondOut += d));
    second.stderr.on('data', (d) => (secondOut += d));
    const secondCode = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(secondCode).toBe(1);
    expect(secondOut).toContain(`the data directory ${dataDir} is in use by another Vigil (pid ${first.pid})`);
    expect(secondOut).not.toMatch(/^\s+at /m); // a message, not a stack trace

    // Logs: one JSON object per line (not a terminal), an access line per request with the request id
    // the client sent (echoed back) and the route pattern, never the URL with the patient's id.
    const token = ((await (await fetch(`${first.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nurse', password: 'vigil-demo' }) })).json()) as { token: string }).token;
    const traced = await fetch(`${first.url}/api/patients/P-DEMO-01`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'trace-lifecycle-1' } });
    expect(traced.status).toBe(200);
    expect(traced.headers.get('x-request-id')).toBe('trace-lifecycle-1');
    expect((await fetch(`${first.url}/version`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 300));
    const lines = first.output().split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(5);
    const entries = lines.map((l) => JSON.parse(l) as { level: number; msg: string; req?: { id: string }; route?: string; responseTime?: number });
    const access = entries.find((e) => e.req?.id === 'trace-lifecycle-1' && e.route);
    expect(access).toMatchObject({ level: 30, route: '/api/patients/:id', res: { statusCode: 200 }, responseTime: expect.any(Number) });
    expect(entries.filter((e) => e.level >= 30).map((e) => JSON.stringify(e)).join('\n')).not.toContain('P-DEMO-01');
    expect(first.output()).not.toContain('\u001b['); // no ANSI colour codes in a file

    // Load from 8 clients; SIGTERM once some are acknowledged; keep sending until the service is gone.
    const acked: object[] = [];
    let n = 0;
    let running = true;
    const lanes = Array.from({ length: 8 }, async (_, lane) => {
      while (running) {
        const batch = Array.from({ length: 25 }, () => ({ id: `lifecycle-${lane}-${n++}`, patientId: 'P-DEMO-01', time: new Date().toISOString(), type: 'vitals', hr: 70 + (n % 30) }));
        const res = await post(first.url, batch);
        if (res.status === 202) acked.push(...batch);
        else await new Promise((r) => setTimeout(r, 20));
      }
    });
    while (acked.length < 1_000) await new Promise((r) => setTimeout(r, 20));
    await first.stop(); // SIGTERM, then waits for the process to exit
    running = false;
    await Promise.all(lanes);
    expect(first.output()).toContain('SIGTERM received: stopping');
    expect(first.output()).toMatch(/drained in \d+ ms/);
    expect(first.output()).toContain('Vigil stopped');

    // Restarted on the same directory (the lock was released): every acknowledged event is there,
    // so sending them again stores nothing new.
    const again = await startService({}, { dataDir, timeoutMs: 120_000 });
    services.push(again);
    let duplicates = 0;
    for (let i = 0; i < acked.length; i += 2_000) {
      const res = await post(again.url, acked.slice(i, i + 2_000));
      expect(res.status).toBe(202);
      expect(res.body!.accepted).toBe(0);
      duplicates += res.body!.duplicates;
    }
    expect(duplicates).toBe(acked.length);
  }, 300_000);
});
