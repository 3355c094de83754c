import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { repoRoot } from './repo-root';

export interface ServiceProcess {
  url: string;
  mllpPort: number;
  pid: number;
  /** Everything the service printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real service the way `npm start` does (its own process, TypeScript through swc), on a
 * fresh embedded database unless `env.DATABASE_URL` names a server; demo ward, users and device key,
 * no demo stream unless `env` turns it on. Resolves once GET /ready answers 200: the API answers
 * 503 SERVICE.STARTING between /health coming up and the rules being rebuilt.
 *
 * The service logs at `env.LOG_LEVEL`, else its own default, never at the test runner's LOG_LEVEL
 * (apps/ingest/jest.setup.cjs makes that `silent`): its output is a buffer tests read, not printed.
 */
export async function startService(env: Record<string, string> = {}, options: { quiet?: boolean; timeoutMs?: number; /** Reuse this data directory (kept on stop), e.g. for a restart. */ dataDir?: string } = {}): Promise<ServiceProcess> {
  const port = await freePort();
  const mllpPort = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-service-'));
  let log = '';
  const { LOG_LEVEL: _runner, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ingest/src/main.ts'], {
    cwd: repoRoot,
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', MLLP_PORT: String(mllpPort), VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: '1', VIGIL_DEMO_FORCE: '1', VIGIL_DEMO_STREAM: '0', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => {
    log += d;
    if (!options.quiet && env['LOG_LEVEL'] === 'error') process.stderr.write(d);
  });
  const url = `http://127.0.0.1:${port}`;
  const timeoutMs = options.timeoutMs ?? 90_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited early:\n${log}`);
    try {
      if ((await fetch(`${url}/ready`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service did not start in ${timeoutMs / 1000} s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    mllpPort,
    pid: child.pid!,
    output: () => log,
    async stop() {
      // A process killed by a signal (a cluster test's SIGKILL) has no exit code, only a signal code.
      const exited = () => child.exitCode !== null || child.signalCode !== null;
      if (!exited()) {
        child.kill('SIGTERM');
        await new Promise((r) => (exited() ? r(null) : child.once('exit', r)));
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
