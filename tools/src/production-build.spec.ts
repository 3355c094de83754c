import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/**
 * The production build (issue 23, item 5): the service and CLI compile to JavaScript and run with
 * plain node; what only builds them is a devDependency; the image's runtime stage installs
 * production dependencies only and runs as a non-root user. (npm-start.spec starts the compiled
 * service and reads /ready and /version.)
 */
describe('production build', () => {
  it('keeps build tools out of the production dependencies', () => {
    for (const tool of ['typescript', 'vite', '@vitejs/plugin-react', '@swc/core', '@swc-node/register', 'nx', 'prisma', 'react', 'react-dom', 'recharts']) {
      expect({ tool, inDependencies: tool in pkg.dependencies }).toEqual({ tool, inDependencies: false });
    }
    expect(pkg.devDependencies['@swc/core']).toBeDefined();
  });

  it('compiles the CLI to JavaScript that runs with plain node (vigil --version)', () => {
    execFileSync(process.execPath, ['scripts/build-node.cjs', 'cli'], { cwd: root, stdio: 'pipe' });
    const out = execFileSync(process.execPath, ['dist/node/apps/cli/src/main.js', '--version'], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(out).toMatch(new RegExp(`^vigil ${pkg['version' as never]} \\(commit \\S+, node v`));
  });

  it('leaves no compiled library file whose source is gone (a renamed or deleted file, a removed folder)', () => {
    const stale = ['dist/node/libs/contracts/src/lib/renamed-away.js', 'dist/node/libs/contracts/src/lib/renamed-away.js.map', 'dist/node/libs/rules/src/removed-folder/gone.js'];
    for (const f of stale) {
      mkdirSync(join(root, f, '..'), { recursive: true });
      writeFileSync(join(root, f), 'module.exports = {};\n');
    }
    execFileSync(process.execPath, ['scripts/build-node.cjs', 'cli'], { cwd: root, stdio: 'pipe' });
    expect(stale.filter((f) => existsSync(join(root, f)))).toEqual([]);
    expect(existsSync(join(root, 'dist/node/libs/rules/src/removed-folder'))).toBe(false);
    expect(existsSync(join(root, 'dist/node/libs/contracts/src/index.js'))).toBe(true);
  });

  it('compiles the service to JavaScript that needs only production dependencies', () => {
    execFileSync(process.execPath, ['scripts/build-node.cjs', 'ingest'], { cwd: root, stdio: 'pipe' });
    const production = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
    const missing: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.js'))
          for (const [, spec] of readFileSync(p, 'utf8').matchAll(/require\("([^".][^"]*)"\)/g)) {
            const name = spec.startsWith('node:') ? spec.slice(5) : spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
            if (!production.has(name)) missing.push(`${p.slice(root.length + 1)}: ${spec}`);
          }
      }
    };
    walk(join(root, 'dist/node'));
    expect(existsSync(join(root, 'dist/node/apps/ingest/src/main.js'))).toBe(true);
    expect(missing).toEqual([]);
  });

  it('builds the image in stages: production dependencies only, compiled output, a non-root user', () => {
    const stages = readFileSync(join(root, 'Dockerfile'), 'utf8').split(/^FROM /m).slice(1);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/^USER (?!root\b|0\b)\S+/m);
    expect(runtime).toMatch(/CMD \[[^\]]*"dist\/node\/apps\/ingest\/src\/main\.js"\]/);
    expect(runtime).not.toMatch(/swc-node|npx nx|vite|\bnpm ci\b(?!.*--omit=dev)/);
    const deps = stages.find((s) => /npm ci --omit=dev/.test(s));
    expect(deps).toBeDefined();
    expect(runtime).toMatch(/COPY --from=\S+ \/app\/node_modules/);
  });
});
