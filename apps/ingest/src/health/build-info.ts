import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../common/repo-root';

export interface BuildInfo {
  /** package.json's version. */
  version: string;
  /** The source commit: VIGIL_COMMIT (the image's build argument), the compiled build's build-info.json, or git; else "unknown". */
  commit: string;
}

/** What is running, for `GET /version` and the start-up log line. Read once. */
export function readBuildInfo(commit: string | undefined, root = repoRoot): BuildInfo {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return { version, commit: commit || builtCommit(root) || gitCommit(root) || 'unknown' };
}

function builtCommit(root: string): string | undefined {
  const file = join(root, 'dist/node/build-info.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { commit?: string }).commit;
}

function gitCommit(root: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 2_000 }).toString().trim() || undefined;
  } catch {
    return undefined; // no git (an image, an unpacked archive)
  }
}
