import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL server in a temp dir on a free port, for benchmarks (as root it runs as `postgres`). */
export async function startThrowawayPostgres(): Promise<{ url: string; stop(): void }> {
  const base = '/usr/lib/postgresql';
  const version = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!version) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql, or set BENCH_DATABASE_URL');
  const bin = join(base, version, 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-pg-'));
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string) => (asRoot ? execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd], { stdio: 'pipe' }) : execSync(cmd, { stdio: 'pipe' }));
  if (asRoot) {
    const pw = execSync('id -u postgres').toString().trim();
    chownSync(dir, Number(pw), Number(pw));
  }
  run(`${bin}/initdb -D ${dir}/data -U postgres --auth=trust -E UTF8`);
  run(`${bin}/pg_ctl -D ${dir}/data -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1" -l ${dir}/log -w start`);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(`${bin}/pg_ctl -D ${dir}/data -m fast stop`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
