import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The monorepo (or image) root: the nearest directory above this file whose package.json is Vigil's,
 * so the sources (apps/cli/src) and the compiled build (dist/node/apps/cli/src) find the same root.
 */
function findRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'vigil') return dir;
  }
  return resolve(from, '../../..');
}

export const repoRoot = findRoot(__dirname);

/** Small public-data excerpts committed with the repository, with attribution (fixtures/README.md). */
export const fixturesDir = resolve(repoRoot, 'fixtures');

/** Full public data sets fetched by `npm run data:fetch` (git-ignored). */
export const dataDir = resolve(repoRoot, 'data');
