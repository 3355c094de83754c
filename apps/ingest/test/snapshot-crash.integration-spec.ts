import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expectEventually } from './support/expect-eventually';

/**
 * kill -9 of the real service (a child process) in the middle of writing an engine snapshot: the
 * next start restores the previous snapshot, replays the events stored after it, and loses nothing.
 */
const root = resolve(__dirname, '../../..');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

interface Service {
  child: ChildProcess;
  url: string;
  log: string[];
  waitForLog(re: RegExp, timeoutMs?: number): Promise<string>;
}

async function startService(dataDir: string, extra: Record<string, string>): Promise<Service> {
  const port = await freePort();
  const { NODE_OPTIONS: _jestVmFlag, ...inherited } = process.env;
  const env = {
    ...inherited,
    PORT: String(port),
    HOST: '127.0.0.1',
    MLLP_PORT: '0',
    VIGIL_DATA_DIR: dataDir,
    VIGIL_DEMO: '1',
    VIGIL_DEMO_STREAM: '0',
    JWT_SECRET: 'test-secret-test-secret-test-secret',
    LOG_LEVEL: 'log',
    DASHBOARD_DIR: '',
    NO_COLOR: '1',
    VIGIL_SNAPSHOT_EVERY_S: '0',
    ...extra,
  };
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ingest/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (line: string) => void }> = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      log.push(line);
      for (const w of [...waiters]) if (w.re.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const url = `http://127.0.0.1:${port}`;
  const service: Service = {
    child,
    url,
    log,
    waitForLog: (re, timeoutMs = 120_000) => {
      const seen = log.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`no log line ${re} within ${timeoutMs} ms; log:\n${log.slice(-30).join('\n')}`)), timeoutMs);
        waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolvePromise(l)) });
      });
    },
  };
  try {
    await expectEventually(async () => {
      const r = await fetch(`${url}/ready`).catch(() => null);
      expect(r?.status).toBe(200);
    }, 240_000, 200);
  } catch (e) {
    throw new Error(`the service did not become ready (exit code ${child.exitCode}); its log:\n${log.slice(-40).join("\n")}`, { cause: e });
  }
  return service;
}

async function kill9(s: Service): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGKILL');
  await exited;
}

const MIN = 60_000;
const nibp = (id: string, patientId: string, offsetMs: number, sbp: number, map: number) => ({ id, patientId, time: new Date(Date.now() - offsetMs).toISOString(), type: 'vitals', method: 'nibp', sbp, map });

async function post(url: string, events: unknown[]) {
  const r = await fetch(`${url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'demo-device-key' }, body: JSON.stringify(events) });
  expect(r.status).toBeLessThan(300);
}

/** A batch: `n` normal heart-rate readings for P-DEMO-01, then two low NIBP readings raising HYPOTENSION for `patientId`. */
function batch(prefix: string, n: number, patientId: string) {
  const hr = Array.from({ length: n }, (_, i) => ({ id: `${prefix}-hr-${i}`, patientId: 'P-DEMO-01', time: new Date(Date.now() - (n - i) * 5).toISOString(), type: 'vitals', hr: 70 + (i % 10) }));
  // 40 min back, so that the resolving readings can span the 15-min NIBP resolve window (§6.0, §6.1) and still lie in the past.
  return [...hr, nibp(`${prefix}-low-1`, patientId, 40 * MIN, 84, 61), nibp(`${prefix}-low-2`, patientId, 39 * MIN, 83, 60)];
}

async function alertsOf(url: string, patientId: string) {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'physician', password: 'vigil-demo' }) });
  const { token } = (await login.json()) as { token: string };
  const r = await fetch(`${url}/api/alerts?wardId=W-DEMO&patientId=${patientId}&state=active,acknowledged,resolved,pending`, { headers: { authorization: `Bearer ${token}` } });
  const list = (await r.json()) as Array<{ id: string; state: string; rule: string }>;
  const details = await Promise.all(list.map(async (a) => (await (await fetch(`${url}/api/alerts/${encodeURIComponent(a.id)}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string; state: string; history: Array<{ type: string }> }));
  return details;
}

describe('engine snapshots survive kill -9 during a snapshot write', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-snapshot-crash-'));
  let service: Service | undefined;
  afterAll(async () => {
    if (service && service.child.exitCode === null && service.child.signalCode === null) await kill9(service);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('restarts from the previous snapshot, replays only the events after it, and loses nothing', async () => {
    // 1. A first snapshot (S1) covering batch 1, then the service dies (after S1 committed).
    service = await startService(dataDir, { VIGIL_SNAPSHOT_EVERY_EVENTS: '100' });
    await post(service.url, batch('b1', 150, 'P-DEMO-06'));
    await service.waitForLog(/engine snapshot 1 written through seq/);
    await kill9(service);

    // 2. Restart (from S1), store batch 2, and kill -9 while the next snapshot's transaction is open.
    service = await startService(dataDir, { VIGIL_SNAPSHOT_EVERY_EVENTS: '100', VIGIL_SNAPSHOT_WRITE_DELAY_MS: '20000' });
    expect(service.log.some((l) => /restored engine snapshot 1 through seq/.test(l))).toBe(true);
    await post(service.url, batch('b2', 150, 'P-DEMO-05'));
    await service.waitForLog(/writing engine snapshot through seq/);
    await new Promise((r) => setTimeout(r, 500)); // inside the transaction (held open 20 s)
    expect(service.log.some((l) => /engine snapshot 2 written/.test(l))).toBe(false);
    await kill9(service);

    // 3. The next start uses S1 again (S2 never committed) and replays batch 2 from the log.
    service = await startService(dataDir, { VIGIL_SNAPSHOT_EVERY_EVENTS: '0' });
    const restoredLine = await service.waitForLog(/restored engine snapshot \d+ through seq/);
    expect(restoredLine).toMatch(/restored engine snapshot 1 through seq/);
    const ready = (await (await fetch(`${service.url}/ready`)).json()) as { replayedEvents: number };
    expect(ready.replayedEvents).toBeGreaterThanOrEqual(152); // batch 2 (and no more than what followed S1)
    expect(ready.replayedEvents).toBeLessThan(152 + 150);

    // Nothing lost: the alert raised before S1 (held in the snapshot) and the one raised after it
    // (replayed from the log) are both open, raised once, and both resolve on new readings.
    for (const p of ['P-DEMO-06', 'P-DEMO-05']) {
      const alerts = await alertsOf(service.url, p);
      expect(alerts.filter((a) => a.state !== 'resolved')).toHaveLength(1);
    }
    await post(service.url, [nibp('r-06-1', 'P-DEMO-06', 17 * MIN, 118, 82), nibp('r-06-2', 'P-DEMO-06', 1, 119, 83), nibp('r-05-1', 'P-DEMO-05', 17 * MIN, 118, 82), nibp('r-05-2', 'P-DEMO-05', 1, 119, 83)]);
    for (const p of ['P-DEMO-06', 'P-DEMO-05'])
      await expectEventually(async () => {
        const alerts = await alertsOf(service!.url, p);
        expect(alerts).toHaveLength(1);
        expect(alerts[0].state).toBe('resolved');
        expect(alerts[0].history.filter((h) => h.type === 'raised')).toHaveLength(1);
      }, 30_000);
    await kill9(service);
  }, 600_000);
});
