import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The checkout (or image) root: the nearest directory above `from` whose package.json is Vigil's.
 * Found by walking up rather than a fixed `../../..`, so the sources (apps/ingest/src) and the
 * compiled build (dist/node/apps/ingest/src) resolve prisma/migrations and the dashboard alike.
 */
export function findRepoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'vigil') return dir;
    if (dirname(dir) === dir) throw new Error(`no Vigil package.json above ${from}`);
  }
}

export const repoRoot = findRepoRoot();
