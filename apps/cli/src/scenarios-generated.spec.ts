import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from './repo-root';

/**
 * The scenario streams and expectations that libs/rules/scenarios/generate.py writes are committed as
 * it writes them: a file edited by hand (af-rr-resolves' ward threshold once was) would be lost, or
 * silently changed, the next time someone regenerates. Runs the generator into a scratch folder.
 */
describe('clinical scenarios are what their generator writes', () => {
  it('every file generate.py writes equals the committed one', () => {
    const dir = resolve(repoRoot, 'libs/rules/scenarios');
    const out = mkdtempSync(join(tmpdir(), 'vigil-scenarios-'));
    try {
      execFileSync('python3', [join(dir, 'generate.py'), out], { stdio: 'pipe' });
      const written = readdirSync(out).sort();
      expect(written.length).toBeGreaterThanOrEqual(80);
      const differing = written.filter((f) => readFileSync(join(out, f), 'utf8') !== readFileSync(join(dir, f), 'utf8'));
      expect(differing).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
