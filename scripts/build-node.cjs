#!/usr/bin/env node
/**
 * Compiles a Node app (ingest or cli) and the libraries it uses from TypeScript to JavaScript, under
 * dist/node/ with the repository's own layout (dist/node/apps/ingest/src/main.js, dist/node/libs/…),
 * so the compiled service runs with plain `node` and no runtime transpiler. The transform is swc's,
 * the same the sources run through in development (@swc-node/register): CommonJS, legacy decorators
 * with their metadata (Nest's dependency injection reads it); `@vigil/*` imports are rewritten to
 * relative paths from tsconfig.base.json. Type checking is `nx run-many -t typecheck`, not this.
 *
 * usage: node scripts/build-node.cjs ingest|cli
 */
const { readdirSync, mkdirSync, writeFileSync, copyFileSync, rmSync, readFileSync, existsSync } = require('node:fs');
const { join, relative, dirname } = require('node:path');
const { transformFileSync } = require('@swc/core');

const root = join(__dirname, '..');
const APPS = {
  ingest: ['apps/ingest/src', 'libs/contracts/src', 'libs/rules/src', 'libs/interop/src'],
  cli: ['apps/cli/src', 'libs/contracts/src', 'libs/rules/src', 'libs/interop/src'],
};
const app = process.argv[2];
if (!APPS[app]) {
  console.error(`usage: node scripts/build-node.cjs ${Object.keys(APPS).join('|')} (got ${app ?? 'nothing'})`);
  process.exit(2);
}
const out = join(root, 'dist/node');
const paths = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths;
const options = {
  swcrc: false,
  sourceMaps: true,
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
    baseUrl: root,
    paths,
  },
};
// Tests and what only tests use (libs/rules/src/testing: property-test streams, needs fast-check) stay out.
const skip = (name) => /\.(spec|integration-spec|e2e-spec)\.ts$/.test(name) || ['fixtures', 'bench', '__snapshots__', 'testing'].includes(name);

function walk(dir) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) walk(rel);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const target = join(out, rel.replace(/\.ts$/, '.js'));
      const { code, map } = transformFileSync(join(root, rel), { ...options, filename: join(root, rel), sourceFileName: relative(dirname(target), join(root, rel)) });
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, `${code}\n//# sourceMappingURL=${entry.name.replace(/\.ts$/, '.js')}.map\n`);
      writeFileSync(`${target}.map`, map);
      count++;
    } else if (!entry.name.endsWith('.ts') && !entry.name.endsWith('.md')) {
      // Assets next to the code (e.g. the Prisma client's engine files) go along.
      mkdirSync(dirname(join(out, rel)), { recursive: true });
      copyFileSync(join(root, rel), join(out, rel));
    }
  }
}

/** Whether a file under dist/node still has its source: `x.js` and `x.js.map` come from `x.ts`, a copied asset from itself. */
const hasSource = (rel) => existsSync(join(root, rel.replace(/\.js(\.map)?$/, '.ts'))) || existsSync(join(root, rel));

/**
 * Removes what `walk` would not write now: files under dist/node/<dir> whose source is gone or left
 * out (a renamed or deleted library file), and the folders that leaves empty. Only such files, never
 * the whole folder: the other app's build may be writing the same libraries at the same time.
 */
function prune(dir) {
  const abs = join(out, dir);
  if (!existsSync(abs)) return;
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (skip(entry.name) || !existsSync(join(root, rel))) {
        rmSync(join(out, rel), { recursive: true, force: true });
        pruned++;
      } else prune(rel);
    } else {
      if (skip(entry.name.replace(/\.js(\.map)?$/, '.ts')) || !hasSource(rel)) {
        rmSync(join(out, rel), { force: true });
        pruned++;
      }
    }
  }
  if (readdirSync(abs).length === 0) rmSync(abs, { recursive: true, force: true });
}

let count = 0;
let pruned = 0;
const started = Date.now();
// The app's own output starts clean; the libraries' are shared with the other app's build (which may run
// at the same time under nx): overwritten file by file, then rid of what no source stands behind.
rmSync(join(out, APPS[app][0]), { recursive: true, force: true });
for (const dir of APPS[app]) walk(dir);
for (const dir of APPS[app].slice(1)) prune(dir);
if (pruned) console.log(`${app}: removed ${pruned} stale file(s) or folder(s) from ${relative(root, out)}/libs`);
console.log(`${app}: ${count} files compiled to ${relative(root, out)}/ in ${Date.now() - started} ms`);
