import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root';

/**
 * `vigil --version`: package.json's version and the source commit (VIGIL_COMMIT, the compiled
 * build's build-info.json, or git). The service's GET /version reads the same three sources
 * (apps/ingest/src/health/build-info.ts; an app cannot import another app).
 */
export function versionLine(root = repoRoot, env: NodeJS.ProcessEnv = process.env): string {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const built = join(root, 'dist/node/build-info.json');
  let commit = env.VIGIL_COMMIT || (existsSync(built) ? (JSON.parse(readFileSync(built, 'utf8')) as { commit?: string }).commit : undefined);
  if (!commit) {
    try {
      commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 2_000 }).toString().trim();
    } catch {
      commit = undefined; // no git
    }
  }
  return `vigil ${version} (commit ${commit || 'unknown'}, node ${process.version})\n`;
}
