import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The monorepo root (apps/cli/test → ../../..). */
export const repoRoot = resolve(__dirname, '../../..');

export interface ServiceProcess {
  url: string;
  mllpPort: number;
  output(): string;
  stop(): Promise<void>;
}

export const freePort = () =>
  new Promise<number>((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => r(p));
    });
  });

/** Starts the real ingest service on a fresh embedded database (demo users and device key, no demo stream). */
export async function startService(env: Record<string, string> = {}): Promise<ServiceProcess> {
  const port = await freePort();
  const mllpPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ingest/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MLLP_PORT: String(mllpPort), VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: '1', VIGIL_DEMO_STREAM: '0', DATABASE_URL: '', DASHBOARD_DIR: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited early:\n${log}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`service did not start in 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    mllpPort,
    output: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
