import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

/** Polls a /ready URL until 200; its body. */
async function expectReady(url: string, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(url).catch(() => null);
    if (res?.status === 200) return res.json();
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms (last status ${res?.status})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * `npm start` runs the compiled build (dist/node, plain `node`, no runtime transpiler), which serves
 * /ready and /version; and as an operator stops it: a signal to the npm process alone (not its process group)
 * stops the service too, which drains and says so; nothing of it is left running.
 */
describe('npm start', () => {
  it('runs the compiled service, which serves /ready and /version; stops it when the npm process alone is sent SIGTERM', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-npm-start-'));
    // Its own process group, so the test can clean up whatever is left; the signal goes to npm only.
    const npm = spawn('npm', ['start'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: String(port), MLLP_PORT: '0', VIGIL_DATA_DIR: dataDir, DASHBOARD_DIR: '', DATABASE_URL: '', VIGIL_DEMO: '1', VIGIL_DEMO_STREAM: '0' } });
    let out = '';
    npm.stdout!.on('data', (d) => (out += d));
    npm.stderr!.on('data', (d) => (out += d));
    try {
      const deadline = Date.now() + 200_000; // a build on a cold nx cache, then the start
      let servicePid = 0;
      while (!servicePid) {
        if (Date.now() > deadline || npm.exitCode !== null) throw new Error(`the service did not start:\n${out}`);
        servicePid = await fetch(`http://127.0.0.1:${port}/version`).then(
          async (r) => (r.ok ? Number(/"pid":(\d+)/.exec(out)?.[1] ?? -1) : 0),
          () => 0,
        );
        if (!servicePid) await new Promise((r) => setTimeout(r, 300));
      }
      expect(servicePid).toBeGreaterThan(0);
      expect(servicePid).not.toBe(npm.pid);
      // The compiled JavaScript, run by plain node (no @swc-node/register).
      const cmdline = readFileSync(`/proc/${servicePid}/cmdline`, 'utf8').split('\0');
      expect(cmdline).toContain('dist/node/apps/ingest/src/main.js');
      expect(cmdline.join(' ')).not.toContain('swc');
      const ready = await expectReady(`http://127.0.0.1:${port}/ready`, 120_000);
      expect(ready).toMatchObject({ status: 'ready', database: 'pglite' });
      const version = (await (await fetch(`http://127.0.0.1:${port}/version`)).json()) as { name: string; version: string; schemaVersion: string };
      expect(version).toMatchObject({ name: 'vigil', version: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version, schemaVersion: expect.stringMatching(/^\d{14}_/) });

      process.kill(npm.pid!, 'SIGTERM');
      const stopBy = Date.now() + 30_000;
      while (alive(servicePid) && Date.now() < stopBy) await new Promise((r) => setTimeout(r, 200));
      expect({ serviceRunning: alive(servicePid), output: out }).toEqual({ serviceRunning: false, output: expect.stringContaining('Vigil stopped') });
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL'); // only this test's own group
      } catch {
        /* already gone */
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 360_000);
});
