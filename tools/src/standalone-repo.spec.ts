import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

// semver comes with npm's own toolchain (nx, eslint, jest depend on it); only these two calls are used.
const semver = createRequire(__filename)('semver') as { satisfies(version: string, range: string): boolean; minVersion(range: string): { version: string } | null };

/**
 * The repository stands on its own (issue 19): nothing tracked reads the team workspace beside it, and
 * the Node version the README promises satisfies what the lockfile installs.
 */
const root = resolve(__dirname, '../..');

describe('a clone needs nothing beside it', () => {
  it('no tracked file outside .ci/ refers to the team folder beside the checkout (fixtures/ and data:fetch replace it)', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const self = 'tools/src/standalone-repo.spec.ts';
    const pattern = new RegExp(['\\.\\.', 'shared'].join('/'));
    const offenders = files
      .filter((f) => !f.startsWith('.ci/') && f !== self && !/\.(gz|atr|png|ico|woff2?)$/.test(f))
      .flatMap((f) => {
        let text: string;
        try {
          text = readFileSync(join(root, f), 'utf8');
        } catch {
          return []; // deleted in the working tree
        }
        return text.split('\n').flatMap((line, i) => (pattern.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : []));
      });
    expect(offenders).toEqual([]);
  });
});

describe('Node engines', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
  /**
   * Packages allowed to ask for a newer Node, and why that is safe. @prisma/streams-local (Node ≥ 22 and
   * Bun) is only loaded by `prisma dev`, the Prisma CLI's local database server, which Vigil never runs
   * (it uses PGlite or PostgreSQL); npm prints one EBADENGINE warning for it and installs it anyway.
   */
  const EXCEPTIONS: Record<string, string> = { 'node_modules/@prisma/streams-local': 'only `prisma dev` loads it' };

  it('the lowest Node the README and package.json promise satisfies every locked package but the documented exceptions', () => {
    const lowest = semver.minVersion(pkg.engines.node)?.version ?? '';
    expect(lowest).toBe('20.19.0');
    const needsNewer = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && typeof p.engines.node === 'string')
      .filter(([, p]) => !semver.satisfies(lowest, (p.engines as { node: string }).node))
      .map(([name, p]) => `${name} ${(p.engines as { node: string }).node}`);
    expect(needsNewer.filter((n) => !(n.split(' ')[0] in EXCEPTIONS))).toEqual([]);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('Node.js 20.19+');
  });
});
