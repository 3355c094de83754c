import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from '@vigil/testing';

export { cpuSeconds, freePort } from '@vigil/testing';

/** Starts a TypeScript entry point in its own process and waits until GET /health answers. */
export async function startProcess(script: string, env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', script], { cwd: repoRoot, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      if (r.ok) return child;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${script} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

